"""A call's results are published only after its decisions: nothing received is still waiting for one."""

from django.utils.translation import gettext as _

from applications.models import Application, Status
from applications.workflow import PENDING_STATES
from sangaku.workflow import allowed, refused


def call_decided(publication, **_context):
    call = publication.call
    waiting = Application.objects.filter(call=call, status__in=PENDING_STATES).count()
    if waiting:
        return refused(
            "call",
            "call_undecided",
            _("まだ採否が決まっていない申請が %(n)s 件あります。すべて決定してから公開してください。") % {"n": waiting},
        )
    if not Application.objects.filter(call=call, status=Status.ACCEPTED).exists():
        return refused("call", "nothing_adopted", _("この公募には採択された課題がありません。"))
    return allowed()
