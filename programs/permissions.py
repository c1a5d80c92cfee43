from rest_framework import permissions


class ReadForSignedInWriteForDirectors(permissions.BasePermission):
    """Catalog: any signed-in user reads; only program directors write."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(user.is_director)


def is_officer_for_call(user, call) -> bool:
    """An officer whose platforms or programs hold the call, or a director."""
    if not (user and user.is_authenticated):
        return False
    if user.is_director:
        return True
    if not user.is_officer:
        return False
    scope = user.officer_scope()
    if call.platform_id in scope.platform_ids:
        return True
    return bool(scope.program_ids) and call.stage_id in _stages_of(scope)


def _stages_of(scope) -> frozenset[int]:
    """The stages of the scope's programs, read once per scope (a list checks many calls of a few stages)."""
    stages = scope.__dict__.get("stage_ids")
    if stages is None:
        from .models import Stage

        stages = frozenset(Stage.objects.filter(program_id__in=scope.program_ids).values_list("id", flat=True))
        object.__setattr__(scope, "stage_ids", stages)
    return stages
