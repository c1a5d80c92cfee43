"""External reviewers (外部審査委員): an officer invites a person from outside the pool by e-mail.

The e-mail carries a signed link (django.core.signing, salted, expiring after
EXTERNAL_INVITATION_MAX_AGE). Opening it creates the account (the person sets a
password) once: a used, forged or expired link is refused with the same message and
creates nothing. The new reviewer then declares conflicts against the call's
applications (titles only) before anything else is shown: until then their profile
is inactive and they are in no pool, so they see no application, no bid list and
no review. The declaration records one `ConflictOfInterest` (source: declared) per
application named, activates the profile and adds them to that call's pool only.
Every step leaves a `ReviewerInvitationEvent` with actor and time: `invite` on creation, then the rows of
`reviews.workflow.REVIEWER_INVITATION_WORKFLOW` (`join`, `declare_conflicts`).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from notifications.services import notify_address
from programs.models import Call, Institution
from sangaku.errors import Invalid, invalid

from .assigning import ASSIGNABLE_STATUSES
from .conflicts import DECLARABLE_KINDS, conflict_record
from .errors import out_of_reach
from .models import (
    ConflictSource,
    ReviewerInvitation,
    ReviewerInvitationEvent,
    ReviewerInvitationStatus,
    ReviewerProfile,
)
from .selectors import calls_for_officer
from .workflow import REVIEWER_INVITATION_WORKFLOW

EXTERNAL_INVITATION_MAX_AGE = dt.timedelta(days=14)
_SALT = "reviews.external-reviewer-invitation"
INVALID_LINK = gettext_lazy(
    "招待リンクが無効か、有効期限が切れているか、既に使用されています。担当者に再度の招待を依頼してください。"
)
LIMITS = {"email": 254, "name": 150, "institution": 200, "expertise": 500}


def _event(invitation, actor, action: str, note: str = "") -> None:
    ReviewerInvitationEvent.objects.create(
        invitation=invitation, actor=actor, action=action, from_status="", to_status="", note=note
    )


def _clean_invitation(data: dict) -> dict:
    errors, clean = {}, {}
    for name, limit in LIMITS.items():
        value = data.get(name, "")
        if not isinstance(value, str):
            errors[name] = [_("文字列で入力してください。")]
            continue
        value = value.strip()
        if len(value) > limit:
            errors[name] = [_("%(max)s文字以内で入力してください。") % {"max": limit}]
        clean[name] = value
    for name in ("email", "name"):
        if name not in errors and not clean.get(name):
            errors[name] = [_("この項目は必須です。")]
    if "email" not in errors:
        try:
            validate_email(clean["email"])
        except ValidationError:
            errors["email"] = [_("メールアドレスの形式が正しくありません。")]
    if "email" not in errors and get_user_model().objects.filter(email__iexact=clean["email"]).exists():
        errors["email"] = [_("このメールアドレスの利用者は既に登録されています。審査委員名簿から割り当ててください。")]
    if errors:
        raise invalid(errors)
    clean["email"] = clean["email"].lower()
    return clean


def invitation_token(invitation: ReviewerInvitation) -> str:
    return signing.TimestampSigner(salt=_SALT).sign(f"{invitation.pk}:{invitation.email}")


@transaction.atomic
def reviewer_invite(*, call_id: int, actor, data: dict) -> ReviewerInvitation:
    """An officer of the call invites an external reviewer; the signed link goes out by e-mail (outbox)."""
    call = calls_for_officer(actor).filter(pk=call_id).first()
    if call is None:
        raise out_of_reach()
    clean = _clean_invitation(data)
    invitation = ReviewerInvitation.objects.create(call=call, invited_by=actor, **clean)
    _event(invitation, actor, "invite", clean["email"])
    link = reverse("reviews:external_join", args=[invitation_token(invitation)])
    expires = timezone.localtime(invitation.created_at + EXTERNAL_INVITATION_MAX_AGE).date().isoformat()
    notify_address(
        address=invitation.email,
        kind="external_reviewer_invitation",
        context={"name": invitation.name, "call": call.title, "inviter": str(actor), "link": link, "expires": expires},
        dedup_key=f"external_reviewer_invitation:{invitation.pk}",
    )
    return invitation


def invitation_from_token(token: str, *, for_update: bool = False) -> ReviewerInvitation:
    """The unused invitation a link names, or Invalid (same answer for forged, expired or used links)."""
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=EXTERNAL_INVITATION_MAX_AGE)
        pk, email = value.split(":", 1)
    except (signing.BadSignature, ValueError):
        raise Invalid(str(INVALID_LINK), code="invalid_invitation") from None
    qs = ReviewerInvitation.objects.select_related("call")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    invitation = qs.filter(pk=pk).first()
    if (
        invitation is None
        or invitation.email != email
        or invitation.user_id is not None
        or invitation.status != ReviewerInvitationStatus.INVITED
    ):
        raise Invalid(str(INVALID_LINK), code="invalid_invitation")
    return invitation


@transaction.atomic
def external_reviewer_join(*, token: str, password: str) -> ReviewerInvitation:
    """The link's one use: create the account and an inactive reviewer profile (no pool yet)."""
    invitation = invitation_from_token(token, for_update=True)
    User = get_user_model()
    taken = Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email[:150])
    if User.objects.filter(taken).exists():
        raise Invalid(str(INVALID_LINK), code="invalid_invitation")
    user = User(
        username=invitation.email[:150], email=invitation.email, display_name=invitation.name, role=Role.REVIEWER
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise invalid({"password": list(exc.messages)}) from None
    user.set_password(password)
    user.save()
    institution = Institution.objects.filter(name=invitation.institution).first() if invitation.institution else None
    ReviewerProfile.objects.create(user=user, institution=institution, expertise=invitation.expertise, active=False)
    invitation.user = user
    invitation.save(update_fields=["user"])
    return REVIEWER_INVITATION_WORKFLOW.run(pk=invitation.pk, action="join", actor=user, system=True)


def pending_declaration(user) -> ReviewerInvitation | None:
    """The external invitation whose conflict declaration this person still owes (None for everyone else)."""
    if not user.is_authenticated:
        return None
    return (
        ReviewerInvitation.objects.select_related("call")
        .filter(user=user, status=ReviewerInvitationStatus.JOINED)
        .order_by("created_at", "id")
        .first()
    )


def declaration_applications(call: Call):
    """What the declaration shows: the call's submitted applications, titles only."""
    return list(call.applications.filter(status__in=ASSIGNABLE_STATUSES).order_by("id").values("id", "title"))


@transaction.atomic
def conflicts_declare(*, invitation_id: int, actor, conflicts: dict) -> ReviewerInvitation:
    """Record the declared conflicts ({application id: kind}), then join the call's pool."""
    invitation = (
        ReviewerInvitation.objects.select_for_update(of=("self",))
        .select_related("call")
        .filter(pk=invitation_id, user=actor)
        .first()
    )
    if invitation is None:
        raise out_of_reach()
    if invitation.status == ReviewerInvitationStatus.DECLARED:
        return invitation
    if not isinstance(conflicts, dict):
        raise invalid({"conflicts": _("利害関係は {申請ID: 種類} の形式で入力してください。")})
    apps = {a["id"]: a for a in declaration_applications(invitation.call)}
    errors, clean = [], {}
    for key, kind in conflicts.items():
        app_id = int(key) if str(key).isdigit() else None
        if app_id not in apps:
            errors.append(_("申請「%(id)s」はこの公募の申請ではありません。") % {"id": key})
        elif kind not in DECLARABLE_KINDS:
            errors.append(_("申請「%(title)s」の利害関係の種類を選んでください。") % {"title": apps[app_id]["title"]})
        else:
            clean[app_id] = kind
    if errors:
        raise invalid({"conflicts": errors})
    from applications.models import Application

    for application in Application.objects.filter(pk__in=list(clean)).order_by("id"):
        conflict_record(
            reviewer=actor,
            application=application,
            kind=clean[application.pk],
            source=ConflictSource.DECLARED,
            note=_("外部審査委員の着任時に申告"),
            actor=actor,
        )
    note = _("%(n)s件の利害関係を申告") % {"n": len(clean)}
    invitation = REVIEWER_INVITATION_WORKFLOW.run(pk=invitation.pk, action="declare_conflicts", actor=actor, note=note)
    profile = ReviewerProfile.objects.get(user=actor)
    profile.calls.add(invitation.call)
    profile.active = True
    profile.save(update_fields=["active"])  # the conflict detection runs on activation (reviews.receivers)
    return invitation


def invitations_of_call(call: Call):
    return ReviewerInvitation.objects.filter(call=call).select_related("invited_by", "user")
