"""The small world the authorization matrix is asked about: one call, people in every role, one of each object.

- `applicant` owns an application under review (`app`, with an attachment and a
  budget line) and an award (`award`, with a progress report and its attachment);
- `stranger` is another applicant with nothing here;
- `reviewer` accepted an assignment to `app` (a draft review); `invited` has an
  open invitation to it; `conflicted` has a recorded conflict with it and no
  assignment; `unassigned` is a reviewer with nothing to do with it;
- `app` has a team message with a file (`message_file`) and an answered request for
  information with a file (`info_file`);
- `officer` runs the call's platform (KSAC); `officer_out` runs another (GTIE);
  `director` oversees everything. The award's application has a sent decision letter.
- The award has an interim evaluation under way (`evaluation`) with `reviewer` on its panel, an approved
  配分, a `contract` signed on paper and an `invoice` the holder filed against it.
- `interview_call` (KSAC, a stage with interviews) holds `applicant`'s second application, invited to an
  `interview` (offered) whose panel seats `reviewer`; `conflicted` has a recorded conflict with it.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import BudgetLine, InfoRequest, InfoResponse, InfoResponseFile, TeamMember
from applications.uploads import attachment_add
from awards.services import report_attachment_add
from conversations.services import message_post
from evaluations.services import evaluation_create, evaluation_transition, evaluator_assign
from letters.services import letter_send
from notifications.models import Notification
from reporting.models import PlatformReport
from reviews.models import ConflictOfInterest, Review, ReviewerInvitation
from reviews.services import assignment_accept, assignment_create
from tests.awards.factories import accept, draft, officer_for, open_call, saved, to_review
from tests.factories import InstitutionFactory, UserFactory
from tests.reviews.factories import ReviewerFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PERSONAS = (
    "anonymous",
    "applicant",
    "stranger",
    "invited",
    "reviewer",
    "conflicted",
    "unassigned",
    "officer",
    "officer_out",
    "director",
)


def build_world(catalog) -> dict:
    from accounts.models import Role

    people = {
        "applicant": saved(UserFactory(affiliation=InstitutionFactory(name="京都マトリクス大学"))),
        "stranger": saved(UserFactory(affiliation=InstitutionFactory(name="大阪マトリクス大学"))),
        "invited": saved(ReviewerFactory()),
        "reviewer": saved(ReviewerFactory()),
        "conflicted": saved(ReviewerFactory()),
        "unassigned": saved(ReviewerFactory()),
        "officer": officer_for(platforms=[catalog["platforms"]["KSAC"]]),
        "officer_out": officer_for(platforms=[catalog["platforms"]["GTIE"]]),
        "director": saved(UserFactory(role=Role.DIRECTOR)),
    }
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    applicant, officer = people["applicant"], people["officer"]

    app = draft(call=call, applicant=applicant, title="審査中の課題")
    attachment = attachment_add(
        application_id=app.pk, actor=applicant, uploaded=SimpleUploadedFile("proposal.pdf", PDF, "application/pdf")
    )
    app = to_review(app, officer)
    invited = assignment_create(application_id=app.pk, reviewer=people["invited"], actor=officer)
    accepted = assignment_create(application_id=app.pk, reviewer=people["reviewer"], actor=officer)
    assignment_accept(assignment_id=accepted.pk, actor=people["reviewer"])
    ConflictOfInterest.objects.create(
        reviewer=people["conflicted"], application=app, kind="relative", source="declared"
    )

    # A team message with a file (officer → applicant) and an answered request for information with a file.
    message = message_post(
        application_id=app.pk,
        actor=officer,
        body="ご確認ください",
        visibility="team",
        files=[SimpleUploadedFile("memo.pdf", PDF, "application/pdf")],
    )
    request = InfoRequest.objects.create(
        application=app,
        asked_by=officer,
        question="見積書をください",
        due_at=timezone.now() + dt.timedelta(days=7),
        previous_status=app.status,
        answered_at=timezone.now(),
    )
    response = InfoResponse.objects.create(request=request, author=applicant, body="添付します")
    info_file = InfoResponseFile(response=response, original_name="quote.pdf", size=len(PDF), sha256="0" * 64)
    info_file.content_type = "application/pdf"
    info_file.file.save("quote", SimpleUploadedFile("quote.pdf", PDF), save=True)

    award = accept(draft(call=call, applicant=applicant, title="採択済みの課題"), officer)
    letter = letter_send(application_id=award.application_id, actor=officer)
    report = award.reports.order_by("id").first()
    report_attachment = report_attachment_add(
        report_id=report.pk, actor=applicant, uploaded=SimpleUploadedFile("report.pdf", PDF, "application/pdf")
    )
    # An interim evaluation of the award under way, with `reviewer` on its panel.
    evaluation = evaluation_create(award_id=award.pk, actor=officer, year_index=1)
    evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=officer)
    evaluator_assign(evaluation_id=evaluation.pk, evaluator=people["reviewer"], actor=officer)
    contract, invoice = finance_world(award, applicant, officer)
    notification = Notification.objects.create(
        recipient=applicant, kind="matrix", subject="お知らせ", body="本文", dedup_key="matrix:1"
    )
    platform_report = PlatformReport.objects.create(
        requested_by=officer, status="done", rows=[], generated_at=timezone.now()
    )
    # `unassigned` joined as an external reviewer of the call and has declared conflicts (reviews.external).
    reviewer_invitation = ReviewerInvitation.objects.create(
        call=call, email="external@example.org", name="外部", invited_by=officer, user=people["unassigned"],
        joined_at=timezone.now(), conflicts_declared_at=timezone.now(), status="declared",
    )  # fmt: skip
    interview_call, interview = _interview_world(catalog, people)
    return {
        "people": people,
        "reviewer_invitation": reviewer_invitation,
        "call": call,
        "interview_call": interview_call,
        "interview": interview,
        "app": app,
        "attachment": attachment,
        "budget_line": BudgetLine.objects.filter(application=app).first(),
        "member": TeamMember.objects.get(application=app, user=applicant),
        "invited_assignment": invited,
        "assignment": accepted,
        "review": Review.objects.get(assignment=accepted),
        "award": award,
        "evaluation": evaluation,
        "contract": contract,
        "invoice": invoice,
        "award_app": award.application,
        "letter": letter,
        "report": report,
        "report_attachment": report_attachment,
        "notification": notification,
        "message_file": message.files.get(),
        "info_file": info_file,
        "platform_report": platform_report,
        "program": call.stage.program,
        "stage": call.stage,
        "platform": call.platform,
        "institution": applicant.affiliation,
    }


def finance_world(award, holder, officer):
    """The award's 配分 approved, its contract signed on paper (no research office here) and one invoice filed."""
    from finance import services as finance
    from finance.models import Contract

    lines = [
        {"fiscal_year": b.fiscal_year, "institution": award.application.institution_id, "category": "equipment",
         "amount": b.amount}
        for b in award.budgets.all()
    ]  # fmt: skip
    finance.allocation_save(award_id=award.pk, actor=holder, lines=lines)
    finance.allocation_transition(award_id=award.pk, action="propose", actor=holder)
    finance.allocation_transition(award_id=award.pk, action="approve", actor=officer)
    contract = Contract.objects.filter(award=award).order_by("id").first()
    finance.contract_transition(contract_id=contract.pk, action="send", actor=officer)
    finance.contract_transition(
        contract_id=contract.pk,
        action="record_paper",
        actor=officer,
        signed_copy=SimpleUploadedFile("signed.pdf", PDF, "application/pdf"),
    )
    first = contract.instalments.order_by("sequence").first()
    invoice = finance.invoice_file(contract_id=contract.pk, actor=holder, instalment_id=first.pk, amount=first.amount)
    return contract, invoice


def _interview_world(catalog, people):
    from interviews.services import interview_invite, panel_add, slot_create
    from programs.fiscal import JST
    from programs.models import Stage

    step1 = catalog["stages"]["STEP1"]
    stage = Stage.objects.create(
        program=step1.program,
        order=99,
        code="MATRIX_INTERVIEW",
        name="面接のある段階",
        max_amount=step1.max_amount,
        max_duration_months=step1.max_duration_months,
        uses_interviews=True,
        rubric=step1.rubric,
        interview_rubric=step1.rubric,
    )
    call = open_call(stage=stage, platform=catalog["platforms"]["KSAC"])
    officer = people["officer"]
    app = to_review(draft(call=call, applicant=people["applicant"], title="面接審査中の課題"), officer)
    ConflictOfInterest.objects.create(
        reviewer=people["conflicted"], application=app, kind="relative", source="declared"
    )
    day = (timezone.now().astimezone(JST) + dt.timedelta(days=7)).date()
    slot = slot_create(
        call_id=call.pk, actor=officer, date=day, start_time=dt.time(10), end_time=dt.time(10, 30), place="会議室"
    )
    interview = interview_invite(application_id=app.pk, slot_id=slot.pk, actor=officer)
    panel_add(interview_id=interview.pk, reviewer_id=people["reviewer"].pk, actor=officer)
    return call, interview
