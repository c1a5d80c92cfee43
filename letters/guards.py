"""A letter is sent only for a decided application, and says the decision it was written for."""

from django.utils.translation import gettext as _

from applications.workflow import DECIDED_STATES
from sangaku.workflow import allowed, refused


def application_decided(letter, **_context):
    status = letter.application.status
    if status not in DECIDED_STATES:
        return refused("application", "not_decided", _("採否が決まってから通知書を送付してください。"))
    if status != letter.outcome:
        return refused("outcome", "outcome_changed", _("通知書の結果が申請の現在の結果と一致しません。"))
    return allowed()
