"""A program's money rules as data (`FinanceRule`), with JST's values when a program has none.

JST 委託研究 (see docs/domain.md): direct 費目 物品費 (設備備品費, 消耗品費), 旅費, 人件費・謝金, その他; 間接経費 up
to 30 % of direct costs, per institution and fiscal year.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import FinanceRule

INDIRECT = "indirect"

JST_DIRECT_CATEGORIES = [
    {"code": "equipment", "label": "設備備品費", "label_en": "Equipment"},
    {"code": "consumables", "label": "消耗品費", "label_en": "Consumables"},
    {"code": "travel", "label": "旅費", "label_en": "Travel"},
    {"code": "personnel", "label": "人件費・謝金", "label_en": "Personnel and honoraria"},
    {"code": "other", "label": "その他", "label_en": "Other"},
]
JST_INDIRECT_RATE = 30
JST_CONDITIONS = (
    "1. 受託者は、本契約の研究計画書に従い委託研究を実施する。\n"
    "2. 受託者は、本契約の締結前に委託費を支出してはならない。\n"
    "3. 費目間の流用は当該年度の直接経費の50%以内とし、これを超える場合は委託者の承認を得る。\n"
    "4. 間接経費は直接経費の%(rate)s%%以内とする。\n"
    "5. 受託者は、年度終了後5月31日までに実績報告書（兼収支決算報告書）を提出する。\n"
    "6. 委託費は支払計画に基づき、受託者の請求により支払う。"
)
INDIRECT_LABEL = _("間接経費")


@dataclass(frozen=True)
class Rules:
    direct_categories: tuple[dict, ...]
    indirect_rate_percent: int
    reminder_days: int = 7
    escalation_days: int = 21
    invoice_overdue_days: int = 14
    instalments: int = 2
    contract_conditions: str = JST_CONDITIONS

    @property
    def category_codes(self) -> tuple[str, ...]:
        return (*(c["code"] for c in self.direct_categories), INDIRECT)

    @property
    def direct_codes(self) -> tuple[str, ...]:
        return tuple(c["code"] for c in self.direct_categories)

    def label(self, code: str) -> str:
        if code == INDIRECT:
            return str(INDIRECT_LABEL)
        english = (get_language() or "ja").startswith("en")
        for c in self.direct_categories:
            if c["code"] == code:
                return (c.get("label_en") if english else None) or c["label"]
        return code

    def categories(self) -> list[tuple[str, str]]:
        return [(code, self.label(code)) for code in self.category_codes]

    def indirect_cap(self, direct: int) -> int:
        """The most 間接経費 `direct` yen of direct costs allow (whole yen, rounded down)."""
        return direct * self.indirect_rate_percent // 100

    def conditions_text(self) -> str:
        return self.contract_conditions.replace("%(rate)s", str(self.indirect_rate_percent)).replace("%%", "%")


def _from_row(row: FinanceRule, stage) -> Rules:
    return Rules(
        direct_categories=tuple(row.direct_categories or JST_DIRECT_CATEGORIES),
        indirect_rate_percent=row.indirect_rate_percent,
        reminder_days=row.reminder_days,
        escalation_days=row.escalation_days,
        invoice_overdue_days=row.invoice_overdue_days,
        instalments=max(1, row.instalments),
        contract_conditions=row.contract_conditions or JST_CONDITIONS,
    )


def rules_for_stage(stage) -> Rules:
    """The stage's row, else its program's, else JST's values (the indirect rate then from the stage)."""
    row = (
        FinanceRule.objects.filter(stage=stage).first()
        or FinanceRule.objects.filter(program_id=stage.program_id, stage__isnull=True).first()
    )
    if row is not None:
        return _from_row(row, stage)
    return Rules(
        direct_categories=tuple(JST_DIRECT_CATEGORIES),
        indirect_rate_percent=stage.indirect_rate_max_percent if stage.indirect_rate_max_percent is not None else 30,
    )


def rules_for_award(award) -> Rules:
    cached = getattr(award, "_finance_rules", None)
    if cached is None:
        cached = rules_for_stage(award.application.call.stage)
        award._finance_rules = cached
    return cached
