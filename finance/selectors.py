"""Reads: the one scoping selector per object (`allocation_lines_for_user`, `contracts_for_user`,
`invoices_for_user`).

- director: everything;
- officer: the awards in their platforms or programs (`awards.selectors.awards_for_user`);
- the award's holder and accepted team members: their award's 配分, contracts and invoices (read);
- a research office (所属機関の研究推進担当): its own institution's rows, contracts and invoices only;
- anybody else: nothing (a 404).
"""

import datetime as dt

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from awards.models import Award
from awards.selectors import awards_for_user

from .models import AllocationLine, Contract, Instalment, Invoice, InvoiceStatus
from .workflow import LIVE_STATES, OPEN_INVOICE_STATES, SIGNED_STATES


def _research_office_institution(user):
    if getattr(user, "is_authenticated", False) and user.is_research_office and user.affiliation_id:
        return user.affiliation_id
    return None


def awards_with_finance_for_user(user) -> QuerySet[Award]:
    """Awards whose money `user` may read: the award's readers, and research offices of a contracted institution."""
    visible = Q(pk__in=awards_for_user(user).values("pk"))
    institution = _research_office_institution(user)
    if institution:
        visible |= Q(contracts__institution_id=institution) | Q(
            allocation__lines__institution_id=institution, allocation__status="approved"
        )
    return Award.objects.filter(visible).distinct()


def allocation_lines_for_user(user, award) -> QuerySet[AllocationLine]:
    """The 配分 rows of `award` that `user` reads: all for the award's readers, own institution for a research office."""
    qs = AllocationLine.objects.filter(allocation__award=award).select_related("institution")
    if awards_for_user(user).filter(pk=award.pk).exists():
        return qs
    institution = _research_office_institution(user)
    if institution:
        return qs.filter(institution_id=institution)
    return qs.none()


def contracts_for_user(user) -> QuerySet[Contract]:
    qs = Contract.objects.select_related(
        "award__holder",
        "award__application__call__stage__program",
        "award__application__call__platform",
        "institution",
        "amends",
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_director:
        return qs
    visible = Q(award__in=awards_for_user(user).values("pk"))
    institution = _research_office_institution(user)
    if institution:
        visible |= Q(institution_id=institution)
    return qs.filter(visible)


def invoices_for_user(user) -> QuerySet[Invoice]:
    return Invoice.objects.filter(contract__in=contracts_for_user(user).values("pk")).select_related(
        "contract__award", "contract__institution", "instalment", "filed_by"
    )


def current_contract(root: Contract) -> Contract | None:
    """The signed contract in force of a chain (the latest signed revision), or None before any signature."""
    return (
        Contract.objects.filter(Q(pk=root.root_id) | Q(root_contract_id=root.root_id), status__in=SIGNED_STATES)
        .order_by("-revision")
        .first()
    )


def chain(root: Contract) -> QuerySet[Contract]:
    return Contract.objects.filter(Q(pk=root.root_id) | Q(root_contract_id=root.root_id)).order_by("revision")


def paid_on_chain(root_id: int) -> int:
    return Invoice.objects.filter(contract_id=root_id, status=InvoiceStatus.PAID).aggregate(s=Sum("amount"))["s"] or 0


def held_on_chain(root_id: int) -> int:
    """Paid plus waiting (submitted or approved) invoices of a chain."""
    return (
        Invoice.objects.filter(contract_id=root_id, status__in=(*OPEN_INVOICE_STATES, InvoiceStatus.PAID)).aggregate(
            s=Sum("amount")
        )["s"]
        or 0
    )


def instalments_of(root: Contract) -> QuerySet[Instalment]:
    return Instalment.objects.filter(contract_id=root.root_id).order_by("sequence")


def live_contracts_of_award(award, fiscal_year: int | None = None) -> QuerySet[Contract]:
    qs = Contract.objects.filter(award=award, status__in=LIVE_STATES).select_related("institution")
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("fiscal_year", "institution_id", "revision")


def overdue_invoices(user, *, today: dt.date | None = None, days: int = 14) -> QuerySet[Invoice]:
    """Invoices waiting for the officer longer than `days` (submitted) — the officer's desk."""
    today = today or timezone.localdate()
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time.min))
    return invoices_for_user(user).filter(status=InvoiceStatus.SUBMITTED, filed_at__lt=cutoff)
