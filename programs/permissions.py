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
    return user.officer_scope().covers(platform_id=call.platform_id, program_id=call.stage.program_id)
