"""Query filters of the API and the pages: integers are bounded, so no filter value can overflow the database.

django-filter's `NumberFilter` takes any decimal (`1e23`, a hundred digits) and hands it to the database,
which overflows (SQLite: `OverflowError`; a 500). `IntegerFilter` accepts whole numbers within the bounds
of a 64-bit column (or narrower ones given) and refuses anything else with 400 naming the parameter.
`FilterSet` uses it for every integer column it generates a filter for (`filterset_fields`), and
`FilterBackend` (settings DEFAULT_FILTER_BACKENDS) builds every view's generated filters on `FilterSet`.
"""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as DRFFilterSet

INTEGER_MIN, INTEGER_MAX = -(2**63), 2**63 - 1  # a 64-bit column (ids are BigAutoField)
ID_MIN = 1


class IntegerField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("整数で指定してください。"),
        "min_value": _("%(limit_value)s 以上の整数で指定してください。"),
        "max_value": _("%(limit_value)s 以下の整数で指定してください。"),
    }


class IntegerFilter(django_filters.Filter):
    """A whole number between `min_value` and `max_value` (by default the range of a 64-bit column)."""

    field_class = IntegerField

    def __init__(self, *args, min_value: int = INTEGER_MIN, max_value: int = INTEGER_MAX, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)


class IdFilter(IntegerFilter):
    """An object's id: a whole number from 1."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", ID_MIN)
        super().__init__(*args, **kwargs)


_INTEGER_COLUMNS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)


class FilterSet(DRFFilterSet):
    FILTER_DEFAULTS = {**DRFFilterSet.FILTER_DEFAULTS, **{f: {"filter_class": IntegerFilter} for f in _INTEGER_COLUMNS}}


class FilterBackend(DjangoFilterBackend):
    filterset_base = FilterSet
