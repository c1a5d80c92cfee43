"""Consent for team membership: a person named on a team is invited, and counts for nothing until they accept.

A person with an account gets an in-app notification and an e-mail (the outbox);
a person without one gets an e-mail with a signed link that expires after
INVITATION_MAX_AGE. Opening the link after sign-up or login binds the invitation
to that account (`claim`); the invitee then accepts or declines. Every move is a
row of `MEMBERSHIP_WORKFLOW` and leaves a `MembershipEvent` with actor and time.
"""

import datetime as dt

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku.errors import Invalid
from sangaku.workflow import SYSTEM, Transition, Workflow, allowed, refused, register_guard

from .models import MemberRole, MembershipEvent, MembershipStatus, TeamMember

INVITATION_MAX_AGE = dt.timedelta(days=14)
_SALT = "applications.team-invitation"


class Actor:
    INVITEE = "invitee"  # the person the row names (after the link bound their account)


def _may(user, member, who: str) -> bool:
    return who == Actor.INVITEE and user.is_authenticated and member.user_id == user.pk


def _apply(member, transition, *, actor, update_fields, **_context) -> None:
    if transition.action == "claim":
        member.user = actor
        update_fields.append("user")


def application_not_final(member, **_context):
    from .workflow import FINAL_STATES

    if member.application.status in FINAL_STATES:
        return refused(
            "non_field_errors",
            "application_final",
            _("この申請は既に確定（取下げ・決定）しているため、招待を承諾できません。"),
        )
    return allowed()


def invitation_unclaimed(member, *, actor, **_context):
    if member.user_id is not None and member.user_id != actor.pk:
        return refused("token", "claimed", str(INVALID_LINK))
    return allowed()


INVALID_LINK = gettext_lazy("招待リンクが無効か、有効期限が切れています。申請者に再度の招待を依頼してください。")

MEMBERSHIP_WORKFLOW = Workflow(
    name="membership",
    model=TeamMember,
    event_model=MembershipEvent,
    event_fk="member",
    states=MembershipStatus,
    may=_may,
    related=("application",),
    apply=_apply,
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
            guards=("invitation_unclaimed",),
            label=pgettext_lazy("action", "招待の受取り"),
        ),
        Transition(
            "accept",
            (MembershipStatus.PENDING,),
            MembershipStatus.ACCEPTED,
            Actor.INVITEE,
            guards=("invitation_application_not_final",),
            label=pgettext_lazy("action", "承諾"),
        ),
        Transition(
            "decline",
            (MembershipStatus.PENDING,),
            MembershipStatus.DECLINED,
            Actor.INVITEE,
            label=pgettext_lazy("action", "辞退"),
        ),
    ],
)


def register() -> None:
    register_guard("invitation_application_not_final", application_not_final)
    register_guard("invitation_unclaimed", invitation_unclaimed)


# --- Sending -----------------------------------------------------------------------------------------------------


def invitation_token(member: TeamMember) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(f"{member.pk}:{member.invite_email.lower()}")


def _context(member: TeamMember, *, name: str, link: str, expires: str = "") -> dict:
    application = member.application
    return {
        "name": name,
        "inviter": str(application.applicant),
        "application": application.title or f"#{application.pk}",
        "call": application.call.title,
        "role": str(MemberRole(member.role).label),
        "link": link,
        "expires": expires,
    }


def invitation_send(member: TeamMember) -> None:
    """Tell the named person (after commit): in-app + e-mail to an account, or a signed link to an address."""
    from notifications.services import notify, notify_address

    member.invited_at = timezone.now()
    member.save(update_fields=["invited_at"])
    stamp = int(member.invited_at.timestamp())
    if member.user_id:
        notify(
            recipient=member.user,
            kind="team_invitation",
            context=_context(member, name=str(member.user), link="/"),
            link="/",
            dedup_key=f"team_invitation:member{member.pk}:user{member.user_id}:{stamp}",
        )
    elif member.invite_email:
        expires = timezone.localtime(member.invited_at + INVITATION_MAX_AGE).date().isoformat()
        link = reverse("applications:invitation_join", args=[invitation_token(member)])
        notify_address(
            address=member.invite_email,
            kind="team_invitation",
            context=_context(member, name=member.name, link=link, expires=expires),
            dedup_key=f"team_invitation:member{member.pk}:address:{stamp}",
        )


# --- Answering ---------------------------------------------------------------------------------------------------


def invitation_member_from_token(token: str) -> TeamMember:
    """The invitation a link names, or Invalid (same answer for a forged, expired or used link)."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=INVITATION_MAX_AGE)
        pk, email = value.split(":", 1)
    except (signing.BadSignature, ValueError):
        raise Invalid(str(INVALID_LINK), code="invalid_invitation") from None
    member = TeamMember.objects.select_related("application__call", "application__applicant").filter(pk=pk).first()
    if member is None or member.invite_email.lower() != email or member.status != MembershipStatus.PENDING:
        raise Invalid(str(INVALID_LINK), code="invalid_invitation")
    return member


@transaction.atomic
def invitation_claim(*, token: str, actor) -> TeamMember:
    """Bind an e-mailed invitation to the signed-in account; it stays pending until they accept or decline."""
    member = invitation_member_from_token(token)
    return MEMBERSHIP_WORKFLOW.run(pk=member.pk, action="claim", actor=actor, system=True)


@transaction.atomic
def invitation_answer(*, member_id: int, actor, action: str) -> TeamMember:
    """Accept or decline an invitation (only the invitee; through the workflow table)."""
    if action not in ("accept", "decline"):
        raise Invalid(_("「%(action)s」という操作はありません。") % {"action": action}, code="unknown_action")
    return MEMBERSHIP_WORKFLOW.run(pk=member_id, action=action, actor=actor)
