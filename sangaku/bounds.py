"""Domain bounds for every number, date and text a user can type, shared by models, serializers and forms.

One place decides how big a yen amount, how long a project, which fiscal years and dates,
and how long a text may be; `models.py` uses the validators (and cheap `CheckConstraint`s),
`serializers.py` the `api_*` fields and `forms.py` the `form_*` fields, so the three never
disagree. Each refusal names the field and says why in the user's language (docs/api.md).
"""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

YEN_MAX = 100_000_000_000  # 1,000億円: far above any program's ceiling, far below the 64-bit limit
MONTHS_MIN, MONTHS_MAX = 1, 120  # a project lasts at most ten years
EFFORT_MIN, EFFORT_MAX = 1, 100
FISCAL_YEAR_MIN, FISCAL_YEAR_MAX = 2000, 2100
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)

TITLE_MAX = 200  # 課題名 (the model's column)
SUMMARY_MAX = 10_000  # 概要
NOTE_MAX = 2_000  # reasons and notes of workflow moves, conflicts, adjustments
COMMENT_MAX = 10_000  # reviewers' comments
REPORT_BODY_MAX = 50_000  # 報告本文

YEN_MESSAGE = _("0円以上、1,000億円以下の整数で入力してください。")
MONTHS_MESSAGE = _("1〜120か月の整数で入力してください。")
FISCAL_YEAR_MESSAGE = _("2000〜2100年度の範囲で入力してください。")
DATE_MESSAGE = _("2000年1月1日〜2100年12月31日の日付を入力してください。")


def _text_message(limit: int):
    return format_lazy(_("{limit}文字以内で入力してください。"), limit=f"{limit:,}")


YEN_VALIDATORS = [MinValueValidator(0, YEN_MESSAGE), MaxValueValidator(YEN_MAX, YEN_MESSAGE)]
MONTHS_VALIDATORS = [MinValueValidator(MONTHS_MIN, MONTHS_MESSAGE), MaxValueValidator(MONTHS_MAX, MONTHS_MESSAGE)]
FISCAL_YEAR_VALIDATORS = [
    MinValueValidator(FISCAL_YEAR_MIN, FISCAL_YEAR_MESSAGE),
    MaxValueValidator(FISCAL_YEAR_MAX, FISCAL_YEAR_MESSAGE),
]
DATE_VALIDATORS = [MinValueValidator(DATE_MIN, DATE_MESSAGE), MaxValueValidator(DATE_MAX, DATE_MESSAGE)]


CODE_VALIDATOR = RegexValidator(r"^[A-Z0-9_]+$", _("英大文字・数字・アンダースコア（_）だけで入力してください。"))
PERCENT_VALIDATORS = [MaxValueValidator(100, _("100以下の整数で入力してください。"))]
AT_LEAST_ONE_VALIDATORS = [MinValueValidator(1, _("1以上の整数で入力してください。"))]


def latest_end(starts_on: dt.date) -> dt.date:
    """The latest end date of a project starting on `starts_on` (MONTHS_MAX months later)."""
    return starts_on.replace(year=starts_on.year + MONTHS_MAX // 12, day=min(starts_on.day, 28))


def yen_q(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0, f"{field}__lte": YEN_MAX})


def months_q(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": MONTHS_MIN, f"{field}__lte": MONTHS_MAX})


def fiscal_year_q(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": FISCAL_YEAR_MIN, f"{field}__lte": FISCAL_YEAR_MAX})


# --- API (DRF) fields ---------------------------------------------------------------------------


def _api_int(lo, hi, message, **kwargs):
    messages = {"min_value": message, "max_value": message, "invalid": _("整数で入力してください。")}
    return serializers.IntegerField(min_value=lo, max_value=hi, error_messages=messages, **kwargs)


def api_yen(**kwargs):
    return _api_int(0, YEN_MAX, YEN_MESSAGE, **kwargs)


def api_months(**kwargs):
    return _api_int(MONTHS_MIN, MONTHS_MAX, MONTHS_MESSAGE, **kwargs)


def api_fiscal_year(**kwargs):
    return _api_int(FISCAL_YEAR_MIN, FISCAL_YEAR_MAX, FISCAL_YEAR_MESSAGE, **kwargs)


def api_text(limit: int, **kwargs):
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    return serializers.CharField(max_length=limit, error_messages={"max_length": _text_message(limit)}, **kwargs)


def api_note(**kwargs):
    kwargs.setdefault("default", "")
    return api_text(NOTE_MAX, **kwargs)


def api_date(**kwargs):
    return serializers.DateField(validators=DATE_VALIDATORS, **kwargs)


def api_datetime(**kwargs):
    return serializers.DateTimeField(validators=[within_dates], **kwargs)


def within_dates(value):
    """A date or date-time between DATE_MIN and DATE_MAX (validator for date-times)."""
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(DATE_MESSAGE, code="out_of_range")


# --- HTML form fields ---------------------------------------------------------------------------


def form_yen(**kwargs):
    messages = {"min_value": YEN_MESSAGE, "max_value": YEN_MESSAGE}
    return forms.IntegerField(min_value=0, max_value=YEN_MAX, error_messages=messages, **kwargs)


def form_months(**kwargs):
    messages = {"min_value": MONTHS_MESSAGE, "max_value": MONTHS_MESSAGE}
    return forms.IntegerField(min_value=MONTHS_MIN, max_value=MONTHS_MAX, error_messages=messages, **kwargs)


def form_text(limit: int, **kwargs):
    kwargs.setdefault("required", False)
    return forms.CharField(max_length=limit, error_messages={"max_length": _text_message(limit)}, **kwargs)


def form_date(**kwargs):
    return forms.DateField(validators=DATE_VALIDATORS, **kwargs)
