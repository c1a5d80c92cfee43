"""Template context: the unread count shown in the page header."""

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count_for_user


def unread_count(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count_for_user(user))}
