"""Who may publish or withdraw a call's results: an officer whose scope holds the call, or a director."""

from programs.selectors import officer_scope_q


def is_officer_for_call(user, call) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_director:
        return True
    if not user.is_officer:
        return False
    from programs.models import Call

    scope = officer_scope_q(user, platform_path="platform", program_path="stage__program")
    return Call.objects.filter(scope, pk=call.pk).exists()


def may_publish(user, publication, who: str) -> bool:
    return who == "officer" and is_officer_for_call(user, publication.call)
