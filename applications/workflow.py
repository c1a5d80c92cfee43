"""The application workflow as data.

Each row: action, the states it may start from, the state it leads to, who may
run it, whether a note is required, and the guard (a function name in
`applications.guards`) that must pass. `applications.services.application_transition`
is the one executor. Ask this table what a state means; never parse state names.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop, pgettext_lazy

from .models import Status


class Actor:
    APPLICANT = "applicant"  # the PI who owns the application
    OFFICER = "officer"  # an officer in scope, or a director


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    who: str
    note_required: bool = False
    guard: str | None = None
    label: str = ""  # shown to people (lazy translation)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "submit",
            (Status.DRAFT,),
            Status.SUBMITTED,
            Actor.APPLICANT,
            guard="can_submit",
            label=pgettext_lazy("action", "提出"),
        ),
        Transition(
            "withdraw",
            (Status.DRAFT, Status.SUBMITTED, Status.SCREENING, Status.IN_REVIEW, Status.INTERVIEW),
            Status.WITHDRAWN,
            Actor.APPLICANT,
            label=pgettext_lazy("action", "取下げ"),
        ),
        Transition(
            "return",
            (Status.SUBMITTED, Status.SCREENING),
            Status.DRAFT,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "差戻し"),
        ),
        Transition(
            "screen",
            (Status.SUBMITTED,),
            Status.SCREENING,
            Actor.OFFICER,
            label=pgettext_lazy("action", "形式審査開始"),
        ),
        Transition(
            "reject_ineligible",
            (Status.SCREENING,),
            Status.INELIGIBLE,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "要件不備で不受理"),
        ),
        # Review-side rows: their guards live with the review app (registered in applications.guards).
        Transition(
            "start_review",
            (Status.SCREENING,),
            Status.IN_REVIEW,
            Actor.OFFICER,
            guard="can_start_review",
            label=pgettext_lazy("action", "書面審査開始"),
        ),
        Transition(
            "invite_interview",
            (Status.IN_REVIEW,),
            Status.INTERVIEW,
            Actor.OFFICER,
            guard="stage_uses_interviews",
            label=pgettext_lazy("action", "面接審査へ"),
        ),
        Transition(
            "accept",
            (Status.IN_REVIEW, Status.INTERVIEW),
            Status.ACCEPTED,
            Actor.OFFICER,
            guard="can_accept",
            label=pgettext_lazy("action", "採択"),
        ),
        Transition(
            "reject",
            (Status.IN_REVIEW, Status.INTERVIEW),
            Status.REJECTED,
            Actor.OFFICER,
            label=pgettext_lazy("action", "不採択"),
        ),
    ]
}

# States from which nothing ever changes again.
FINAL_STATES = frozenset({Status.ACCEPTED, Status.REJECTED, Status.INELIGIBLE, Status.WITHDRAWN})


def actions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


# Events that record an edit rather than a state change (written by the draft services).
EDIT_EVENT_LABELS = {
    "create": gettext_noop("作成"),
    "update": gettext_noop("内容の変更"),
    "budget_update": gettext_noop("予算の変更"),
    "budget_delete": gettext_noop("予算行の削除"),
    "member_add": gettext_noop("実施体制に追加"),
    "member_update": gettext_noop("実施体制の変更"),
    "member_remove": gettext_noop("実施体制から削除"),
    "attachment_add": gettext_noop("ファイル添付"),
    "attachment_remove": gettext_noop("添付ファイル削除"),
    "reviewers_assigned": gettext_noop("審査委員の割当"),
}


def event_label(action: str) -> str:
    """Human label of an event's action (a transition's label, or an edit's)."""
    if action in TRANSITIONS:
        return TRANSITIONS[action].label
    return EDIT_EVENT_LABELS.get(action, action)
