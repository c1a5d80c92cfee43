"""Journey: the holder proposes the 配分, the officer approves it and sends the contracts, both institutions'
research offices sign, the award starts, an institution files an invoice, the officer approves it and records
the payment; the platform report shows awarded, contracted and paid."""

import pytest
from playwright.sync_api import expect

from awards.models import Award
from awards.services import award_mark_planned
from finance.models import Contract
from tests.awards.factories import accept, draft, saved
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, users
from tests.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-test-12345"


def _confirm(page, button):
    page.once("dialog", lambda dialog: dialog.accept())
    button.click()


def test_allocation_contracts_signatures_start_invoice_and_payment(page, shot, catalog):
    call, _ = screened_applications([], applicant="applicant")
    people = users()
    officer, holder = people["officer-ksac"], people["applicant"]
    partner = InstitutionFactory(name="大阪経理テスト大学")
    application = draft(
        call=call,
        applicant=holder,
        amount=2_600_000,
        members=[{"name": "大阪 共同", "institution": partner, "role": "co_investigator"}],
    )
    award = accept(application, officer)
    award_mark_planned(award_id=award.pk, actor=officer)
    ro_pi = saved(UserFactory(username="ro-pi", affiliation=holder.affiliation, is_research_office=True))
    ro_partner = saved(UserFactory(username="ro-partner", affiliation=partner, is_research_office=True))
    fy = award.budgets.get().fiscal_year
    pi_inst = holder.affiliation_id

    # The holder enters the 配分 (two institutions) and proposes it.
    login(page, "applicant")
    page.goto(f"{page.base_url}/awards/{award.pk}/")
    page.get_by_role("link", name="配分を入力・確認する").click()
    page.fill(f"input[name='a-{fy}-{pi_inst}-equipment']", "1,500,000")
    page.fill(f"input[name='a-{fy}-{pi_inst}-indirect']", "450,000")
    page.fill(f"input[name='a-{fy}-{partner.pk}-travel']", "500,000")
    page.fill(f"input[name='a-{fy}-{partner.pk}-indirect']", "150,000")
    page.get_by_role("button", name="配分を保存する").click()
    expect(page.get_by_text("配分を保存しました。")).to_be_visible()
    _confirm(page, page.get_by_role("button", name="配分を提出"))
    expect(page.get_by_text("承認待ち").first).to_be_visible()

    # The officer approves it: two contracts are drafted; the officer sends them.
    login(page, "officer-ksac")
    page.goto(f"{page.base_url}/finance/awards/{award.pk}/allocation/")
    _confirm(page, page.get_by_role("button", name="配分を承認"))
    expect(page.get_by_text("配分の状態を変更しました。")).to_be_visible()
    contracts = list(Contract.objects.filter(award=award).order_by("id"))
    assert len(contracts) == 2
    page.goto(f"{page.base_url}/finance/contracts/")
    shot(page, "officer-contracts-board")
    for contract in contracts:
        page.goto(f"{page.base_url}/finance/contracts/{contract.pk}/")
        _confirm(page, page.get_by_role("button", name="機関へ送付"))
        expect(page.get_by_text("契約の状態を変更しました。")).to_be_visible()

    # Starting is refused while a contract is unsigned, naming it.
    page.goto(f"{page.base_url}/awards/{award.pk}/")
    _confirm(page, page.get_by_role("button", name="開始"))
    expect(page.get_by_text(contracts[0].number).first).to_be_visible()

    # Each research office signs its own institution's contract.
    for user, contract in ((ro_pi, contracts[0]), (ro_partner, contracts[1])):
        login(page, user.username, PASSWORD)
        page.goto(f"{page.base_url}/finance/contracts/")
        page.get_by_role("link", name=contract.number).click()
        _confirm(page, page.get_by_role("button", name="契約に署名"))
        expect(page.get_by_text("署名済").first).to_be_visible()

    # The award starts.
    login(page, "officer-ksac")
    page.goto(f"{page.base_url}/awards/{award.pk}/")
    _confirm(page, page.get_by_role("button", name="開始"))
    expect(page.get_by_text("採択課題の状態を変更しました。")).to_be_visible()
    assert Award.objects.get(pk=award.pk).status == "active"

    # The partner institution files an invoice for its first instalment.
    partner_contract = contracts[1]
    first = partner_contract.instalments.order_by("sequence").first()
    login(page, "ro-partner", PASSWORD)
    page.goto(f"{page.base_url}/finance/contracts/{partner_contract.pk}/")
    page.get_by_label("請求額（円）").fill(str(first.amount))
    page.get_by_role("button", name="請求を提出する").click()
    expect(page.get_by_text("請求を提出しました。")).to_be_visible()

    # The officer approves it and records the payment.
    login(page, "officer-ksac")
    page.goto(f"{page.base_url}/finance/contracts/{partner_contract.pk}/")
    _confirm(page, page.get_by_role("button", name="請求を承認"))
    _confirm(page, page.get_by_role("button", name="支払を記録"))
    expect(page.get_by_role("cell", name="支払済", exact=True)).to_be_visible()
    shot(page, "officer-contract-paid")

    # The platform report: awarded, contracted, paid.
    from reporting.services import platform_report_build, platform_report_request

    report = platform_report_request(user=officer)  # built here (the report journey runs it on a worker)
    platform_report_build(report_id=report.pk)
    page.goto(f"{page.base_url}/reporting/dashboard/")
    for header in ("採択額（円）", "契約額（円）", "支払額（円）"):
        expect(page.get_by_role("columnheader", name=header)).to_be_visible()
    expect(page.get_by_role("cell", name=f"{first.amount:,}").first).to_be_visible()
    shot(page, "officer-dashboard-money")
