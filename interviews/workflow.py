"""The interview's workflow as data (`sangaku.workflow`): offered → confirmed / change_requested → … → held → scored.

The officer offers a slot (creating the interview, `services.interview_invite`); the applicant confirms it or
asks for another (with a note); the officer offers another slot (`reoffer`, the slot a parameter), marks the
interview held, or cancels it. When every panelist has scored, the interview is complete (`SYSTEM`).
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku.workflow import SYSTEM, Transition, Workflow

from .models import Interview, InterviewEvent, InterviewStatus


class Actor:
    APPLICANT = "applicant"  # the application's PI
    OFFICER = "officer"  # an officer in scope for the call, or a director
    SYSTEM = SYSTEM


def _may(user, interview, who: str) -> bool:
    from .permissions import interview_actor_may

    return interview_actor_may(user, interview, who)


def _apply(interview, transition, *, note, update_fields, slot=None, **_context) -> None:
    if transition.action == "request_change":
        interview.change_note = note
        update_fields.append("change_note")
    elif transition.action == "reoffer":
        if slot is not None:
            interview.slot = slot
            update_fields.append("slot")
        interview.change_note = ""
        update_fields.append("change_note")


S = InterviewStatus

INTERVIEW_WORKFLOW = Workflow(
    name="interview",
    model=Interview,
    event_model=InterviewEvent,
    event_fk="interview",
    states=InterviewStatus,
    may=_may,
    related=("application__call__stage", "slot"),
    apply=_apply,
    messages={
        "not_found": gettext_lazy("面接審査が見つかりません。"),
        "illegal": gettext_lazy("状態が「%(status)s」の面接審査では「%(label)s」はできません。"),
    },
    transitions=[
        Transition("confirm", (S.OFFERED,), S.CONFIRMED, Actor.APPLICANT, label=pgettext_lazy("action", "日程を確定")),
        Transition(
            "request_change",
            (S.OFFERED, S.CONFIRMED),
            S.CHANGE_REQUESTED,
            Actor.APPLICANT,
            note_required=True,
            label=pgettext_lazy("action", "別の日程を希望"),
        ),
        Transition(
            "reoffer",
            (S.CHANGE_REQUESTED, S.CONFIRMED),
            S.OFFERED,
            Actor.OFFICER,
            label=pgettext_lazy("action", "別の日程を提示"),
        ),
        Transition("hold", (S.CONFIRMED,), S.HELD, Actor.OFFICER, label=pgettext_lazy("action", "実施済みにする")),
        Transition("complete", (S.HELD,), S.SCORED, Actor.SYSTEM, label=pgettext_lazy("action", "採点完了")),
        Transition(
            "cancel",
            (S.OFFERED, S.CHANGE_REQUESTED, S.CONFIRMED),
            S.CANCELLED,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "面接を取消"),
        ),
    ],
)
