"""What an applicant needs to read before applying to a call: its rules gathered in one place."""

from programs.selectors import calls_for_user
from sangaku.conditional import Page, public_page

from .models import AttachmentKind, MemberRole


def call_page_context(user, call_id: int) -> dict:
    """Raises Call.DoesNotExist when the call is not visible to the user (unpublished, out of scope)."""
    call = (
        calls_for_user(user)
        .select_related("stage__rubric", "stage__predecessor", "stage__program", "platform")
        .get(pk=call_id)
    )
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
        "may_export": bool(
            getattr(user, "is_authenticated", False)
            and (user.is_director or (user.is_officer and _in_scope(user, call)))
        ),
    }


def _in_scope(user, call) -> bool:
    from programs.permissions import is_officer_for_call

    return is_officer_for_call(user, call)


@public_page
def call_page(request, pk):
    """The call page (公募要領): description, eligibility, stage rules, rubric, deadline, apply button."""
    from django.http import Http404

    from programs.models import Call
    from programs.templatetags.sangaku import deadline

    try:
        context = call_page_context(request.user, pk)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    # The page says how long is left ("あと3日"): that changes with the clock, not the data.
    return Page("programs/call.html", context, extra=[deadline(context["call"].closes_at)])
