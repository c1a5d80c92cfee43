"""Writes of the money after the award: the 配分, contracts, payment plans, invoices and payments.

Every write locks what it changes and leaves an event with the actor (workflow moves through the tables in
`finance.workflow`; other writes through `_event`). Rules a move must meet are guards (registered in
`FinanceConfig.ready`) that return `Problem`s naming the rule.
"""

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import MembershipStatus, TeamMember
from awards.models import Award, AwardStatus
from notifications.services import notify
from programs.fiscal import fiscal_year_bounds, fiscal_year_of_date, reiwa_label
from programs.models import Institution
from sangaku import bounds
from sangaku.errors import Forbidden, Invalid, NotFound, Problem, Refused

from .models import (
    Allocation,
    AllocationEvent,
    AllocationLine,
    AllocationStatus,
    Contract,
    ContractEvent,
    ContractLine,
    ContractStatus,
    Instalment,
    Invoice,
    InvoiceEvent,
    InvoiceStatus,
)
from .permissions import is_finance_officer, may_edit_allocation, may_file_invoice
from .rules import INDIRECT, rules_for_award
from .selectors import current_contract, held_on_chain, instalments_of, paid_on_chain
from .workflow import ALLOCATION_WORKFLOW, CONTRACT_WORKFLOW, INVOICE_WORKFLOW, LIVE_STATES, SIGNED_STATES

FUNDER = "国立研究開発法人科学技術振興機構"


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _today() -> dt.date:
    return timezone.localdate()


# --- 配分 ------------------------------------------------------------------------------------------------------


def eligible_institutions(award: Award) -> list[Institution]:
    """The PI's institution and every accepted team member's institution (partners that may receive money)."""
    ids = [award.application.institution_id]
    for inst in (
        TeamMember.objects.filter(application_id=award.application_id, status=MembershipStatus.ACCEPTED)
        .exclude(institution__isnull=True)
        .order_by("id")
        .values_list("institution_id", flat=True)
    ):
        if inst not in ids:
            ids.append(inst)
    by_id = Institution.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def award_budgets(award: Award) -> dict[int, int]:
    return dict(award.budgets.values_list("fiscal_year", "amount"))


def allocation_of(award: Award) -> Allocation:
    allocation, _created = Allocation.objects.get_or_create(award=award)
    return allocation


def _lock_award(award_id: int) -> Award:
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("application__call__stage__program", "application__call__platform")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise NotFound(_("採択課題が見つかりません。"))
    return award


def allocation_problems(allocation: Allocation, lines=None) -> list[Problem]:
    """The rules a 配分 must meet, each refusal naming its rule:

    - 年度別採択額との一致: per fiscal year, the lines sum to the award's yearly amount exactly;
    - 間接経費率: per institution and year, 間接経費 ≤ the rate × 直接経費 (JST: 30 %).
    """
    award = allocation.award
    rules = rules_for_award(award)
    if lines is None:
        lines = list(allocation.lines.select_related("institution"))
    budgets = award_budgets(award)
    problems: list[Problem] = []
    per_year: dict[int, int] = defaultdict(int)
    direct: dict[tuple[int, int], int] = defaultdict(int)
    indirect: dict[tuple[int, int], int] = defaultdict(int)
    names = {}
    for line in lines:
        per_year[line.fiscal_year] += line.amount
        key = (line.fiscal_year, line.institution_id)
        names[line.institution_id] = line.institution.name
        if line.category == INDIRECT:
            indirect[key] += line.amount
        else:
            direct[key] += line.amount
    for fy in sorted(set(budgets) | set(per_year)):
        want, got = budgets.get(fy, 0), per_year.get(fy, 0)
        if want != got:
            problems.append(
                Problem(
                    "lines",
                    _(
                        "年度別採択額との一致: %(year)sの配分の合計（%(got)s）が採択額（%(want)s）と一致しません"
                        "（差額 %(diff)s）。"
                    )
                    % {"year": reiwa_label(fy), "got": _yen(got), "want": _yen(want), "diff": f"{got - want:+,}円"},
                    "allocation_sum_mismatch",
                )
            )
    for key in sorted(set(direct) | set(indirect)):
        cap = rules.indirect_cap(direct.get(key, 0))
        if indirect.get(key, 0) > cap:
            fy, inst = key
            problems.append(
                Problem(
                    "lines",
                    _(
                        "間接経費率: %(year)s・%(institution)sの間接経費（%(got)s）が上限（直接経費の%(rate)s%%、"
                        "%(cap)s）を超えています。"
                    )
                    % {
                        "year": reiwa_label(fy),
                        "institution": names[inst],
                        "got": _yen(indirect[key]),
                        "rate": rules.indirect_rate_percent,
                        "cap": _yen(cap),
                    },
                    "indirect_rate_exceeded",
                )
            )
    return problems


def allocation_balanced(allocation, **_context) -> list[Problem]:
    """Guard of `propose` and `approve` (registered in FinanceConfig.ready)."""
    if not allocation.lines.exists():
        return [Problem("lines", _("配分を入力してください。"), "allocation_empty")]
    return allocation_problems(allocation)


def _clean_lines(award: Award, raw) -> list[AllocationLine]:
    rules = rules_for_award(award)
    institutions = {i.pk: i for i in eligible_institutions(award)}
    years = set(award_budgets(award))
    errors: list[str] = []
    seen = set()
    lines = []
    if not isinstance(raw, list):
        raise Invalid(
            _("配分を保存できません。"),
            problems=[Problem("lines", _("配分の行の一覧を送ってください。"))],
            code="invalid",
        )
    for n, row in enumerate(raw, start=1):
        try:
            fy, inst, category, amount = (
                int(row["fiscal_year"]),
                int(row["institution"]),
                str(row["category"]),
                row["amount"],
            )
            if isinstance(amount, bool) or (isinstance(amount, float) and not amount.is_integer()):
                raise ValueError
            amount = int(str(amount).replace(",", ""))
        except (KeyError, TypeError, ValueError):
            errors.append(_("%(n)s行目: 年度・機関・費目・金額（整数の円）を入力してください。") % {"n": n})
            continue
        if fy not in years:
            errors.append(_("%(n)s行目: %(fy)s年度はこの課題の予算にありません。") % {"n": n, "fy": fy})
        elif inst not in institutions:
            errors.append(_("%(n)s行目: この機関は研究代表者の所属機関・参画機関ではありません。") % {"n": n})
        elif category not in rules.category_codes:
            errors.append(_("%(n)s行目: 費目「%(c)s」はこのプログラムの費目にありません。") % {"n": n, "c": category})
        elif not 0 <= amount <= bounds.YEN_MAX:
            errors.append(_("%(n)s行目: %(msg)s") % {"n": n, "msg": bounds.YEN_MESSAGE})
        elif (fy, inst, category) in seen:
            errors.append(_("%(n)s行目: 同じ年度・機関・費目の行が重複しています。") % {"n": n})
        else:
            seen.add((fy, inst, category))
            if amount:
                lines.append(
                    AllocationLine(fiscal_year=fy, institution=institutions[inst], category=category, amount=amount)
                )
    if errors:
        raise Invalid(
            _("配分を保存できません。次の点を確認してください。"),
            problems=[Problem("lines", e, "invalid_line") for e in errors],
            code="invalid_allocation",
        )
    return lines


@transaction.atomic
def allocation_save(*, award_id: int, actor, lines) -> Allocation:
    """The holder replaces the 配分 while it is a draft. Rows are checked one by one (year, institution, 費目,
    whole yen); the sums and the indirect rate are checked when it is proposed (and shown on the page)."""
    award = _lock_award(award_id)
    allocation = allocation_of(award)
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if not may_edit_allocation(actor, allocation):
        raise Forbidden(_("この配分を編集する権限がありません。"))
    if allocation.status != AllocationStatus.DRAFT:
        raise Refused(
            _("提出済みの配分は編集できません（現在: %(status)s）。")
            % {"status": AllocationStatus(allocation.status).label},
            code="frozen",
        )
    clean = _clean_lines(award, lines)
    allocation.lines.all().delete()
    for line in clean:
        line.allocation = allocation
    AllocationLine.objects.bulk_create(clean)
    AllocationEvent.objects.create(
        allocation=allocation,
        actor=actor,
        action="save",
        from_status=allocation.status,
        to_status=allocation.status,
        note=_("%(n)s行") % {"n": len(clean)},
    )
    return allocation


def allocation_transition(*, award_id: int, action: str, actor, note: str = "") -> Allocation:
    """propose (holder), approve / return (officer): a row of `ALLOCATION_WORKFLOW`. Approving generates the
    contracts of the years that have begun (`finance.receivers`)."""
    award = Award.objects.filter(pk=award_id).first()
    if award is None:
        raise NotFound(_("採択課題が見つかりません。"))
    allocation = allocation_of(award)
    return ALLOCATION_WORKFLOW.run(pk=allocation.pk, action=action, actor=actor, note=note)


# --- contracts -------------------------------------------------------------------------------------------------


def _period(award: Award, fiscal_year: int) -> tuple[dt.date, dt.date]:
    start, end = fiscal_year_bounds(fiscal_year)
    return max(start, award.starts_on), min(end, award.ends_on)


def _contract_number(award: Award, institution_id: int, fiscal_year: int, revision: int) -> str:
    order = [i.pk for i in eligible_institutions(award)]
    seq = order.index(institution_id) + 1 if institution_id in order else len(order) + 1
    base = f"{award.award_number}-{fiscal_year}-{seq:02d}"
    return f"{base}-A{revision}" if revision else base


def _default_plan(contract: Contract, parts: int) -> list[Instalment]:
    """`parts` instalments (whole thousands, the rest on the first), due from the contract's first month on."""
    parts = max(1, min(parts, 12))
    share = contract.amount // parts // 1000 * 1000
    first = contract.amount - share * (parts - 1)
    start = contract.period_start.replace(day=1)
    months = max(1, (contract.period_end.year - start.year) * 12 + contract.period_end.month - start.month + 1)
    step = max(1, months // parts)
    rows = []
    for n in range(parts):
        m = start.month - 1 + n * step
        due = dt.date(start.year + m // 12, m % 12 + 1, 1)
        rows.append(Instalment(contract=contract, sequence=n + 1, amount=first if n == 0 else share, due_month=due))
    return rows


def _event(contract: Contract, *, actor, action: str, note: str = "") -> ContractEvent:
    return ContractEvent.objects.create(
        contract=contract, actor=actor, action=action, from_status=contract.status, to_status=contract.status, note=note
    )


def contracts_generate(*, award: Award, fiscal_year: int, actor=None) -> list[Contract]:
    """Draft one contract per institution with money in `fiscal_year` of the approved 配分 (none twice: an
    institution that already has a contract of that year is skipped). Returns those created."""
    allocation = Allocation.objects.filter(award=award, status=AllocationStatus.APPROVED).first()
    if allocation is None:
        return []
    rules = rules_for_award(award)
    per_inst: dict[int, dict[str, int]] = defaultdict(dict)
    for line in allocation.lines.filter(fiscal_year=fiscal_year):
        per_inst[line.institution_id][line.category] = line.amount
    existing = set(
        Contract.objects.filter(award=award, fiscal_year=fiscal_year).values_list("institution_id", flat=True)
    )
    start, end = _period(award, fiscal_year)
    created = []
    for inst, amounts in per_inst.items():
        total = sum(amounts.values())
        if inst in existing or not total or start > end:
            continue
        try:
            with transaction.atomic():
                contract = Contract.objects.create(
                    number=_contract_number(award, inst, fiscal_year, 0),
                    award=award,
                    institution_id=inst,
                    fiscal_year=fiscal_year,
                    funder=FUNDER,
                    period_start=start,
                    period_end=end,
                    amount=total,
                    conditions=rules.conditions_text(),
                )
        except IntegrityError:  # a concurrent run made it
            continue
        ContractLine.objects.bulk_create(
            [
                ContractLine(contract=contract, category=c, amount=amounts[c])
                for c in rules.category_codes
                if c in amounts
            ]
        )
        Instalment.objects.bulk_create(_default_plan(contract, rules.instalments))
        _event(contract, actor=actor, action="generate", note=reiwa_label(fiscal_year))
        created.append(contract)
    return created


def contracts_for_started_years(award: Award, *, actor, today: dt.date | None = None) -> list[Contract]:
    """After approval: the contracts of the award's first fiscal year and of every year that has begun."""
    today = today or _today()
    years = sorted(award_budgets(award))
    if not years:
        return []
    last = max(years[0], min(fiscal_year_of_date(today), years[-1]))
    created = []
    for fy in years:
        if fy <= last:
            created += contracts_generate(award=award, fiscal_year=fy, actor=actor)
    return created


def contract_transition(*, contract_id: int, action: str, actor, note: str = "", signed_copy=None) -> Contract:
    """send, sign (the institution's research office), record_paper (officer, with the signed copy),
    activate, close, cancel: a row of `CONTRACT_WORKFLOW`."""
    params = {"signed_copy": signed_copy} if signed_copy is not None else {}
    return CONTRACT_WORKFLOW.run(pk=contract_id, action=action, actor=actor, note=note, **params)


def contract_institution_signs_on_paper(contract, **_context) -> list[Problem]:
    from accounts.models import User

    if User.objects.filter(is_research_office=True, affiliation_id=contract.institution_id, is_active=True).exists():
        return [
            Problem(
                "signed_copy",
                _("%(name)sには研究推進担当がいるため、担当者が画面で署名します。")
                % {"name": contract.institution.name},
                "institution_signs_online",
            )
        ]
    return []


def contract_signed_copy_given(contract, *, signed_copy=None, **_context) -> list[Problem]:
    if signed_copy is None:
        return [Problem("signed_copy", _("署名済み契約書のファイルを添付してください。"), "signed_copy_required")]
    return []


def unsigned_contract_problems(award, *, fiscal_year: int | None = None, today=None, **_context) -> list[Problem]:
    """Guard of the award's `start`: every contract of the year must be signed (names the missing ones)."""
    budgets = award_budgets(award)
    if fiscal_year is None:
        fiscal_year = fiscal_year_of_date(max(award.starts_on, today or _today()))
        if budgets:
            fiscal_year = min(max(fiscal_year, min(budgets)), max(budgets))
    allocation = Allocation.objects.filter(award=award).first()
    if allocation is None or allocation.status != AllocationStatus.APPROVED:
        return [
            Problem(
                "contracts",
                _("委託研究契約: 配分が承認されていないため、%(year)sの契約がありません。")
                % {"year": reiwa_label(fiscal_year)},
                "allocation_not_approved",
            )
        ]
    wanted = {
        inst: name
        for inst, name in allocation.lines.filter(fiscal_year=fiscal_year, amount__gt=0).values_list(
            "institution_id", "institution__name"
        )
    }
    contracts = list(
        Contract.objects.filter(award=award, fiscal_year=fiscal_year, status__in=LIVE_STATES).order_by("revision")
    )
    signed = {c.institution_id for c in contracts if c.status in SIGNED_STATES}
    missing = []
    for inst, name in wanted.items():
        if inst in signed:
            continue
        live = [c for c in contracts if c.institution_id == inst]
        if live:
            missing.append(f"{live[-1].number}（{name}・{ContractStatus(live[-1].status).label}）")
        else:
            missing.append(_("%(name)s（契約なし）") % {"name": name})
    if not missing:
        return []
    return [
        Problem(
            "contracts",
            _("委託研究契約: %(year)sの未署名の契約があります: %(list)s")
            % {"year": reiwa_label(fiscal_year), "list": "、".join(missing)},
            "contracts_unsigned",
        )
    ]


def award_contracts_signed(award, *, now=None, **context) -> list[Problem]:
    return unsigned_contract_problems(award)


def activate_signed_contracts(award: Award, *, actor) -> None:
    """When the award starts: the signed contracts of the year come into force."""
    year = fiscal_year_of_date(max(award.starts_on, _today()))
    for contract in Contract.objects.filter(award=award, fiscal_year__lte=year, status=ContractStatus.SIGNED):
        CONTRACT_WORKFLOW.run(pk=contract.pk, action="activate", actor=actor)


def research_offices_of(institution_id: int):
    from accounts.models import User

    return User.objects.filter(is_research_office=True, affiliation_id=institution_id, is_active=True).order_by("id")


def officers_of_award(award: Award):
    from accounts.models import Role, User

    call = award.application.call
    if award.responsible_officer_id:
        return User.objects.filter(pk=award.responsible_officer_id)
    return (
        User.objects.filter(role=Role.OFFICER, is_active=True)
        .filter(Q(officer_platforms=call.platform_id) | Q(officer_programs=call.stage.program_id))
        .distinct()
        .order_by("id")
    )


def _tell(user, *, kind: str, dedup_key: str, subject: str, body: str, link: str):
    with translation.override(getattr(user, "preferred_language", "ja") or "ja"):
        return notify(recipient=user, kind=kind, dedup_key=dedup_key, subject=str(subject), body=str(body), link=link)


def notify_contract_sent(contract: Contract) -> None:
    for person in research_offices_of(contract.institution_id):
        _tell(
            person,
            kind="contract_sent",
            dedup_key=f"contract_sent:{contract.pk}:{person.pk}",
            subject=_("委託研究契約の署名のお願い（%(number)s）") % {"number": contract.number},
            body=_(
                "%(institution)s 御中\n委託研究契約 %(number)s（%(amount)s）が届いています。内容を確認し署名してください。"
            )
            % {"institution": contract.institution.name, "number": contract.number, "amount": _yen(contract.amount)},
            link=f"/finance/contracts/{contract.pk}/",
        )


# --- payment plan ---------------------------------------------------------------------------------------------


def _lock_contract(contract_id: int) -> Contract:
    contract = (
        Contract.objects.select_for_update(of=("self",))
        .select_related("award__application__call__stage__program", "award__application__call__platform", "institution")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        raise NotFound(_("契約が見つかりません。"))
    return contract


def _chain_amount(root: Contract) -> int:
    """The amount of the contract in force (signed), else of the latest live draft of the chain."""
    current = current_contract(root)
    if current is not None:
        return current.amount
    return root.amount


@transaction.atomic
def payment_plan_set(*, contract_id: int, actor, instalments) -> list[Instalment]:
    """The officer sets the 支払計画: instalments (amount, due month) summing to the contract amount exactly.
    Paid and invoiced instalments stay as they are (they must be sent unchanged, in order, first)."""
    contract = _lock_contract(contract_id)
    if not is_finance_officer(actor, contract.award):
        raise Forbidden(_("支払計画を設定する権限がありません。"))
    root = Contract.objects.select_for_update().get(pk=contract.root_id)
    amount = _chain_amount(root)
    existing = list(instalments_of(root))
    fixed = [i for i in existing if i.paid_amount or i.invoices.exclude(status=InvoiceStatus.RETURNED).exists()]
    problems, rows = [], []
    if not isinstance(instalments, list) or not instalments:
        raise Invalid(
            _("支払計画を設定できません。"), problems=[Problem("instalments", _("1回以上の支払を入力してください。"))]
        )
    for n, row in enumerate(instalments, start=1):
        try:
            value = row["amount"]
            if isinstance(value, bool):
                raise ValueError
            value = int(str(value).replace(",", ""))
            due = row["due_month"]
            due = dt.date.fromisoformat(due[:7] + "-01") if isinstance(due, str) else due.replace(day=1)
        except (KeyError, TypeError, ValueError, AttributeError):
            problems.append(
                Problem("instalments", _("%(n)s回目: 金額（整数の円）と支払予定月を入力してください。") % {"n": n})
            )
            continue
        if not 0 < value <= bounds.YEN_MAX:
            problems.append(Problem("instalments", _("%(n)s回目: 金額は1円以上で入力してください。") % {"n": n}))
        rows.append((value, due))
    for n, inst in enumerate(fixed):
        if n >= len(rows) or rows[n] != (inst.amount, inst.due_month):
            problems.append(
                Problem(
                    "instalments",
                    _("%(n)s回目は請求済み・支払済みのため変更できません。") % {"n": inst.sequence},
                    "instalment_paid",
                )
            )
    if not problems and sum(v for v, _d in rows) != amount:
        problems.append(
            Problem(
                "instalments",
                _("支払計画と契約額の一致: 支払計画の合計（%(got)s）が契約額（%(want)s）と一致しません。")
                % {"got": _yen(sum(v for v, _d in rows)), "want": _yen(amount)},
                "plan_sum_mismatch",
            )
        )
    if problems:
        raise Invalid(_("支払計画を設定できません。次の点を確認してください。"), problems=problems, code="invalid_plan")
    keep = {i.pk for i in fixed}
    Instalment.objects.filter(contract=root).exclude(pk__in=keep).delete()
    new = [
        Instalment(contract=root, sequence=n + 1, amount=value, due_month=due)
        for n, (value, due) in enumerate(rows)
        if n >= len(fixed)
    ]
    Instalment.objects.bulk_create(new)
    _event(
        contract,
        actor=actor,
        action="plan",
        note=", ".join(f"{d.strftime('%Y-%m')}: {_yen(v)}" for v, d in rows),
    )
    return list(instalments_of(root))


def _rebalance_unpaid(root: Contract, amount: int) -> None:
    """After a 変更契約 is signed: unpaid, uninvoiced instalments take the difference (last first); paid ones stay."""
    rows = list(instalments_of(root).select_for_update())
    diff = amount - sum(i.amount for i in rows)
    if not diff:
        return
    free = [i for i in rows if not i.paid_amount and not i.invoices.exclude(status=InvoiceStatus.RETURNED).exists()]
    if diff > 0:
        if free:
            free[-1].amount += diff
            free[-1].save(update_fields=["amount"])
        else:
            last = rows[-1].due_month if rows else root.period_start.replace(day=1)
            Instalment.objects.create(
                contract=root, sequence=(rows[-1].sequence + 1 if rows else 1), amount=diff, due_month=last
            )
        return
    for inst in reversed(free):
        cut = min(inst.amount, -diff)
        inst.amount -= cut
        diff += cut
        if inst.amount:
            inst.save(update_fields=["amount"])
        else:
            inst.delete()
        if not diff:
            break


# --- invoices -------------------------------------------------------------------------------------------------


def unpaid_remainder(root: Contract) -> int:
    """What the institution may still ask for: the contract in force minus paid and waiting invoices."""
    current = current_contract(root)
    if current is None:
        return 0
    return max(0, current.amount - held_on_chain(root.root_id))


@transaction.atomic
def invoice_file(*, contract_id: int, actor, instalment_id: int, amount) -> Invoice:
    """The institution files a 請求 against an instalment of a signed contract; refused above the unpaid remainder."""
    contract = _lock_contract(contract_id)
    if not may_file_invoice(actor, contract):
        raise Forbidden(_("この契約に請求できるのは受託機関の研究推進担当です。"))
    root = Contract.objects.select_for_update().get(pk=contract.root_id)
    if current_contract(root) is None:
        raise Refused(_("署名済みの契約がないため請求できません（契約締結前の支出はできません）。"), code="not_signed")
    instalment = Instalment.objects.filter(pk=instalment_id, contract=root).first() if instalment_id else None
    try:
        value = int(str(amount).replace(",", "")) if not isinstance(amount, bool) else None
    except (TypeError, ValueError):
        value = None
    problems = []
    if instalment is None:
        problems.append(Problem("instalment", _("この契約の支払計画から支払回を選んでください。"), "invalid"))
    if value is None or not 0 < value <= bounds.YEN_MAX:
        problems.append(Problem("amount", _("請求額は1円以上の整数で入力してください。"), "invalid"))
    if problems:
        raise Invalid(_("請求できません。次の点を確認してください。"), problems=problems, code="invalid_invoice")
    remainder = unpaid_remainder(root)
    if value > remainder:
        raise Refused(
            _("未払残額を超える請求: 請求額（%(amount)s）が未払残額（%(rest)s）を超えています。")
            % {"amount": _yen(value), "rest": _yen(remainder)},
            problems=[
                Problem("amount", _("%(rest)s以下で入力してください。") % {"rest": _yen(remainder)}, "over_remainder")
            ],
            code="over_remainder",
        )
    seq = Invoice.objects.filter(contract=root).count() + 1
    invoice = Invoice.objects.create(
        number=f"{root.number}-INV{seq:02d}", contract=root, instalment=instalment, amount=value, filed_by=actor
    )
    InvoiceEvent.objects.create(
        invoice=invoice, actor=actor, action="file", from_status="", to_status=invoice.status, note=_yen(value)
    )
    for officer in officers_of_award(contract.award):
        _tell(
            officer,
            kind="invoice_filed",
            dedup_key=f"invoice_filed:{invoice.pk}:{officer.pk}",
            subject=_("請求が届きました（%(number)s）") % {"number": invoice.number},
            body=_("%(institution)sから%(amount)sの請求が届きました。承認してください。")
            % {"institution": contract.institution.name, "amount": _yen(value)},
            link=f"/finance/contracts/{root.pk}/",
        )
    return invoice


def invoice_transition(
    *, invoice_id: int, action: str, actor, note: str = "", paid_on: dt.date | None = None
) -> Invoice:
    """approve / return (officer), pay (officer, with the date finance paid): a row of `INVOICE_WORKFLOW`."""
    params = {"paid_on": paid_on} if paid_on is not None else {}
    return INVOICE_WORKFLOW.run(pk=invoice_id, action=action, actor=actor, note=note, **params)


def invoice_paid_on_given(invoice, *, paid_on=None, **_context) -> list[Problem]:
    if not isinstance(paid_on, dt.date):
        return [Problem("paid_on", _("支払日を入力してください。"), "paid_on_required")]
    if not bounds.DATE_MIN <= paid_on <= bounds.DATE_MAX:
        return [Problem("paid_on", str(bounds.DATE_MESSAGE), "invalid")]
    return []


def record_payment_on_instalment(invoice: Invoice) -> None:
    """Inside the `pay` move: the instalment carries what was paid and when (never rewritten afterwards)."""
    instalment = Instalment.objects.select_for_update().get(pk=invoice.instalment_id)
    instalment.paid_amount += invoice.amount
    instalment.paid_on = invoice.paid_on
    instalment.save(update_fields=["paid_amount", "paid_on"])


# --- budget changes flow through (変更契約) ---------------------------------------------------------------------


def _rescale(lines: list[AllocationLine], total: int, pi_institution: int, rules) -> dict[tuple[int, str], int]:
    """Split `total` over the year's (institution, 費目) in the old proportions, in whole thousands; the rest
    goes to the largest direct line (indirect never grows past its share)."""
    old = sum(line.amount for line in lines)
    if not old:
        return {(pi_institution, rules.direct_codes[0]): total} if total else {}
    new = {(line.institution_id, line.category): line.amount * total // old // 1000 * 1000 for line in lines}
    rest = total - sum(new.values())
    direct = [k for k in new if k[1] != INDIRECT] or list(new)
    biggest = max(direct, key=lambda k: (new[k], k[0] == pi_institution))
    new[biggest] += rest
    return new


@transaction.atomic
def revise_for_budgets(*, award_id: int, actor, note: str = "") -> list[Contract]:
    """After the award's yearly budgets changed (evaluation outcome or officer revision): the approved 配分 of
    each changed year is re-split and every signed or sent contract of that year gets a 変更契約 (draft);
    draft contracts are rewritten in place. A new amount below what was already paid is refused."""
    award = _lock_award(award_id)
    allocation = Allocation.objects.select_for_update().filter(award=award, status=AllocationStatus.APPROVED).first()
    if allocation is None:
        return []
    rules = rules_for_award(award)
    budgets = award_budgets(award)
    lines = list(allocation.lines.select_related("institution"))
    by_year: dict[int, list[AllocationLine]] = defaultdict(list)
    for line in lines:
        by_year[line.fiscal_year].append(line)
    drafted: list[Contract] = []
    changes = []
    for fy in sorted(set(budgets) | set(by_year)):
        total = budgets.get(fy, 0)
        if sum(line.amount for line in by_year.get(fy, [])) == total:
            continue
        new = _rescale(by_year.get(fy, []), total, award.application.institution_id, rules)
        AllocationLine.objects.filter(allocation=allocation, fiscal_year=fy).delete()
        AllocationLine.objects.bulk_create(
            [
                AllocationLine(allocation=allocation, fiscal_year=fy, institution_id=inst, category=cat, amount=amount)
                for (inst, cat), amount in sorted(new.items())
                if amount
            ]
        )
        changes.append(f"{reiwa_label(fy)}: {_yen(sum(new.values()))}")
        per_inst: dict[int, dict[str, int]] = defaultdict(dict)
        for (inst, cat), amount in new.items():
            per_inst[inst][cat] = amount
        for contract in Contract.objects.select_for_update().filter(
            award=award, fiscal_year=fy, status__in=LIVE_STATES
        ):
            amounts = per_inst.get(contract.institution_id, {})
            drafted += _amend(contract, amounts, actor=actor, note=note, rules=rules)
    AllocationEvent.objects.create(
        allocation=allocation,
        actor=actor,
        action="revise",
        from_status=allocation.status,
        to_status=allocation.status,
        note=("; ".join(changes) + "\n" + note).strip(),
    )
    return drafted


def _amend(contract: Contract, amounts: dict[str, int], *, actor, note: str, rules) -> list[Contract]:
    total = sum(amounts.values())
    if total == contract.amount and all(line.amount == amounts.get(line.category, 0) for line in contract.lines.all()):
        return []
    paid = paid_on_chain(contract.root_id)
    if total < paid:
        raise Refused(
            _("支払済み額の保護: %(number)sは既に%(paid)s支払済みのため、契約額を%(total)sにはできません。")
            % {"number": contract.number, "paid": _yen(paid), "total": _yen(total)},
            problems=[Problem("budgets", _("支払済み額以上の予算にしてください。"), "below_paid")],
            code="below_paid",
        )
    old = {line.category: line.amount for line in contract.lines.all()}
    if contract.status == ContractStatus.DRAFT:
        contract.lines.all().delete()
        ContractLine.objects.bulk_create(
            [
                ContractLine(contract=contract, category=c, amount=amounts[c], difference=amounts[c] - old.get(c, 0))
                for c in rules.category_codes
                if c in amounts
            ]
        )
        contract.difference += total - contract.amount
        contract.amount = total
        contract.save(update_fields=["amount", "difference"])
        if not contract.revision and not contract.invoices.exists():
            Instalment.objects.filter(contract=contract).delete()
            Instalment.objects.bulk_create(_default_plan(contract, rules.instalments))
        _event(contract, actor=actor, action="revise", note=note)
        return []
    if contract.status == ContractStatus.DRAFT or hasattr(contract, "amendment"):
        return []
    revision = contract.revision + 1
    amendment = Contract.objects.create(
        number=_contract_number(contract.award, contract.institution_id, contract.fiscal_year, revision),
        award=contract.award,
        institution=contract.institution,
        fiscal_year=contract.fiscal_year,
        revision=revision,
        amends=contract,
        root_contract_id=contract.root_id,
        funder=contract.funder,
        period_start=contract.period_start,
        period_end=contract.period_end,
        amount=total,
        difference=total - contract.amount,
        conditions=contract.conditions,
    )
    ContractLine.objects.bulk_create(
        [
            ContractLine(
                contract=amendment, category=c, amount=amounts.get(c, 0), difference=amounts.get(c, 0) - old.get(c, 0)
            )
            for c in rules.category_codes
            if c in amounts or c in old
        ]
    )
    _event(amendment, actor=actor, action="amend", note=f"{contract.number} → {amendment.number}\n{note}".strip())
    _event(contract, actor=actor, action="amend", note=amendment.number)
    return [amendment]


def on_amendment_signed(amendment: Contract, *, actor) -> None:
    """A signed 変更契約 replaces the contract it amends (kept, `amended`); unpaid instalments take the difference.
    The officer brings the amendment into force (`activate`)."""
    previous = amendment.amends
    if previous is not None and previous.status in SIGNED_STATES:
        CONTRACT_WORKFLOW.run(pk=previous.pk, action="supersede", actor=actor, note=amendment.number, system=True)
    root = Contract.objects.get(pk=amendment.root_id)
    _rebalance_unpaid(root, amendment.amount)


# --- February drafting and reminders (Celery) ----------------------------------------------------------------


def draft_next_year_contracts(*, today: dt.date | None = None) -> list[Contract]:
    """Each February: next fiscal year's contracts of running awards with an approved 配分 (none twice)."""
    today = today or _today()
    next_year = fiscal_year_of_date(today) + 1
    created = []
    awards = Award.objects.filter(
        status=AwardStatus.ACTIVE,
        allocation__status=AllocationStatus.APPROVED,
        allocation__lines__fiscal_year=next_year,
    ).distinct()
    for award in awards.select_related("application__call__stage__program"):
        with transaction.atomic():
            created += contracts_generate(award=award, fiscal_year=next_year, actor=None)
    return created


def sweep_unsigned_contracts(*, today: dt.date | None = None) -> int:
    """One reminder to each unsigned institution after `reminder_days`; the officer after `escalation_days`.
    Dedup keys make each of them once, whatever the number of runs."""
    today = today or _today()
    sent = 0
    for contract in Contract.objects.filter(status=ContractStatus.SENT, sent_at__isnull=False).select_related(
        "award__application__call__stage__program", "award__application__call__platform", "institution"
    ):
        rules = rules_for_award(contract.award)
        age = (today - timezone.localtime(contract.sent_at).date()).days
        if age >= rules.reminder_days:
            for person in research_offices_of(contract.institution_id):
                sent += bool(
                    _tell(
                        person,
                        kind="contract_reminder",
                        dedup_key=f"contract_reminder:{contract.pk}:{person.pk}",
                        subject=_("委託研究契約が未署名です（%(number)s）") % {"number": contract.number},
                        body=_("委託研究契約 %(number)s の署名をお願いします（送付から%(days)s日）。")
                        % {"number": contract.number, "days": age},
                        link=f"/finance/contracts/{contract.pk}/",
                    )
                )
        if age >= rules.escalation_days:
            for officer in officers_of_award(contract.award):
                sent += bool(
                    _tell(
                        officer,
                        kind="contract_escalation",
                        dedup_key=f"contract_escalation:{contract.pk}:{officer.pk}",
                        subject=_("未署名の委託研究契約（%(number)s）") % {"number": contract.number},
                        body=_("%(institution)sの委託研究契約 %(number)s が送付から%(days)s日たっても未署名です。")
                        % {"institution": contract.institution.name, "number": contract.number, "days": age},
                        link=f"/finance/contracts/{contract.pk}/",
                    )
                )
    return sent
