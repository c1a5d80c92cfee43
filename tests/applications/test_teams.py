"""Co-applicants (access edit/read, version check), partner consent, 所属機関承認 and researcher identity."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services
from applications.invitations import invitation_answer
from applications.models import (
    Application,
    ApplicationEvent,
    BudgetCategory,
    MembershipStatus,
    Status,
    TeamMember,
)
from applications.selectors import applications_for_user
from applications.services import WorkflowError
from notifications.models import Notification
from programs.models import InstitutionKind, Stage
from sangaku.errors import Forbidden, Refused
from tests.factories import InstitutionFactory, UserFactory

from .factories import PDF_BYTES, first_budget_year, make_complete

pytestmark = pytest.mark.django_db
API = "/api/v1/applications/"


def _join(application, user, *, role="co_investigator", access="edit", **values) -> TeamMember:
    """Invite `user` through the real service and let them accept."""
    member = services.member_upsert(
        application_id=application.pk,
        actor=application.applicant,
        name=str(user),
        role=role,
        user_id=user.pk,
        access=access,
        **values,
    )
    invitation_answer(member_id=member.pk, actor=user, action="accept")
    member.refresh_from_db()
    return member


def _budget(application, actor, amount, *, version=None):
    year = first_budget_year(application.call)
    return services.budget_set(
        application_id=application.pk,
        actor=actor,
        amounts={(year, BudgetCategory.EQUIPMENT.value): amount},
        version=version,
    )


# --- Co-applicants -------------------------------------------------------------------------------------------


def test_a_co_pi_edits_content_budget_and_files_but_cannot_submit_withdraw_or_change_the_team(world):
    application = make_complete(world["call"], world["owner"])
    co_pi = UserFactory(researcher_number="12345678")
    _join(application, co_pi, access="edit")

    services.application_update_draft(application_id=application.pk, actor=co_pi, summary="共同申請者が書いた概要")
    _budget(application, co_pi, 2_500_000)
    services.attachment_add(
        application_id=application.pk, actor=co_pi, uploaded=SimpleUploadedFile("図.pdf", PDF_BYTES), kind="other"
    )
    application.refresh_from_db()
    assert application.summary == "共同申請者が書いた概要"
    edits = ApplicationEvent.objects.filter(application=application, actor=co_pi)
    assert set(edits.values_list("action", flat=True)) == {"update", "budget_update", "attachment_add"}

    for action in ("submit", "withdraw"):
        with pytest.raises(Forbidden):
            services.application_transition(application_id=application.pk, action=action, actor=co_pi)
    with pytest.raises(Forbidden):
        services.member_upsert(application_id=application.pk, actor=co_pi, name="勝手な追加", role="co_investigator")
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


def test_a_reading_member_sees_the_application_but_cannot_edit_it(world):
    application = make_complete(world["call"], world["owner"])
    reader = UserFactory()
    _join(application, reader, role="co_investigator", access="read")
    assert applications_for_user(reader).filter(pk=application.pk).exists()
    with pytest.raises(Forbidden):
        services.application_update_draft(application_id=application.pk, actor=reader, title="変更")
    assert Application.objects.get(pk=application.pk).title == "テスト課題"


def test_a_pending_invitee_cannot_edit_even_with_edit_access(world):
    application = make_complete(world["call"], world["owner"])
    invitee = UserFactory()
    services.member_upsert(
        application_id=application.pk,
        actor=world["owner"],
        name="招待中",
        role="co_investigator",
        user_id=invitee.pk,
        access="edit",
    )
    with pytest.raises(Forbidden):
        services.application_update_draft(application_id=application.pk, actor=invitee, title="変更")


def test_concurrent_edits_are_detected_and_the_stale_write_changes_nothing(world):
    application = make_complete(world["call"], world["owner"])
    co_pi = UserFactory()
    _join(application, co_pi, access="edit")
    loaded = Application.objects.get(pk=application.pk).version  # both open the form at this version
    services.application_update_draft(
        application_id=application.pk, actor=world["owner"], title="代表者の課題名", version=loaded
    )
    with pytest.raises(Refused) as info:
        services.application_update_draft(
            application_id=application.pk, actor=co_pi, title="共同申請者の課題名", version=loaded
        )
    assert info.value.status_code == 409 and info.value.code == "stale_version"
    assert "別の人が更新しました" in info.value.message
    assert Application.objects.get(pk=application.pk).title == "代表者の課題名"


def test_the_api_returns_the_version_and_refuses_a_stale_patch_with_409(world, api_client):
    application = make_complete(world["call"], world["owner"])
    co_pi = UserFactory()
    _join(application, co_pi, access="edit")
    api_client.force_authenticate(world["owner"])
    version = api_client.get(f"{API}{application.pk}/").json()["version"]
    ok = api_client.patch(f"{API}{application.pk}/", {"title": "新しい課題名", "version": version}, format="json")
    assert ok.status_code == 200 and ok.json()["version"] == version + 1
    api_client.force_authenticate(co_pi)
    stale = api_client.patch(
        f"{API}{application.pk}/", {"title": "古い版からの変更", "version": version}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    stale_line = api_client.post(
        f"{API}{application.pk}/budget-lines/",
        {"fiscal_year": first_budget_year(application.call), "category": "travel", "amount": 1, "version": version},
        format="json",
    )
    assert stale_line.status_code == 409
    assert Application.objects.get(pk=application.pk).title == "新しい課題名"
    assert not application.budget_lines.filter(category="travel").exists()


def test_the_pi_sets_access_on_the_wire(world, api_client):
    application = make_complete(world["call"], world["owner"])
    api_client.force_authenticate(world["owner"])
    body = {"name": "共同 研究者", "role": "co_investigator", "access": "edit", "researcher_number": "87654321"}
    response = api_client.post(f"{API}{application.pk}/members/", body, format="json")
    assert response.status_code == 201
    assert response.json()["access"] == "edit" and response.json()["researcher_number"] == "87654321"
    bad = api_client.post(f"{API}{application.pk}/members/", {**body, "researcher_number": "1234"}, format="json")
    assert bad.status_code == 400 and "researcher_number" in bad.json()["errors"]


def test_members_are_told_of_moves_by_role(world, django_capture_on_commit_callbacks):
    application = make_complete(world["call"], world["owner"])
    co_pi = UserFactory()
    _join(application, co_pi, access="edit")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert Notification.objects.filter(recipient=co_pi, kind="team_application_status").count() == 1
    assert not Notification.objects.filter(recipient=world["owner"], kind="team_application_status").exists()


# --- Partner consent -----------------------------------------------------------------------------------------


@pytest.fixture
def partner_stage(world):
    Stage.objects.filter(pk=world["stage"].pk).update(partner_consent_required=True, partner_contribution_required=True)
    world["call"].refresh_from_db()
    return world


def test_submission_waits_for_every_required_consent_naming_who_is_missing(partner_stage):
    world = partner_stage
    application = make_complete(world["call"], world["owner"])
    company = InstitutionFactory(name="株式会社テスト素材", kind=InstitutionKind.COMPANY)
    contact = UserFactory(display_name="企業 担当")
    member = _join(application, contact, role="participating_institution", access="read", institution=company)

    with pytest.raises(WorkflowError) as info:
        services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    messages = [str(p.message) for p in info.value.problems]
    assert any("株式会社テスト素材" in m and "参加確認がまだ" in m for m in messages)

    with pytest.raises(WorkflowError):  # the stage asks for the contribution and the letter
        services.partner_consent(application_id=application.pk, member_id=member.pk, actor=contact)
    with pytest.raises(Forbidden):  # only the named contact confirms
        services.partner_consent(
            application_id=application.pk, member_id=member.pk, actor=world["owner"], contribution={"2025": 1}
        )
    year = str(first_budget_year(application.call))
    services.partner_consent(
        application_id=application.pk,
        member_id=member.pk,
        actor=contact,
        contribution={year: 1_000_000},
        letter=SimpleUploadedFile("承諾書.pdf", PDF_BYTES),
    )
    member.refresh_from_db()
    assert member.consented_by == contact and member.contribution == {year: 1_000_000}
    assert member.consent_letter.kind == "letter"
    assert ApplicationEvent.objects.filter(application=application, action="partner_consent", actor=contact).exists()
    submitted = services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert submitted.status == Status.SUBMITTED


# --- 所属機関承認 --------------------------------------------------------------------------------------------


@pytest.fixture
def approval_stage(world):
    Stage.objects.filter(pk=world["stage"].pk).update(institution_approval_required=True)
    world["call"].refresh_from_db()
    return world


def test_submit_goes_to_the_research_office_which_approves_and_the_funder_gets_the_receipt(
    approval_stage, django_capture_on_commit_callbacks
):
    world = approval_stage
    application = make_complete(world["call"], world["owner"])
    office = UserFactory(is_research_office=True, affiliation=application.institution)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert waiting.status == Status.INSTITUTION_REVIEW and waiting.receipt_number is None
    assert Notification.objects.filter(recipient=office, kind="institution_review").count() == 1
    assert not applications_for_user(world["officer"]).filter(pk=application.pk, status__in=["submitted"]).exists()

    with pytest.raises(Forbidden):  # the PI cannot approve their own application
        services.application_transition(
            application_id=application.pk, action="institution_approve", actor=world["owner"]
        )
    approved = services.application_transition(
        application_id=application.pk, action="institution_approve", actor=office
    )
    assert approved.status == Status.SUBMITTED and approved.receipt_number and approved.submitted_at


def test_the_research_office_returns_with_a_note_back_to_draft(approval_stage):
    world = approval_stage
    application = make_complete(world["call"], world["owner"])
    office = UserFactory(is_research_office=True, affiliation=application.institution)
    services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    with pytest.raises(WorkflowError):  # a note is required
        services.application_transition(application_id=application.pk, action="institution_return", actor=office)
    returned = services.application_transition(
        application_id=application.pk, action="institution_return", actor=office, note="予算の根拠を補足してください"
    )
    assert returned.status == Status.DRAFT
    event = ApplicationEvent.objects.filter(application=application).latest("id")
    assert (event.action, event.note, event.actor) == ("institution_return", "予算の根拠を補足してください", office)


def test_an_institution_without_a_research_office_skips_the_step(approval_stage):
    world = approval_stage
    application = make_complete(world["call"], world["owner"])
    UserFactory(is_research_office=True)  # another institution's office changes nothing
    submitted = services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert submitted.status == Status.SUBMITTED and submitted.receipt_number


def test_the_research_office_sees_only_its_own_institutions_applications(approval_stage, client):
    world = approval_stage
    mine = make_complete(world["call"], world["owner"])
    theirs = make_complete(world["call"], world["other"], title="他機関の課題")
    office = UserFactory(is_research_office=True, affiliation=mine.institution)
    UserFactory(is_research_office=True, affiliation=theirs.institution)
    for application, applicant in ((mine, world["owner"]), (theirs, world["other"])):
        services.application_transition(application_id=application.pk, action="submit", actor=applicant)
    visible = set(applications_for_user(office).values_list("pk", flat=True))
    assert mine.pk in visible and theirs.pk not in visible
    office.set_password("pw-test-12345")
    office.save()
    client.force_login(office)
    assert client.get(f"/applications/{mine.pk}/").status_code == 200
    assert client.get(f"/applications/{theirs.pk}/").status_code == 404
    draft = make_complete(world["call"], world["owner"], title="まだ下書き")
    assert client.get(f"/applications/{draft.pk}/").status_code == 404  # drafts stay private
    queue = client.get("/applications/mine/").content.decode()
    assert "所属機関の承認待ちの申請" in queue and mine.title in queue and "他機関の課題" not in queue
    # The header names the office as such, not as an applicant.
    assert f"{office}（所属機関の研究推進担当）" in queue and f"{office}（申請者）" not in queue
    assert "受付中の公募から申請できます" not in queue  # the office is not invited to apply


# --- Researcher identity and effort ------------------------------------------------------------------------


def test_accepting_takes_the_researcher_number_and_affiliation_from_the_account(world):
    application = make_complete(world["call"], world["owner"])
    researcher = UserFactory(researcher_number="11112222")
    member = _join(application, researcher)
    assert member.researcher_number == "11112222" and member.institution_id == researcher.affiliation_id


def test_effort_checks_count_only_accepted_memberships(world):
    from awards.checks import application_checks

    person = UserFactory(researcher_number="33334444")
    this = make_complete(world["call"], world["owner"], title="この申請")
    _join(this, person, access="read", effort_percent=60)
    accepted_elsewhere = make_complete(world["call"], world["other"], title="承諾した別の申請")
    _join(accepted_elsewhere, person, access="read", effort_percent=30)
    services.application_transition(application_id=accepted_elsewhere.pk, action="submit", actor=world["other"])
    pending_elsewhere = make_complete(world["call"], UserFactory(), title="未承諾の別の申請")
    services.application_transition(
        application_id=pending_elsewhere.pk, action="submit", actor=pending_elsewhere.applicant
    )
    # A row still pending on a submitted application (written before submit refused pending rows).
    TeamMember.objects.create(
        application=pending_elsewhere, name="招待だけ", role="co_investigator", user=person, effort_percent=50
    )
    assert TeamMember.objects.get(application=pending_elsewhere, user=person).status == MembershipStatus.PENDING

    checks = application_checks(this)
    row = next(p for p in checks.people if p.user_id == person.pk)
    assert [p.id for p in row.projects] == [accepted_elsewhere.pk]
    assert row.effort_total == 90 and not row.over_limit
    assert row.researcher_number == "33334444"


# --- Team rules that hold: only accepted rows count -----------------------------------------------------------


@pytest.fixture
def joint_stage(world):
    """A Step-2-like stage: a commercialisation partner whose contact confirms, and the PI's effort stated."""
    Stage.objects.filter(pk=world["stage"].pk).update(
        required_team_roles=["pi", "commercialisation_partner"], partner_consent_required=True, pi_effort_required=True
    )
    world["call"].refresh_from_db()
    return world


def _invite(application, *, name, role, **person):
    return services.member_upsert(
        application_id=application.pk, actor=application.applicant, name=name, role=role, **person
    )


def test_the_check_page_names_each_pending_invitation_and_submit_is_refused(joint_stage, client):
    world = joint_stage
    application = make_complete(world["call"], world["owner"])
    services.pi_effort_set(application_id=application.pk, actor=world["owner"], effort_percent=40)
    _invite(application, name="事業化 担当", role="commercialisation_partner", email="partner@example.co.jp")
    _invite(application, name="共同 研究者", role="co_investigator", user_id=world["other"].pk)
    client.force_login(world["owner"])
    page = client.get(f"/applications/{application.pk}/submit/").content.decode()
    assert "問題は見つかりませんでした" not in page
    assert "事業化 担当（事業化推進機関）がまだ招待を承諾していません" in page
    assert "共同 研究者（共同研究者）がまだ招待を承諾していません" in page
    assert "「事業化推進機関」を実施体制に含める必要があります" in page  # a pending partner holds no role
    refused = client.post(f"/applications/{application.pk}/submit/")
    assert refused.status_code == 400 and "共同 研究者（共同研究者）" in refused.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT


def test_an_application_whose_required_partner_and_co_investigator_never_accepted_is_not_accepted(joint_stage):
    """Rows left pending on a submitted application (as today's data holds): the officer's accept is refused."""
    from tests.applications.factories import ReviewableApplicationFactory

    world = joint_stage
    application = ReviewableApplicationFactory(call=world["call"], applicant=world["owner"], status=Status.IN_REVIEW)
    partner_org = InstitutionFactory(name="事業化推進株式会社", kind=InstitutionKind.VC)
    TeamMember.objects.create(
        application=application, name="事業化推進株式会社", role="commercialisation_partner",
        institution=partner_org, invite_email="vc@example.co.jp",
    )  # fmt: skip
    TeamMember.objects.create(application=application, name="共同 研究者", role="co_investigator", user=world["other"])
    with pytest.raises(WorkflowError) as info:
        services.application_transition(
            application_id=application.pk, action="accept", actor=world["officer"], note="審査を経ず", override=True
        )
    messages = [str(p.message) for p in info.value.problems]
    assert any("事業化推進株式会社（事業化推進機関）がまだ招待を承諾していません" in m for m in messages)
    assert any("共同 研究者（共同研究者）" in m for m in messages)
    assert any("研究代表者のエフォート" in m for m in messages)  # the PI's effort is empty
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW


def test_a_second_pi_is_refused_on_the_page_and_the_api_and_the_form_starts_at_co_investigator(
    world, client, api_client
):
    application = make_complete(world["call"], world["owner"])
    client.force_login(world["owner"])
    edit = client.get(f"/applications/{application.pk}/edit/").content.decode()
    assert '<option value="co_investigator" selected>' in edit
    page = client.post(
        f"/applications/{application.pk}/edit/",
        {"section": "member", "member-name": "二人目", "member-role": "pi", "member-effort_percent": "10"},
    )
    assert page.status_code == 400 and "研究代表者は1申請に1名だけです" in page.content.decode()
    api_client.force_authenticate(world["owner"])
    response = api_client.post(f"{API}{application.pk}/members/", {"name": "二人目", "role": "pi"}, format="json")
    assert response.status_code == 400 and "研究代表者は1申請に1名だけです" in str(response.json())
    assert list(application.members.values_list("role", flat=True)) == ["pi"]


def test_the_pi_states_their_effort_where_the_stage_asks_before_submitting(world, client):
    Stage.objects.filter(pk=world["stage"].pk).update(pi_effort_required=True)
    application = make_complete(world["call"], world["owner"])
    with pytest.raises(WorkflowError) as info:
        services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert [p.code for p in info.value.problems] == ["pi_effort_missing"]
    client.force_login(world["owner"])
    saved = client.post(f"/applications/{application.pk}/edit/", {"section": "pi_effort", "pi-effort_percent": "35"})
    assert saved.status_code == 302
    assert application.members.get(role="pi").effort_percent == 35
    submitted = services.application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert submitted.status == Status.SUBMITTED
