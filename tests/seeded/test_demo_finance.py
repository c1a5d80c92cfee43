"""The demo's money after the award, made through the services: 配分, signed FY2024 contracts (two
institutions for COI-NEXT hubs), paid instalments, one invoice waiting and one FY2025 contract unsigned;
every yearly budget of an award in whole thousands of yen."""

from awards.models import AwardBudget
from finance.models import Allocation, Contract, Instalment, Invoice


def test_the_demo_has_allocations_signed_contracts_payments_and_open_items(seeded, db):
    approved = Allocation.objects.filter(status="approved")
    assert approved.filter(
        award__application__call__stage__code="STEP2", award__application__call__fiscal_year=2024
    ).exists()
    assert approved.filter(award__application__call__stage__program__code="COINEXT").exists()
    fy2024 = Contract.objects.filter(fiscal_year=2024)
    assert fy2024.exists() and set(fy2024.values_list("status", flat=True)) == {"active"}
    hub = fy2024.filter(award__application__call__stage__program__code="COINEXT").values_list("award", flat=True)[0]
    assert fy2024.filter(award=hub).count() == 2
    assert Instalment.objects.filter(paid_amount__gt=0, paid_on__isnull=False).exists()
    assert Invoice.objects.filter(status="submitted").count() == 1
    assert list(Contract.objects.filter(status="sent").values_list("fiscal_year", flat=True)) == [2025]
    assert not AwardBudget.objects.exclude(amount__endswith="000").exists()
    assert "配分" in seeded
