"""The reviewer's scoresheet (評価票): autosaved drafts checked against the rubric, then submitted and locked."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Application, Status
from applications.workflow import DECIDED_STATES
from sangaku import bounds
from sangaku.errors import invalid

from .errors import ReviewStateError, out_of_reach
from .models import Recommendation, Review, ReviewStatus
from .scoring import weighted_score
from .workflow import ASSIGNMENT_WORKFLOW, REVIEW_WORKFLOW


def _criteria(review: Review):
    """The rubric's criteria, read once per review object (saving a draft checks scores, then comments)."""
    if "_criteria" not in review.__dict__:
        rubric = review.assignment.application.call.stage.rubric
        review.__dict__["_criteria"] = list(rubric.criteria.all()) if rubric else []
    return review.__dict__["_criteria"]


def _validate_scores(scores, criteria, *, complete: bool) -> dict:
    clean, errors = _score_errors(scores, criteria, complete=complete)
    if errors:
        raise invalid({"scores": errors})
    return clean


def _score_errors(scores, criteria, *, complete: bool) -> tuple[dict, list[str]]:
    """The valid scores and the messages for the others (an empty list when all is well)."""
    if not isinstance(scores, dict):
        return {}, [_("評点は {観点コード: 点数} の形式で入力してください。")]
    by_code = {c.code: c for c in criteria}
    errors = []
    clean = {}
    for code, value in scores.items():
        criterion = by_code.get(code)
        if criterion is None:
            errors.append(_("「%(code)s」はこの評価基準の観点ではありません。") % {"code": code})
            continue
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().lstrip("-").isdigit():
            errors.append(_("「%(label)s」の評点は整数で入力してください。") % {"label": criterion.label})
            continue
        value = int(value)
        if not criterion.scale_min <= value <= criterion.scale_max:
            errors.append(
                _("「%(label)s」の評点は%(lo)s〜%(hi)sの整数で入力してください。")
                % {"label": criterion.label, "lo": criterion.scale_min, "hi": criterion.scale_max}
            )
            continue
        clean[code] = value
    if complete:
        for c in criteria:
            if c.code not in clean and c.code not in scores:
                errors.append(_("「%(label)s」（%(code)s）の評点がありません。") % {"label": c.label, "code": c.code})
            elif c.code not in clean and scores.get(c.code) in (None, ""):
                errors.append(_("「%(label)s」（%(code)s）の評点がありません。") % {"label": c.label, "code": c.code})
    return clean, errors


def _comment_errors(comments, criteria, *, complete: bool) -> tuple[dict, list[str]]:
    """Per-criterion comments ({criterion code: text}): known codes, text within the bound, and on
    submit a comment wherever the rubric requires one. Blank comments are dropped."""
    if not isinstance(comments, dict):
        return {}, [_("観点別コメントは {観点コード: コメント} の形式で入力してください。")]
    by_code = {c.code: c for c in criteria}
    errors = []
    clean = {}
    for code, text in comments.items():
        criterion = by_code.get(code)
        if criterion is None:
            errors.append(_("「%(code)s」はこの評価基準の観点ではありません。") % {"code": code})
            continue
        if text is None:
            continue
        if not isinstance(text, str):
            errors.append(_("「%(label)s」へのコメントは文字列で入力してください。") % {"label": criterion.label})
            continue
        if len(text) > bounds.COMMENT_MAX:
            errors.append(
                _("「%(label)s」へのコメントは%(max)s文字以内で入力してください。")
                % {"label": criterion.label, "max": bounds.COMMENT_MAX}
            )
            continue
        if text.strip():
            clean[code] = text
    if complete:
        for c in criteria:
            if c.comment_required and c.code not in clean:
                errors.append(_("「%(label)s」へのコメントを入力してください（必須）。") % {"label": c.label})
    return clean, errors


def _own_review_locked(review_id: int, actor) -> Review:
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("assignment__application__call__stage__rubric")
        .filter(pk=review_id, assignment__reviewer=actor)
        .first()
    )
    if review is None or review.status == ReviewStatus.DISCARDED:
        raise out_of_reach()
    _require_application_under_review(review)
    return review


# A review can change only while its application is being reviewed; a decision, a withdrawal or a
# return to draft freezes it (and so the ranking after a decision).
REVIEWABLE_APPLICATION_STATES = (Status.IN_REVIEW, Status.INTERVIEW)


def _require_application_under_review(review: Review) -> None:
    # Lock the application row too: a decision running at the same time waits, or this waits for it.
    status = (
        Application.objects.select_for_update(of=("self",))
        .filter(pk=review.assignment.application_id)
        .values_list("status", flat=True)
        .get()
    )
    if status in REVIEWABLE_APPLICATION_STATES:
        return
    label = Status(status).label
    if status in DECIDED_STATES:
        message = _("この申請は「%(status)s」で決定済みのため、審査結果は変更・提出できません。")
    else:
        message = _(
            "この申請は現在「%(status)s」のため、審査結果は変更・提出できません（書面審査中・面接審査中の申請のみ）。"
        )
    raise ReviewStateError(message % {"status": label}, code="application_not_in_review")


EDITABLE_FIELDS = ("scores", "comments", "comment_to_applicant", "comment_to_officer", "recommendation")


@transaction.atomic
def review_save_draft(*, review_id: int, actor, data: dict) -> Review:
    """Autosave: partial scores allowed, each validated against the rubric. Submitted reviews are locked."""
    review = _own_review_locked(review_id, actor)
    if review.status != ReviewStatus.DRAFT:
        raise ReviewStateError(_("提出済みの審査結果は変更できません。"), code="locked")
    if "scores" in data:
        incoming = data["scores"] or {}
        if isinstance(incoming, dict):  # anything else (a list, a string) is refused by its shape below
            merged = {**review.scores, **incoming}
            incoming = {k: v for k, v in merged.items() if v not in (None, "")}
        review.scores = _validate_scores(incoming, _criteria(review), complete=False)
    if "comments" in data:
        incoming = data["comments"] or {}
        merged = {**review.comments, **incoming} if isinstance(incoming, dict) else incoming
        clean, errors = _comment_errors(merged, _criteria(review), complete=False)
        if errors:
            raise invalid({"comments": errors})
        review.comments = clean
    if "recommendation" in data and data["recommendation"] not in ("", None, *Recommendation.values):
        raise invalid({"recommendation": _("総合判定の値が正しくありません。")})
    for name in ("comment_to_applicant", "comment_to_officer", "recommendation"):
        if name in data:
            setattr(review, name, data[name] or "")
    review.save()
    return review


@transaction.atomic
def review_submit(*, review_id: int, actor) -> Review:
    """Check completeness against the rubric, lock the review and complete the assignment."""
    review = _own_review_locked(review_id, actor)
    if review.status != ReviewStatus.DRAFT:
        raise ReviewStateError(_("この審査結果は既に提出されています。"), code="locked")
    criteria = _criteria(review)
    errors = {}
    clean, score_errors = _score_errors(review.scores, criteria, complete=True)
    if score_errors:
        errors["scores"] = score_errors
    else:
        review.scores = clean
    _clean, comment_errors = _comment_errors(review.comments, criteria, complete=True)
    if comment_errors:
        errors["comments"] = comment_errors
    if not review.recommendation:
        errors["recommendation"] = [_("総合判定を選んでください。")]
    if errors:
        raise invalid(errors)
    review.weighted_score = weighted_score(review.scores, criteria) if criteria else None
    review.save(update_fields=["scores", "weighted_score", "updated_at"])
    review = REVIEW_WORKFLOW.run(pk=review.pk, action="submit", actor=actor)
    ASSIGNMENT_WORKFLOW.run(pk=review.assignment_id, action="complete", actor=actor, system=True)
    return review
