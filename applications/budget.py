"""Budget lines of a draft (予算): one line per fiscal year and cost category."""

from django.db import transaction
from django.utils.translation import gettext as _

from programs.templatetags.sangaku import fy as fy_label
from sangaku.errors import NotFound, invalid

from .editing import application_record_event, delete_draft_part, lock_editable
from .models import Application, BudgetCategory, BudgetLine


def _validate_budget_line(fiscal_year: int, category: str, amount: int) -> None:
    errors = {}
    if category not in BudgetCategory.values:
        errors["category"] = [_("費目は equipment, travel, personnel, other, indirect のいずれかにしてください。")]
    if fiscal_year is None or not 2000 <= fiscal_year <= 2100:
        errors["fiscal_year"] = [_("年度は西暦4桁（例: 2025）で入力してください。")]
    if amount is None or amount < 0:
        errors["amount"] = [_("金額（円）は0以上の整数で入力してください。")]
    if errors:
        raise invalid(errors)


@transaction.atomic
def budget_line_upsert(
    *,
    application_id: int,
    actor,
    fiscal_year: int,
    category: str,
    amount: int,
    line_id: int | None = None,
    version=None,
) -> BudgetLine:
    """Create or change one budget line of a draft (one line per fiscal year and category)."""
    application = lock_editable(application_id, actor, version=version)
    _validate_budget_line(fiscal_year, category, amount)
    clash = application.budget_lines.filter(fiscal_year=fiscal_year, category=category)
    if line_id is not None:
        line = application.budget_lines.filter(pk=line_id).first()
        if line is None:
            raise NotFound(_("予算行が見つかりません。"))
        if clash.exclude(pk=line_id).exists():
            raise invalid({"category": [_("同じ年度・費目の行がすでにあります。その行の金額を変更してください。")]})
        line.fiscal_year, line.category, line.amount = fiscal_year, category, amount
        line.save()
    else:
        line, _created = BudgetLine.objects.update_or_create(
            application=application, fiscal_year=fiscal_year, category=category, defaults={"amount": amount}
        )
    application_record_event(
        application=application,
        actor=actor,
        action="budget_update",
        note=f"{fy_label(fiscal_year)} {BudgetCategory(category).label} {amount:,}円",
    )
    return line


@transaction.atomic
def budget_line_delete(*, application_id: int, actor, line_id: int) -> None:
    """Remove one budget line of a draft."""
    delete_draft_part(
        application_id=application_id,
        actor=actor,
        related="budget_lines",
        pk=line_id,
        missing=_("予算行が見つかりません。"),
        action="budget_delete",
        describe=lambda line: f"{line.fiscal_year} {BudgetCategory(line.category).label}",
    )


@transaction.atomic
def budget_set(*, application_id: int, actor, amounts: dict[tuple[int, str], int | None], version=None) -> Application:
    """Replace a draft's budget grid: a blank or zero amount removes the line. One event for the whole save."""
    application = lock_editable(application_id, actor, version=version)
    existing = {(line.fiscal_year, line.category): line for line in application.budget_lines.all()}
    changed = False
    for (fiscal_year, category), amount in amounts.items():
        line = existing.get((fiscal_year, category))
        if not amount:
            if line is not None:
                line.delete()
                changed = True
            continue
        _validate_budget_line(fiscal_year, category, amount)
        if line is None:
            BudgetLine.objects.create(
                application=application, fiscal_year=fiscal_year, category=category, amount=amount
            )
            changed = True
        elif line.amount != amount:
            line.amount = amount
            line.save(update_fields=["amount"])
            changed = True
    if changed:
        total = sum(application.budget_lines.values_list("amount", flat=True))
        application_record_event(
            application=application,
            actor=actor,
            action="budget_update",
            note=_("合計 %(total)s円") % {"total": f"{total:,}"},
        )
    return application
