"""Consent for team membership: a person named on a team is invited, and counts for nothing until they accept.

A person with an account gets an in-app notification and an e-mail (the outbox);
a person without one gets an e-mail with a signed link that expires after
INVITATION_MAX_AGE. Opening the link binds the invitation (`claim`) to the signed-in
account whose e-mail address is the one invited (another account is refused, saying so),
or creates that account (`invitation_join`: the person sets a password, like an external
reviewer); the invitee then accepts or declines. Every move is a
row of `applications.workflow.MEMBERSHIP_WORKFLOW` and leaves a `MembershipEvent` with actor and time.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from sangaku.errors import Invalid, Refused, invalid
from sangaku.workflow import allowed, refused, register_guard

from .models import MemberRole, MembershipStatus, TeamMember
from .workflow import FINAL_STATES, MEMBERSHIP_WORKFLOW

INVITATION_MAX_AGE = dt.timedelta(days=14)
_SALT = "applications.team-invitation"


INVALID_LINK = gettext_lazy("招待リンクが無効か、有効期限が切れています。申請者に再度の招待を依頼してください。")


def application_not_final(member, **_context):
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


OTHER_ACCOUNT = gettext_lazy(
    "この招待は別のメールアドレス宛てに送られたものです。招待を受けたメールアドレスのアカウントでサインインし直して"
    "から、このリンクを開いてください。"
)
ACCOUNT_EXISTS = gettext_lazy(
    "このメールアドレスのアカウントは既にあります。サインインしてから、もう一度このリンクを開いてください。"
)


def is_invited_address(member, user) -> bool:
    """The account is the one the e-mailed link was sent to (a link names an address, never an account)."""
    return bool(member.invite_email) and (getattr(user, "email", "") or "").lower() == member.invite_email.lower()


def invitation_for_this_address(member, *, actor, **_context):
    if member.invite_email and not is_invited_address(member, actor):
        return refused("token", "other_account", str(OTHER_ACCOUNT))
    return allowed()


def register() -> None:
    register_guard("invitation_application_not_final", application_not_final)
    register_guard("invitation_unclaimed", invitation_unclaimed)
    register_guard("invitation_for_this_address", invitation_for_this_address)


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


def invitation_member_from_token(token: str, *, for_update: bool = False) -> TeamMember:
    """The invitation a link names, or Invalid (same answer for a forged, expired or used link)."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=INVITATION_MAX_AGE)
        pk, email = value.split(":", 1)
    except (signing.BadSignature, ValueError):
        raise Invalid(str(INVALID_LINK), code="invalid_invitation") from None
    rows = TeamMember.objects.select_related("application__call", "application__applicant", "institution")
    if for_update:
        rows = rows.select_for_update(of=("self",))
    member = rows.filter(pk=pk).first()
    if member is None or member.invite_email.lower() != email or member.status != MembershipStatus.PENDING:
        raise Invalid(str(INVALID_LINK), code="invalid_invitation")
    return member


@transaction.atomic
def invitation_claim(*, token: str, actor) -> TeamMember:
    """Bind an e-mailed invitation to the signed-in account; it stays pending until they accept or decline."""
    member = invitation_member_from_token(token)
    return MEMBERSHIP_WORKFLOW.run(pk=member.pk, action="claim", actor=actor, system=True)


@transaction.atomic
def invitation_join(*, token: str, password: str, display_name: str = "") -> TeamMember:
    """The e-mailed link for a person without an account: create it at the invited address, then bind the invitation.

    The account's e-mail is the invited address (the link proves it); an address that already has an account is
    refused (sign in instead). The invitation stays pending until the new account accepts or declines.
    """
    member = invitation_member_from_token(token, for_update=True)
    User = get_user_model()
    email = member.invite_email.lower()
    if member.user_id or User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email[:150])).exists():
        raise Refused(str(ACCOUNT_EXISTS), code="account_exists")
    name = (display_name or "").strip()[:150] or member.name
    user = User(username=email[:150], email=email, display_name=name, role=Role.APPLICANT)
    if member.institution_id:
        user.affiliation_id = member.institution_id
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise invalid({"password1": [str(m) for m in exc]}) from None
    user.set_password(password)
    user.save()
    return MEMBERSHIP_WORKFLOW.run(pk=member.pk, action="claim", actor=user, system=True)


@transaction.atomic
def invitation_answer(*, member_id: int, actor, action: str) -> TeamMember:
    """Accept or decline an invitation (only the invitee; through the workflow table)."""
    if action not in ("accept", "decline"):
        raise Invalid(_("「%(action)s」という操作はありません。") % {"action": action}, code="unknown_action")
    return MEMBERSHIP_WORKFLOW.run(pk=member_id, action=action, actor=actor)
