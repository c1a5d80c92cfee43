"""What an applicant needs to read before applying to a call: its rules gathered in one place."""

from applications.models import AttachmentKind, MemberRole

from .selectors import calls_for_user


def call_page_context(user, call_id: int) -> dict:
    """Raises Call.DoesNotExist when the call is not visible to the user (unpublished, out of scope)."""
    call = calls_for_user(user).select_related("stage__rubric", "stage__predecessor").get(pk=call_id)
    stage = call.stage
    roles = [MemberRole.PI.label] + [
        MemberRole(role).label for role in (stage.required_team_roles or []) if role != MemberRole.PI
    ]
    return {
        "call": call,
        "stage": stage,
        "required_roles": roles,
        "attachment_kinds": [kind.label for kind in AttachmentKind],
        "criteria": list(stage.rubric.criteria.all()) if stage.rubric_id else [],
        "is_open": call.is_open,
    }
