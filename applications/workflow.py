"""The application workflow as data: one `sangaku.workflow.Workflow` over `Application`.

Each row: action, the states it may start from, the state it leads to, who may
run it, whether a note is required, and the guards (names registered with
`sangaku.workflow.register_guard`) that must pass. `APPLICATION_WORKFLOW.run`
(called by `applications.services.application_transition`) is the one executor.
Ask this table what a state means; never parse state names.
"""

from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from sangaku.workflow import PREVIOUS, SYSTEM, Transition, Workflow

from .models import Application, ApplicationEvent, MembershipEvent, MembershipStatus, Status, TeamMember
from .signals import application_transition_committed, application_transitioned


class Actor:
    APPLICANT = "applicant"  # the PI who owns the application
    OFFICER = "officer"  # an officer in scope, or a director
    RESEARCH_OFFICE = "research_office"  # a research-office user of the applicant's institution (所属機関承認)


def _previous_state(application, transition):
    from .info_requests import previous_state

    return previous_state(application, transition)


def _may(user, application, who: str) -> bool:
    from .permissions import actor_may

    return actor_may(user, application, who)


def _apply(application, transition, *, now, update_fields, **context) -> None:
    """What a move writes besides the state: receipt number and time on submit, the decision time,
    the request for information and its answer (`applications/info_requests.py`)."""
    from .info_requests import apply as apply_info_request
    from .numbering import assign_receipt_number

    apply_info_request(application, transition, now=now, **context)
    update_fields.append("updated_at")
    if transition.action in ("submit", "institution_approve"):  # the funder receives it: receipt number
        if not application.receipt_number:
            assign_receipt_number(application)
            update_fields.append("receipt_number")
        application.submitted_at = now
        update_fields.append("submitted_at")
    if transition.decides:
        application.decided_at = now
        update_fields.append("decided_at")


APPLICATION_WORKFLOW = Workflow(
    name="application",
    model=Application,
    event_model=ApplicationEvent,
    event_fk="application",
    states=Status,
    may=_may,
    related=("call__stage__program", "call__platform"),
    apply=_apply,
    resolve=_previous_state,
    instance_kwarg="application",
    transitioned=application_transitioned,
    committed=application_transition_committed,
    messages={
        "not_found": gettext_lazy("申請が見つかりません。"),
        "forbidden": gettext_lazy("この申請に対して「%(label)s」を行う権限がありません。"),
        "final": gettext_lazy("この申請は「%(status)s」で確定しているため、これ以上変更できません。"),
    },
    transitions=[
        Transition(
            "submit",
            (Status.DRAFT,),
            Status.SUBMITTED,
            Actor.APPLICANT,
            guards=("can_submit", "institution_approval_not_needed"),
            label=pgettext_lazy("action", "提出"),
        ),
        # 所属機関承認: where the stage asks for it and the institution has a research office, the PI's submit
        # (`application_transition(action="submit")` picks this row) goes to the research office first.
        Transition(
            "submit_to_institution",
            (Status.DRAFT,),
            Status.INSTITUTION_REVIEW,
            Actor.APPLICANT,
            guards=("can_submit", "institution_approval_needed"),
            label=pgettext_lazy("action", "所属機関へ提出"),
        ),
        Transition(
            "institution_approve",
            (Status.INSTITUTION_REVIEW,),
            Status.SUBMITTED,
            Actor.RESEARCH_OFFICE,
            label=pgettext_lazy("action", "所属機関承認"),
        ),
        Transition(
            "institution_return",
            (Status.INSTITUTION_REVIEW,),
            Status.DRAFT,
            Actor.RESEARCH_OFFICE,
            note_required=True,
            label=pgettext_lazy("action", "所属機関からの差戻し"),
        ),
        Transition(
            "withdraw",
            (
                Status.DRAFT,
                Status.INSTITUTION_REVIEW,
                Status.SUBMITTED,
                Status.SCREENING,
                Status.IN_REVIEW,
                Status.INTERVIEW,
                Status.INFO_REQUESTED,
            ),
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
            decides=True,
            label=pgettext_lazy("action", "要件不備で不受理"),
        ),
        # 追加資料・回答依頼: the question is the note; the answer returns to the state it was in.
        Transition(
            "request_info",
            (Status.SCREENING, Status.IN_REVIEW),
            Status.INFO_REQUESTED,
            Actor.OFFICER,
            note_required=True,
            guards=("info_request_due",),
            label=pgettext_lazy("action", "追加資料・回答依頼"),
        ),
        Transition(
            "respond_info",
            (Status.INFO_REQUESTED,),
            PREVIOUS,
            Actor.APPLICANT,
            note_required=True,
            guards=("info_request_open",),
            label=pgettext_lazy("action", "依頼への回答"),
        ),
        # Review-side rows: their guards are registered by the review app (ReviewsConfig.ready).
        Transition(
            "start_review",
            (Status.SCREENING,),
            Status.IN_REVIEW,
            Actor.OFFICER,
            guards=("can_start_review",),
            label=pgettext_lazy("action", "書面審査開始"),
        ),
        Transition(
            "invite_interview",
            (Status.IN_REVIEW,),
            Status.INTERVIEW,
            Actor.OFFICER,
            guards=("stage_uses_interviews",),
            label=pgettext_lazy("action", "面接審査へ"),
        ),
        Transition(
            "accept",
            (Status.IN_REVIEW, Status.INTERVIEW),
            Status.ACCEPTED,
            Actor.OFFICER,
            guards=("can_accept", "team_confirmed"),
            decides=True,
            label=pgettext_lazy("action", "採択"),
        ),
        Transition(
            "reject",
            (Status.IN_REVIEW, Status.INTERVIEW),
            Status.REJECTED,
            Actor.OFFICER,
            decides=True,
            label=pgettext_lazy("action", "不採択"),
        ),
    ],
)

TRANSITIONS: dict[str, Transition] = APPLICATION_WORKFLOW.table

# States from which nothing ever changes again (no row starts there).
FINAL_STATES = APPLICATION_WORKFLOW.final_states
# Submitted and not yet final: the application is with the funder's office (derived: open states but the draft
# and the wait for the applicant's own institution, which the funder has not received yet).
PENDING_STATES = tuple(sorted(APPLICATION_WORKFLOW.open_states - {Status.DRAFT, Status.INSTITUTION_REVIEW}))
# States an officer decided (accepted, rejected, ineligible): rows marked `decides`.
DECIDED_STATES = APPLICATION_WORKFLOW.decided_states


def actions_from(status: str) -> list[Transition]:
    return APPLICATION_WORKFLOW.actions_from(status)


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
    "member_access": gettext_noop("共同申請者の権限の変更"),
    "partner_consent": gettext_noop("参画機関の参加確認"),
    "institution_correct": gettext_noop("代表機関の訂正"),
    "reviewers_assigned": gettext_noop("審査委員の割当"),
    "assignment_withdrawn": gettext_noop("審査割当の取消"),
}


def event_label(action: str) -> str:
    """Human label of an event's action (a transition's label, or an edit's)."""
    if action in TRANSITIONS:
        return TRANSITIONS[action].label
    return EDIT_EVENT_LABELS.get(action, action)


# --- Team invitations (consent before anyone counts as a team member; services in applications.invitations) ---


class MembershipActor:
    INVITEE = "invitee"  # the person the row names (after the link bound their account)


def _may_member(user, member, who: str) -> bool:
    return who == MembershipActor.INVITEE and user.is_authenticated and member.user_id == user.pk


def _apply_member(member, transition, *, actor, update_fields, **_context) -> None:
    if transition.action == "claim":
        member.user = actor
        update_fields.append("user")
    if transition.action == "accept":  # researcher identity: the account's 研究者番号 and affiliation
        if not member.researcher_number and member.user.researcher_number:
            member.researcher_number = member.user.researcher_number
            update_fields.append("researcher_number")
        if member.institution_id is None and member.user.affiliation_id:
            member.institution_id = member.user.affiliation_id
            update_fields.append("institution")


MEMBERSHIP_WORKFLOW = Workflow(
    name="membership",
    model=TeamMember,
    event_model=MembershipEvent,
    event_fk="member",
    states=MembershipStatus,
    may=_may_member,
    related=("application",),
    apply=_apply_member,
    messages={
        "not_found": gettext_lazy("招待が見つかりません。"),
        "forbidden": gettext_lazy("この招待に回答できるのは、招待された本人だけです。"),
        "final": gettext_lazy("この招待には既に回答済みです（%(status)s）。"),
    },
    transitions=[
        Transition(
            "claim",
            (MembershipStatus.PENDING,),
            MembershipStatus.PENDING,
            SYSTEM,
            guards=("invitation_unclaimed", "invitation_for_this_address"),
            label=pgettext_lazy("action", "招待の受取り"),
        ),
        Transition(
            "accept",
            (MembershipStatus.PENDING,),
            MembershipStatus.ACCEPTED,
            MembershipActor.INVITEE,
            guards=("invitation_application_not_final",),
            label=pgettext_lazy("action", "承諾"),
        ),
        Transition(
            "decline",
            (MembershipStatus.PENDING,),
            MembershipStatus.DECLINED,
            MembershipActor.INVITEE,
            label=pgettext_lazy("action", "辞退"),
        ),
    ],
)
