"""Scores: weighted means per review and application, per-reviewer calibration, disagreement, rank.

- A review's score is the weighted mean of its criterion scores (weights from
  the rubric's `Criterion.weight`), stored on submit (`Review.weighted_score`).
- An application's raw score is the mean of its reviews' scores (aggregated in
  the database, with the spread max − min).
- Calibration within a call: each reviewer's scores become z-scores against
  that reviewer's own mean and standard deviation within the call, mapped back
  to the scale with the call's overall mean and standard deviation. A lenient
  and a harsh reviewer who order proposals the same way end up agreeing. A
  reviewer with a single review in the call cannot be calibrated; that score
  is used as it is.
- Disagreement: spread above `settings.REVIEW_DISAGREEMENT_THRESHOLD` points.
"""

import statistics
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, Max, Min, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from applications.models import Application, Status
from sangaku.errors import NotFound

from .models import AssignmentStatus, MetaReview, Review, ReviewStatus

RANKED_STATUSES = (
    Status.SUBMITTED,
    Status.SCREENING,
    Status.IN_REVIEW,
    Status.INTERVIEW,
    Status.INFO_REQUESTED,
    Status.ACCEPTED,
    Status.REJECTED,
)


# Later apps add columns to a call's ranking (interviews: interview and combined scores) without this app
# reading their tables: `extension(call, rows) -> None` fills keys on the rows and may reorder them.
RANKING_EXTENSIONS: list = []


def register_ranking_extension(func) -> None:
    if func not in RANKING_EXTENSIONS:
        RANKING_EXTENSIONS.append(func)


def disagreement_threshold() -> float:
    return float(settings.REVIEW_DISAGREEMENT_THRESHOLD)


def weighted_score(scores: dict, criteria) -> float:
    """Weighted mean over the rubric's criteria (all must be present)."""
    total_weight = sum(Decimal(c.weight) for c in criteria)
    total = sum(Decimal(c.weight) * Decimal(int(scores[c.code])) for c in criteria)
    return float(total / total_weight)


def _counted_reviews():
    """Submitted reviews whose assignment still stands (withdrawn/discarded never count)."""
    return Review.objects.filter(status=ReviewStatus.SUBMITTED).exclude(assignment__status=AssignmentStatus.WITHDRAWN)


def counted_review_count(application) -> int:
    """How many reviews of the application count (submitted, assignment not withdrawn)."""
    return _counted_reviews().filter(assignment__application=application).count()


def _calibrate(rows) -> dict[int, float]:
    """rows: (review id, reviewer id, score). Returns calibrated score per review id."""
    values = [score for _rid, _rev, score in rows]
    if len(values) < 2:
        return {rid: score for rid, _rev, score in rows}
    mu, sigma = statistics.fmean(values), statistics.pstdev(values)
    by_reviewer = defaultdict(list)
    for rid, reviewer, score in rows:
        by_reviewer[reviewer].append((rid, score))
    calibrated = {}
    for items in by_reviewer.values():
        scores = [s for _rid, s in items]
        if len(scores) < 2:
            calibrated.update(dict(items))
            continue
        mu_r, sigma_r = statistics.fmean(scores), statistics.pstdev(scores)
        for rid, s in items:
            z = (s - mu_r) / sigma_r if sigma_r > 0 else 0.0
            calibrated[rid] = mu + sigma * z
    return calibrated


def call_ranking(call) -> list[dict]:
    """One row per application of the call, best calibrated score first; unscored ones last."""
    counted = Q(
        assignments__review__status=ReviewStatus.SUBMITTED,
    ) & ~Q(assignments__status=AssignmentStatus.WITHDRAWN)
    latest_meta = MetaReview.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-id")
    applications = list(
        Application.objects.filter(call=call, status__in=RANKED_STATUSES)
        .annotate(
            raw_score=Avg("assignments__review__weighted_score", filter=counted),
            review_count=Count("assignments__review", filter=counted),
            high=Max("assignments__review__weighted_score", filter=counted),
            low=Min("assignments__review__weighted_score", filter=counted),
            assigned_count=Count(
                "assignments",
                filter=Q(
                    assignments__status__in=(
                        AssignmentStatus.INVITED,
                        AssignmentStatus.ACCEPTED,
                        AssignmentStatus.COMPLETED,
                    )
                ),
                distinct=True,
            ),
        )
        .annotate(
            meta_recommendation=Subquery(latest_meta.values("recommendation")[:1]),
            meta_text=Subquery(latest_meta.values("text")[:1]),
        )
        .select_related("applicant", "institution")
        .order_by("id")
    )
    rows = list(
        _counted_reviews()
        .filter(assignment__application__call=call)
        .values_list("id", "assignment__reviewer_id", "weighted_score", "assignment__application_id")
    )
    calibrated = _calibrate([(rid, reviewer, score) for rid, reviewer, score, _app in rows])
    per_app = defaultdict(list)
    for rid, _reviewer, _score, app_id in rows:
        per_app[app_id].append(calibrated[rid])

    threshold = disagreement_threshold()
    result = []
    for app in applications:
        cal = per_app.get(app.pk)
        spread = (app.high - app.low) if app.review_count else None
        result.append(
            {
                "application": app,
                "raw_score": round(app.raw_score, 3) if app.raw_score is not None else None,
                "calibrated_score": round(statistics.fmean(cal), 3) if cal else None,
                "review_count": app.review_count,
                "assigned_count": app.assigned_count,
                "required_count": call.stage.reviewers_per_application,
                "short": app.review_count < call.stage.reviewers_per_application,
                "spread": round(spread, 3) if spread is not None else None,
                "disagreement": bool(spread is not None and spread > threshold),
                "meta_review": _meta_review(app),
            }
        )
    _rank(result, "calibrated_score", "rank")
    _rank(result, "raw_score", "raw_rank")
    result.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["application"].pk))
    for extension in RANKING_EXTENSIONS:
        extension(call, result)
    return result


def _meta_review(app) -> dict | None:
    """The chair's latest meta-review, shown beside the scores (annotated on the ranking query)."""
    from .models import MetaRecommendation

    if not app.meta_recommendation:
        return None
    label = MetaRecommendation(app.meta_recommendation).label
    return {"recommendation": app.meta_recommendation, "label": label, "text": app.meta_text}


def _rank(rows, key: str, target: str) -> None:
    """Competition ranking (1, 2, 2, 4) on a score, best first; unscored rows get None."""
    scored = sorted((r for r in rows if r[key] is not None), key=lambda r: -r[key])
    previous, rank = None, 0
    for position, row in enumerate(scored, start=1):
        if row[key] != previous:
            rank, previous = position, row[key]
        row[target] = rank
    for row in rows:
        row.setdefault(target, None)


def application_scores(application) -> dict:
    """The application's row in its call's ranking, plus each counted review and per-criterion means."""
    from .ranking_store import ranking_row

    row = ranking_row(application)
    if row is None:  # not yet (or never) reviewed: a draft, a withdrawn or an ineligible application
        raise NotFound(_("この申請はまだ審査の対象ではないため、評点はありません。"), code="not_ranked")
    reviews = list(
        _counted_reviews()
        .filter(assignment__application=application)
        .select_related("assignment__reviewer")
        .order_by("submitted_at", "id")
    )
    rows = list(
        _counted_reviews()
        .filter(assignment__application__call=application.call_id)
        .values_list("id", "assignment__reviewer_id", "weighted_score")
    )
    calibrated = _calibrate(rows)
    criteria = list(application.call.stage.rubric.criteria.all()) if application.call.stage.rubric_id else []
    criterion_means = {}
    for c in criteria:
        values = [int(r.scores[c.code]) for r in reviews if c.code in r.scores]
        criterion_means[c.code] = round(statistics.fmean(values), 3) if values else None
    return {
        **row,
        "criterion_means": criterion_means,
        "reviews": [
            {
                "review": r,
                "weighted_score": r.weighted_score,
                "calibrated_score": round(calibrated[r.pk], 3),
            }
            for r in reviews
        ],
    }
