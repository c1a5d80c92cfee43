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
