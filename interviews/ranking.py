"""The interview columns of a call's ranking (registered on `reviews.scoring` in `InterviewsConfig.ready()`).

For a stage that uses interviews, each row gains:

- `interview_score`: the mean of the panelists' weighted scores (interview rubric), None before any;
- `document_percent` / `interview_percent`: the document review's calibrated score and the interview score
  on a 0–100 scale (0 = the rubric's lowest score, 100 = its highest), so rubrics of different scales combine;
- `combined_score`: `(document_weight × document_percent + interview_weight × interview_percent) / 100`
  with the stage's weights (they add up to 100), present when both scores are;
- `combined_rank`: competition ranking on the combined score (1, 2, 2, 4); rows are then ordered by it,
  rows without a combined score after them in their document order.
"""

import statistics
from collections import defaultdict
from decimal import Decimal

from reviews.scoring import _rank as rank_rows

from .models import InterviewStatus, PanelMember


def scale_of(rubric) -> tuple[float, float] | None:
    """The lowest and highest weighted mean a rubric can give (None without a rubric or criteria)."""
    if rubric is None:
        return None
    criteria = list(rubric.criteria.all())
    total = sum(Decimal(c.weight) for c in criteria)
    if not criteria or total <= 0:
        return None
    lo = sum(Decimal(c.weight) * c.scale_min for c in criteria) / total
    hi = sum(Decimal(c.weight) * c.scale_max for c in criteria) / total
    return float(lo), float(hi)


def percent(score: float | None, scale) -> float | None:
    if score is None or scale is None or scale[1] <= scale[0]:
        return None
    return round((score - scale[0]) / (scale[1] - scale[0]) * 100, 3)


def combined(document_percent, interview_percent, stage) -> float | None:
    if document_percent is None or interview_percent is None:
        return None
    total = stage.document_weight + stage.interview_weight
    return round((stage.document_weight * document_percent + stage.interview_weight * interview_percent) / total, 3)


def interview_scores(call) -> dict[int, float]:
    """Application id → mean of its panelists' weighted scores (cancelled interviews never count)."""
    per_app = defaultdict(list)
    for app_id, score in (
        PanelMember.objects.filter(interview__application__call=call, weighted_score__isnull=False)
        .exclude(interview__status=InterviewStatus.CANCELLED)
        .values_list("interview__application_id", "weighted_score")
    ):
        per_app[app_id].append(score)
    return {app_id: round(statistics.fmean(values), 3) for app_id, values in per_app.items()}


def add_interview_columns(call, rows: list[dict]) -> None:
    stage = call.stage
    if not stage.uses_interviews:
        return
    scores = interview_scores(call)
    document_scale, interview_scale = scale_of(stage.rubric), scale_of(stage.interview_rubric)
    for row in rows:
        row["interview_score"] = scores.get(row["application"].pk)
        row["document_percent"] = percent(row["calibrated_score"], document_scale)
        row["interview_percent"] = percent(row["interview_score"], interview_scale)
        row["combined_score"] = combined(row["document_percent"], row["interview_percent"], stage)
    rank_rows(rows, "combined_score", "combined_rank")
    rows.sort(
        key=lambda r: (
            r["combined_rank"] is None,
            r["combined_rank"] or 0,
            r["rank"] is None,
            r["rank"] or 0,
            r["application"].pk,
        )
    )
