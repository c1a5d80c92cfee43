"""Demo interviews on this fiscal year's COI-NEXT 育成型 calls, built through the real services and workflow.

- 地域共創分野: applicant2's hub proposal (submitted by the applications demo) is screened, reviewed by the
  conflict-free COI-NEXT pool reviewers, invited to an interview yesterday, confirmed, held and scored by its
  panel — the officer's ranking shows its document, interview and combined scores, ready for a decision;
- 未来共創分野: applicant's proposal is reviewed the same way and invited to an online interview in five
  days, confirmed, with its panel seated; one more slot is left free.

Idempotent: a call that already holds interviews is left as it is.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.demo import _budget, partner_contacts, partner_join
from applications.demo_files import demo_proposal_rows
from applications.models import Application, Status
from applications.services import (
    application_create_draft,
    application_transition,
    budget_set,
    member_upsert,
    pi_effort_set,
)
from programs.fiscal import JST, fiscal_year_of, start_instant
from programs.models import Call, Institution
from reviews.models import Review
from reviews.services import assignment_accept, assignment_create, review_save_draft, review_submit
from sangaku.errors import DomainError

from .models import Interview
from .services import interview_action, interview_invite, panel_add, panel_score, slot_create

NOTE = "デモ: 審査委員数が揃わないため担当者判断で書面審査を開始"
FUTURE_TITLE = "若手研究者による次世代バイオものづくり共創拠点"
# Document scores per reviewer username (WEIGHTED5: vision, technology, business, team, budget).
DOCUMENT_SCORES = {
    "COI-{fy}-N-REG": {"reviewer3": (4, 4, 3, 4, 4), "reviewer4": (5, 4, 4, 4, 3)},
    "COI-{fy}-N-FUT": {"reviewer3": (4, 5, 4, 3, 4), "reviewer4": (4, 4, 4, 4, 4)},
}
CRITERIA = ("vision", "technology", "business", "team", "budget")


def load(*, today: dt.date, out) -> None:
    User = get_user_model()
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["officer-coinext", "applicant", "reviewer3", "reviewer4"])
    }
    fy = fiscal_year_of(start_instant(today))
    regional = Call.objects.filter(code=f"COI-{fy}-N-REG").select_related("stage").first()
    future = Call.objects.filter(code=f"COI-{fy}-N-FUT").select_related("stage").first()
    officer = people.get("officer-coinext")
    if officer is None or regional is None or future is None or not regional.stage.uses_interviews:
        return
    if Interview.objects.filter(application__call__in=[regional, future]).exists():
        return
    held = Application.objects.filter(call=regional, status=Status.SUBMITTED).order_by("id").first()
    upcoming = _future_application(future, people.get("applicant"))
    made = 0
    now = timezone.now()
    local_today = now.astimezone(JST).date()
    if held is not None:
        _reviewed(held, officer, people, DOCUMENT_SCORES["COI-{fy}-N-REG"])
        yesterday = local_today - dt.timedelta(days=1)
        slot = slot_create(
            call_id=regional.pk, actor=officer, date=yesterday, start_time=dt.time(10), end_time=dt.time(10, 45),
            place="JST東京本部別館 ヒアリング会場A", now=now - dt.timedelta(days=7),
        )  # fmt: skip
        interview = interview_invite(
            application_id=held.pk, slot_id=slot.pk, actor=officer, now=now - dt.timedelta(days=7)
        )
        interview_action(interview_id=interview.pk, action="confirm", actor=held.applicant)
        panel = _panel(interview, officer, people)
        interview_action(interview_id=interview.pk, action="hold", actor=officer)
        for reviewer, scores in zip(panel, ((4, 4, 5), (5, 4, 4)), strict=False):
            panel_score(
                interview_id=interview.pk,
                actor=reviewer,
                scores=dict(zip(("vision", "leadership", "commitment"), scores, strict=True)),
                comment="地域の自治体・企業の参画が具体的で、拠点ビジョンが明確。",
            )
        made += 1
    if upcoming is not None:
        _reviewed(upcoming, officer, people, DOCUMENT_SCORES["COI-{fy}-N-FUT"])
        day = local_today + dt.timedelta(days=5)
        slot = slot_create(
            call_id=future.pk, actor=officer, date=day, start_time=dt.time(14), end_time=dt.time(14, 45),
            meeting_url="https://meet.example.jp/coi-next-hearing", place="オンライン",
        )  # fmt: skip
        interview = interview_invite(application_id=upcoming.pk, slot_id=slot.pk, actor=officer)
        interview_action(interview_id=interview.pk, action="confirm", actor=upcoming.applicant)
        _panel(interview, officer, people)
        slot_create(
            call_id=future.pk, actor=officer, date=day, start_time=dt.time(15), end_time=dt.time(15, 45),
            meeting_url="https://meet.example.jp/coi-next-hearing", place="オンライン",
        )  # fmt: skip
        made += 1
    out.write(f"面接審査デモ: {made}件 / demo interviews: {made}")


def _future_application(call, applicant):
    """applicant's 未来共創分野 proposal: a university as representative, a company and a third institution."""
    if applicant is None or not call.is_open:
        return None
    existing = Application.objects.filter(call=call, applicant=applicant, title=FUTURE_TITLE).first()
    if existing is not None:
        return existing if existing.status == Status.SUBMITTED else None
    application = application_create_draft(
        call=call,
        applicant=applicant,
        title=FUTURE_TITLE,
        summary=f"{FUTURE_TITLE}として、微生物による素材生産の社会実装に向けた共創を行う。",
        keywords="バイオものづくり, 共創拠点, 若手研究者",
        requested_amount=60_000_000,
        duration_months=24,
    )
    pi_effort_set(application_id=application.pk, actor=applicant, effort_percent=30)
    company = Institution.objects.filter(name="みらい素材株式会社").first()
    # The company's contact accepts and confirms participation (COI-NEXT asks for it before the submit).
    partner_join(
        application,
        name="みらい素材株式会社",
        role="participating_institution",
        institution=company,
        contact=partner_contacts()["partner4"],
    )
    member_upsert(
        application_id=application.pk,
        actor=applicant,
        name="東京大学",
        role="participating_institution",
        institution=Institution.objects.filter(name="東京大学").first(),
    )
    budget_set(application_id=application.pk, actor=applicant, amounts=_budget(call, 60_000_000, 24))
    demo_proposal_rows([application])
    return application_transition(application_id=application.pk, action="submit", actor=applicant)


def _reviewed(application, officer, people, scores_by_reviewer) -> None:
    """Screen, assign the conflict-free pool reviewers, start the review (officer's override), submit reviews."""
    application_transition(application_id=application.pk, action="screen", actor=officer)
    assignments = []
    for username in scores_by_reviewer:
        reviewer = people.get(username)
        if reviewer is None:
            continue
        try:
            assignment = assignment_create(application_id=application.pk, reviewer=reviewer, actor=officer)
        except DomainError:  # a conflict of interest: this reviewer does not review it
            continue
        assignment_accept(assignment_id=assignment.pk, actor=reviewer)
        assignments.append((assignment, reviewer, scores_by_reviewer[username]))
    application_transition(
        application_id=application.pk, action="start_review", actor=officer, note=NOTE, override=True
    )
    for assignment, reviewer, scores in assignments:
        review = Review.objects.get(assignment=assignment)
        review_save_draft(
            review_id=review.pk,
            actor=reviewer,
            data={
                "scores": dict(zip(CRITERIA, scores, strict=True)),
                "recommendation": "fund",
                "comment_to_applicant": "拠点構想の具体化に期待します。",
            },
        )
        review_submit(review_id=review.pk, actor=reviewer)


def _panel(interview, officer, people) -> list:
    seated = []
    for username in ("reviewer3", "reviewer4"):
        reviewer = people.get(username)
        if reviewer is None:
            continue
        try:
            panel_add(interview_id=interview.pk, reviewer_id=reviewer.pk, actor=officer)
        except DomainError:  # a conflict of interest: never on the panel
            continue
        seated.append(reviewer)
    return seated
