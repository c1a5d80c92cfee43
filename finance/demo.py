"""Demo money after the award, built through the services (idempotent: awards with a 配分 are skipped).

- The FY2024 gap-fund Step 2 awards and the running COI-NEXT hubs that cover FY2024 get a 配分 (the PI's
  institution; a hub also its first participating institution, about 30 % of each year), proposed by the
  holder and approved by the officer, which drafts the contracts of the years that have begun.
- Every contract up to FY2025 is sent and signed: by the institution's research office where it has one, otherwise the
  officer records the signed paper copy. One FY2025 contract is left unsigned (sent).
- FY2024: the first instalment of each PI institution's contract is invoiced, approved and paid; one
  invoice of FY2025 is left waiting for the officer.
"""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q

from accounts.models import User
from awards.models import Award, AwardStatus

from . import services
from .models import Contract, ContractStatus
from .rules import INDIRECT

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIGNED_UNTIL = 2025  # contracts of later fiscal years stay drafts
PARTNER_SHARE = 30  # % of a hub's yearly amount to its first participating institution


def _split(amount: int) -> dict[str, int]:
    """Whole thousands: indirect within 30 % of direct, direct over equipment, consumables, travel, personnel."""
    indirect = amount * 3 // 13 // 1000 * 1000
    direct = amount - indirect
    equipment = direct * 3 // 10 // 1000 * 1000
    consumables = direct // 5 // 1000 * 1000
    travel = direct // 10 // 1000 * 1000
    personnel = direct - equipment - consumables - travel
    return {
        "equipment": equipment,
        "consumables": consumables,
        "travel": travel,
        "personnel": personnel,
        INDIRECT: indirect,
    }


def _lines(award: Award, *, partner) -> list[dict]:
    rows = []
    for fy, total in sorted(services.award_budgets(award).items()):
        shares = {award.application.institution_id: total}
        if partner is not None:
            part = total * PARTNER_SHARE // 100 // 1000 * 1000
            shares = {award.application.institution_id: total - part, partner.pk: part}
        for inst, amount in shares.items():
            rows += [
                {"fiscal_year": fy, "institution": inst, "category": c, "amount": a}
                for c, a in _split(amount).items()
                if a
            ]
    return rows


def _awards():
    return (
        Award.objects.filter(status=AwardStatus.ACTIVE)
        .filter(
            Q(application__call__stage__code="STEP2", application__call__fiscal_year=2024)
            | Q(application__call__stage__program__code="COINEXT", budgets__fiscal_year=2024)
        )
        .exclude(allocation__isnull=False)
        .select_related("application__call__stage__program", "application__call__platform", "holder")
        .distinct()
        .order_by("award_number")
    )


def _sign(contract: Contract, officer) -> None:
    services.contract_transition(contract_id=contract.pk, action="send", actor=officer)
    office = services.research_offices_of(contract.institution_id).first()
    if office is not None:
        services.contract_transition(contract_id=contract.pk, action="sign", actor=office)
    else:
        copy = SimpleUploadedFile("signed.pdf", PDF, "application/pdf")
        services.contract_transition(contract_id=contract.pk, action="record_paper", actor=officer, signed_copy=copy)
    services.contract_transition(contract_id=contract.pk, action="activate", actor=officer)


def _officer(award: Award):
    return (
        award.responsible_officer
        or services.officers_of_award(award).first()
        or User.objects.filter(is_superuser=True).first()
    )


def load(*, today: dt.date, out) -> None:
    made = signed = paid = 0
    left_unsigned = left_waiting = False
    for award in _awards():
        officer = _officer(award)
        partner = None
        if award.application.call.stage.program.code == "COINEXT":
            partner = next((i for i in services.eligible_institutions(award)[1:]), None)
        services.allocation_save(award_id=award.pk, actor=award.holder, lines=_lines(award, partner=partner))
        services.allocation_transition(award_id=award.pk, action="propose", actor=award.holder)
        services.allocation_transition(award_id=award.pk, action="approve", actor=officer)
        made += 1
        for contract in Contract.objects.filter(award=award, status=ContractStatus.DRAFT).order_by("fiscal_year", "id"):
            if contract.fiscal_year > SIGNED_UNTIL:
                continue  # later years stay drafted, as the February job leaves them
            if contract.fiscal_year == 2025 and not left_unsigned and partner is not None:
                services.contract_transition(contract_id=contract.pk, action="send", actor=officer)
                left_unsigned = True
                continue
            _sign(contract, officer)
            signed += 1
            pi_contract = contract.institution_id == award.application.institution_id
            if not (pi_contract and award.holder.affiliation_id == contract.institution_id):
                continue
            first = contract.instalments.order_by("sequence").first()
            if contract.fiscal_year == 2024:
                invoice = services.invoice_file(
                    contract_id=contract.pk, actor=award.holder, instalment_id=first.pk, amount=first.amount
                )
                services.invoice_transition(invoice_id=invoice.pk, action="approve", actor=officer)
                services.invoice_transition(
                    invoice_id=invoice.pk,
                    action="pay",
                    actor=officer,
                    paid_on=max(first.due_month, dt.date(2024, 4, 1)),
                )
                paid += 1
            elif contract.fiscal_year == 2025 and not left_waiting:
                services.invoice_file(
                    contract_id=contract.pk, actor=award.holder, instalment_id=first.pk, amount=first.amount
                )
                left_waiting = True
    if made:
        out.write(f"配分 {made} 件・署名済み契約 {signed} 件・支払 {paid} 件 / allocations, signed contracts, payments")
