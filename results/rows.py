"""One adopted project as a row people read (page, CSV, XLSX, API): names in the reader's language."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

COLUMNS = [
    ("fiscal_year", _("年度")),
    ("program", _("プログラム")),
    ("platform", _("プラットフォーム")),
    ("stage", _("段階")),
    ("number", _("課題番号")),
    ("title", _("課題名")),
    ("pi_name", _("研究代表者")),
    ("institution", _("所属機関")),
    ("amount", _("採択額（円）")),
]


def _name(obj) -> str:
    if obj is None:
        return ""
    english = (get_language() or "ja").startswith("en")
    return (getattr(obj, "name_en", "") if english else "") or obj.name


def _person(user) -> str:
    english = (get_language() or "ja").startswith("en")
    return (user.display_name_en if english else "") or str(user)


def result_row(award) -> dict:
    application = award.application
    call = application.call
    with_amounts = call.result_publication.with_amounts if hasattr(call, "result_publication") else False
    return {
        "fiscal_year": call.fiscal_year,
        "program": _name(call.stage.program),
        "platform": _name(call.platform),
        "stage": _name(call.stage),
        "call_id": call.pk,
        "number": award.award_number,
        "title": application.title,
        "pi_name": _person(award.holder),
        "institution": _name(application.institution),
        "amount": award.amount_total if with_amounts else None,
    }
