"""Read queries for the catalog, scoped by role."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Call


def officer_scope_q(user, *, platform_path: str, program_path: str) -> Q:
    """Q matching objects inside an officer's platforms or programs.

    `platform_path` / `program_path` are the lookups from the queried model to
    Platform and Program (e.g. "call__platform", "call__stage__program").
    """
    scope = user.officer_scope()
    platform_ids, program_ids = sorted(scope.platform_ids), sorted(scope.program_ids)
    q = Q(pk__in=[])
    if platform_ids:
        q |= Q(**{f"{platform_path}__in": platform_ids})
    if program_ids:
        q |= Q(**{f"{program_path}__in": program_ids})
    return q


def calls_for_user(user) -> QuerySet[Call]:
    """Calls a user may see: published ones for everybody; unpublished for directors and officers in scope."""
    qs = Call.objects.select_related("stage__program", "platform")
    if getattr(user, "is_director", False):
        return qs
    visible = Q(published=True)
    if getattr(user, "is_officer", False):
        visible |= officer_scope_q(user, platform_path="platform", program_path="stage__program")
    return qs.filter(visible)


def open_calls(when=None) -> QuerySet[Call]:
    return (
        Call.objects.open_at(when or timezone.now())
        .select_related("stage__program", "platform")
        .order_by("closes_at", "id")
    )
