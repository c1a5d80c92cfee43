"""Publishing and withdrawing a call's results (through the workflow table), and loading them for the demo."""

from django.db import transaction

from programs.permissions import is_officer_for_call
from sangaku.errors import NotFound

from .models import ResultPublication
from .workflow import PUBLICATION_WORKFLOW


def _publication(call_id: int, actor) -> ResultPublication:
    from programs.models import Call

    call = Call.objects.filter(pk=call_id).first()
    if call is None or not is_officer_for_call(actor, call):
        raise NotFound(str(PUBLICATION_WORKFLOW.messages["not_found"]))
    return ResultPublication.objects.get_or_create(call=call)[0]


@transaction.atomic
def results_publish(*, call_id: int, actor, with_amounts: bool = False) -> ResultPublication:
    """Publish the adopted projects of a decided call (a repeat of the same request changes nothing)."""
    publication = _publication(call_id, actor)
    return PUBLICATION_WORKFLOW.run(pk=publication.pk, action="publish", actor=actor, with_amounts=with_amounts)


@transaction.atomic
def results_withdraw(*, call_id: int, actor, note: str) -> ResultPublication:
    """Take a call's results off the public list (the reason is kept in the event)."""
    publication = _publication(call_id, actor)
    return PUBLICATION_WORKFLOW.run(pk=publication.pk, action="withdraw", actor=actor, note=note)
