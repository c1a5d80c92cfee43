"""Who may act on a 配分, a contract or an invoice: one place for the API, the pages and the services."""

from awards.permissions import is_holder, is_officer_for_award

from .models import Allocation, Contract, Invoice
from .workflow import Actor


def _award_of(obj):
    if isinstance(obj, Invoice):
        return obj.contract.award
    return obj.award


def is_research_office_of(user, institution_id) -> bool:
    """所属機関の研究推進担当 of that institution."""
    return bool(
        user
        and user.is_authenticated
        and user.is_research_office
        and user.affiliation_id
        and user.affiliation_id == institution_id
    )


def is_finance_officer(user, award) -> bool:
    return bool(user and user.is_authenticated and is_officer_for_award(user, award))


def may_file_invoice(user, contract: Contract) -> bool:
    """The institution's research office; or the holder for their own institution's contract."""
    if is_research_office_of(user, contract.institution_id):
        return True
    return is_holder(user, contract.award) and user.affiliation_id == contract.institution_id


def actor_may(user, obj, who: str) -> bool:
    award = _award_of(obj)
    if who == Actor.HOLDER:
        return is_holder(user, award)
    if who == Actor.OFFICER:
        return is_finance_officer(user, award)
    if who == Actor.RESEARCH_OFFICE and isinstance(obj, Contract):
        return is_research_office_of(user, obj.institution_id)
    return False


def may_edit_allocation(user, allocation: Allocation) -> bool:
    return is_holder(user, allocation.award)
