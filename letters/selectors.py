"""Reads for letters: the facts a letter may quote, the letters a person may read, and the application page's panel."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Q, QuerySet

from applications.selectors import team_application_ids
from programs.selectors import officer_scope_q

from .models import DecisionLetter, LetterStatus, LetterTemplate
from .permissions import may_read_letter
from .wording import DEFAULTS

REVIEWER_NAMES = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def reviewer_comments(application, language: str) -> str:
    """Submitted reviews' comments to the applicant and their per-criterion comments (all applicant-facing),
    anonymised (審査委員A, B, …); comments to officers never."""
    from reviews.models import AssignmentStatus, Review, ReviewStatus

    reviews = (
        Review.objects.filter(assignment__application=application, status=ReviewStatus.SUBMITTED)
        .exclude(assignment__status=AssignmentStatus.WITHDRAWN)
        .order_by("id")
        .values_list("comment_to_applicant", "comments")
    )
    rubric = application.call.stage.rubric
    criteria = list(rubric.criteria.all()) if rubric else []
    english = language == "en"
    who = "Reviewer" if english else "審査委員"
    lines, n = [], 0
    for overall, per_criterion in reviews:
        quoted = [
            (c.label_en if english and c.label_en else c.label, per_criterion[c.code].strip())
            for c in criteria
            if (per_criterion or {}).get(c.code, "").strip()
        ]
        if not overall.strip() and not quoted:
            continue
        lines.append(f"{who} {REVIEWER_NAMES[n % 26]}: {overall.strip()}".rstrip())
        lines.extend(f"  - {label}: {text}" for label, text in quoted)
        n += 1
    return "\n".join(lines) or ("(none)" if english else "（なし）")


def letter_facts(application, *, language: str, reason: str) -> dict:
    from awards.models import Award

    applicant = application.applicant
    call = application.call
    award = Award.objects.filter(application=application).first()
    english = language == "en"
    return {
        "name": (applicant.display_name_en if english else "") or str(applicant),
        "title": application.title,
        "call": (call.title_en if english else "") or call.title,
        "receipt_number": application.receipt_number or "",
        "award_number": award.award_number if award else "",
        "amount": (f"¥{intcomma(award.amount_total)}" if english else f"{intcomma(award.amount_total)} 円")
        if award
        else "",
        "reason": reason.strip(),
        "reviewer_comments": reviewer_comments(application, language),
    }


def template_for(call, outcome: str, language: str) -> tuple[str, str]:
    row = LetterTemplate.objects.filter(call=call, outcome=outcome, language=language).first()
    return (row.subject, row.body) if row else DEFAULTS[(outcome, language)]


def letters_for_user(user) -> QuerySet[DecisionLetter]:
    """Sent letters the person may read: their own side of the application, or officers in scope; never reviewers."""
    letters = DecisionLetter.objects.filter(status=LetterStatus.SENT).select_related("application__call")
    if not user.is_authenticated:
        return letters.none()
    if user.is_director:
        return letters
    mine = Q(application__applicant=user) | Q(application__in=team_application_ids(user))
    if user.is_officer:
        mine |= officer_scope_q(
            user, platform_path="application__call__platform", program_path="application__call__stage__program"
        )
    return letters.filter(mine).distinct()


def letter_panel(user, application) -> dict | None:
    """The application page's 通知書 section: the sent letter for its side, the send link for officers."""
    letter = DecisionLetter.objects.filter(application=application, status=LetterStatus.SENT).first()
    from applications.permissions import is_officer_for
    from applications.workflow import DECIDED_STATES

    officer = is_officer_for(user, application)
    if letter is None and not (officer and application.status in DECIDED_STATES):
        return None
    if letter is not None and not may_read_letter(user, application):
        return None
    return {"template": "letters/_panel.html", "letter": letter, "officer": officer, "application": application}
