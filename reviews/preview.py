"""The auto-assignment preview in the officer's terms: each proposed pair with the application's title,
the fit in words and the reviewer's load in the call (already assigned + proposed, against the cap)."""

from collections import Counter

from .models import Assignment, AssignmentStatus

LIVE = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED, AssignmentStatus.COMPLETED)


def fit_level(affinity: float) -> str:
    """高 / 中 / 低 from the cosine fit (0–1); shown beside the number."""
    from django.utils.translation import gettext as _

    if affinity >= 0.15:
        return _("高")
    if affinity >= 0.05:
        return _("中")
    return _("低")


def preview_rows(call, preview) -> list[dict]:
    existing = Counter(
        Assignment.objects.filter(application__call=call, status__in=LIVE).values_list("reviewer_id", flat=True)
    )
    proposed = Counter(item["reviewer"].pk for item in preview.proposal)
    caps = {}
    rows = []
    for item in preview.proposal:
        reviewer = item["reviewer"]
        if reviewer.pk not in caps:
            profile = getattr(reviewer, "reviewer_profile", None)
            caps[reviewer.pk] = profile.max_load_per_call if profile else None
        rows.append(
            {
                **item,
                "fit": fit_level(item["affinity"]),
                "load": existing[reviewer.pk] + proposed[reviewer.pk],
                "existing": existing[reviewer.pk],
                "cap": caps[reviewer.pk],
            }
        )
    return rows
