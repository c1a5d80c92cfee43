"""The finance API and pages, scoped like the award: holder and team read; a research office its own
institution only (others 404); officers in scope; directors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from finance.models import Contract

from .conftest import sign_all, split

pytestmark = pytest.mark.django_db


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_the_holder_saves_and_proposes_the_allocation_through_the_api_and_the_officer_approves(
    api_client, award, people
):
    url = f"/api/v1/awards/{award.pk}/allocation/"
    bad = split(award, people)
    bad[0]["amount"] += 1000
    client = _as(api_client, people["holder"])
    assert client.put(url, {"lines": bad}, format="json").status_code == 200
    refused = client.post(url + "actions/propose/", {}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["lines"][0].startswith("年度別採択額との一致")
    assert client.put(url, {"lines": split(award, people)}, format="json").json()["problems"] == []
    assert client.post(url + "actions/propose/", {}, format="json").json()["status"] == "proposed"
    officer = _as(api_client, people["officer"])
    assert officer.post(url + "actions/approve/", {}, format="json").json()["status"] == "approved"
    contracts = officer.get("/api/v1/contracts/", {"award": award.pk}).json()["results"]
    assert len(contracts) == 2 and {c["status"] for c in contracts} == {"draft"}


def test_a_research_office_sees_and_signs_only_its_own_institutions_contracts(api_client, approved, people):
    partner = Contract.objects.get(award=approved, institution=people["partner"])
    pi = Contract.objects.get(award=approved, institution=people["pi_inst"])
    officer = _as(api_client, people["officer"])
    for contract in (partner, pi):
        assert officer.post(f"/api/v1/contracts/{contract.pk}/actions/send/", {}, format="json").status_code == 200
    client = _as(api_client, people["ro_partner"])
    listed = client.get("/api/v1/contracts/").json()["results"]
    assert [c["number"] for c in listed] == [partner.number]
    assert client.post(f"/api/v1/contracts/{pi.pk}/actions/sign/", {}, format="json").status_code == 404
    assert client.get(f"/api/v1/contracts/{pi.pk}/").status_code == 404
    assert client.post(f"/api/v1/contracts/{partner.pk}/actions/sign/", {}, format="json").json()["status"] == "signed"
    rows = client.get(f"/api/v1/awards/{approved.pk}/allocation/").json()["lines"]
    assert {r["institution_name"] for r in rows} == {"大阪経理大学"}
    other = _as(api_client, people["ro_other"])
    assert other.get(f"/api/v1/contracts/{partner.pk}/").status_code == 404
    assert other.get(f"/api/v1/awards/{approved.pk}/allocation/").status_code == 404
    outsider = _as(api_client, people["officer_out"])
    assert outsider.get(f"/api/v1/contracts/{partner.pk}/").status_code == 404
    assert _as(api_client, people["director"]).get(f"/api/v1/contracts/{partner.pk}/").status_code == 200
    holder = _as(api_client, people["holder"])
    assert holder.get(f"/api/v1/contracts/{partner.pk}/").status_code == 200
    assert holder.post(f"/api/v1/contracts/{pi.pk}/actions/sign/", {}, format="json").status_code == 403


def test_invoice_through_the_api_refused_above_the_remainder_then_approved_and_paid(api_client, approved, people):
    from awards.workflow import AWARD_WORKFLOW

    sign_all(approved, people)
    AWARD_WORKFLOW.run(pk=approved.pk, action="start", actor=people["officer"])
    contract = Contract.objects.get(award=approved, institution=people["partner"])
    first = contract.instalments.first()
    client = _as(api_client, people["ro_partner"])
    url = f"/api/v1/contracts/{contract.pk}/invoices/"
    over = client.post(url, {"instalment": first.pk, "amount": contract.amount + 1}, format="json")
    assert over.status_code == 409 and "amount" in over.json()["errors"]
    made = client.post(url, {"instalment": first.pk, "amount": first.amount}, format="json")
    assert made.status_code == 201
    invoice = made.json()["id"]
    officer = _as(api_client, people["officer"])
    assert (
        officer.post(f"/api/v1/invoices/{invoice}/actions/approve/", {}, format="json").json()["status"] == "approved"
    )
    no_date = officer.post(f"/api/v1/invoices/{invoice}/actions/pay/", {}, format="json")
    assert no_date.status_code == 400 and "paid_on" in no_date.json()["errors"]
    paid = officer.post(f"/api/v1/invoices/{invoice}/actions/pay/", {"paid_on": "2025-05-01"}, format="json")
    assert paid.json()["status"] == "paid"
    plan = client.get(f"/api/v1/contracts/{contract.pk}/payment-plan/").json()
    assert plan[0]["paid_amount"] == first.amount


def test_the_officer_records_a_paper_copy_only_where_the_institution_has_no_research_office(client, approved, people):
    contract = Contract.objects.get(award=approved, institution=people["partner"])
    client.force_login(people["officer"])
    client.post(f"/finance/contracts/{contract.pk}/actions/send/", {"confirm": "yes"})
    copy = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    client.post(f"/finance/contracts/{contract.pk}/actions/record_paper/", {"confirm": "yes", "signed_copy": copy})
    contract.refresh_from_db()
    assert contract.status == "sent"  # the partner has a research office: it signs itself
    people["ro_partner"].is_active = False
    people["ro_partner"].save()
    copy.seek(0)
    client.post(f"/finance/contracts/{contract.pk}/actions/record_paper/", {"confirm": "yes", "signed_copy": copy})
    contract.refresh_from_db()
    assert contract.status == "signed" and contract.signed_copy_name == "signed.pdf"


def test_pages_show_the_section_the_board_and_the_contract_in_japanese(client, approved, people):
    contract = Contract.objects.get(award=approved, institution=people["partner"])
    client.force_login(people["holder"])
    page = client.get(f"/awards/{approved.pk}/").content.decode()
    assert "配分・委託研究契約・支払" in page and contract.number in page and "作成中" in page
    assert "equipment" not in page and "draft" not in page
    client.force_login(people["officer"])
    board = client.get("/finance/contracts/").content.decode()
    assert contract.number in board and "未署名" in board
    detail = client.get(f"/finance/contracts/{contract.pk}/").content.decode()
    assert "旅費" in detail and "機関へ送付" in detail and "travel" not in detail
    # Without confirm the irreversible move asks first and changes nothing.
    asked = client.post(f"/finance/contracts/{contract.pk}/actions/cancel/", {"note": "誤り"})
    assert asked.status_code == 200 and "取り消せません" in asked.content.decode()
    contract.refresh_from_db()
    assert contract.status == "draft"
    assert client.get(f"/finance/contracts/{contract.pk}/pdf/")["Content-Type"] == "application/pdf"
    client.force_login(people["ro_other"])
    assert client.get(f"/finance/contracts/{contract.pk}/").status_code == 404
    assert client.get(f"/finance/awards/{approved.pk}/allocation/").status_code == 404


def test_the_holder_fills_the_allocation_form(client, award, people):
    client.force_login(people["holder"])
    page = client.get(f"/finance/awards/{award.pk}/allocation/")
    assert page.status_code == 200 and "設備備品費" in page.content.decode()
    form = {}
    for row in split(award, people):
        form[f"a-{row['fiscal_year']}-{row['institution']}-{row['category']}"] = f"{row['amount']:,}"
    client.post(f"/finance/awards/{award.pk}/allocation/", form)
    client.post(f"/finance/awards/{award.pk}/allocation/propose/", {"confirm": "yes"})
    from finance.models import Allocation

    assert Allocation.objects.get(award=award).status == "proposed"


def test_the_officer_sees_the_approve_button_on_a_proposed_allocation(client, award, people):
    from finance import services

    services.allocation_save(award_id=award.pk, actor=people["holder"], lines=split(award, people))
    services.allocation_transition(award_id=award.pk, action="propose", actor=people["holder"])
    client.force_login(people["officer"])
    page = client.get(f"/finance/awards/{award.pk}/allocation/").content.decode()
    assert "配分を承認" in page and "配分を差戻し" in page
