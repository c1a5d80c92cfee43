"""Sending a decision letter as a workflow table: draft → sent, by an officer in scope, once."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku.workflow import Transition, Workflow

from .models import DecisionLetter, LetterEvent, LetterStatus


def _may(user, letter, who: str) -> bool:
    from .permissions import may_send

    return may_send(user, letter, who)


def _apply(letter, transition, *, now, update_fields, **_context) -> None:
    if transition.action == "send":
        letter.sent_at = now
        update_fields.append("sent_at")


LETTER_WORKFLOW = Workflow(
    name="decision_letter",
    model=DecisionLetter,
    event_model=LetterEvent,
    event_fk="letter",
    states=LetterStatus,
    may=_may,
    apply=_apply,
    related=("application__call",),
    messages={"not_found": gettext_lazy("通知書が見つかりません。")},
    transitions=[
        Transition(
            "send",
            (LetterStatus.DRAFT,),
            LetterStatus.SENT,
            "officer",
            guards=("application_decided",),
            label=pgettext_lazy("action", "送付"),
        ),
    ],
)
