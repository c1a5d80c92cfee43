"""Dropdown choices for the officer lists' filters: calls by name, platforms and stages by name, fiscal
years in 令和. The API keeps its code filters; the pages send the same parameters chosen from lists."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .filters import CodeFilter
from .models import Call, Platform, Stage
from .selectors import officer_scope_q
from .templatetags.sangaku import fy


def scoped_calls(user):
    qs = Call.objects.select_related("stage__program", "platform")
    if getattr(user, "is_director", False):
        return qs
    return qs.filter(officer_scope_q(user, platform_path="platform", program_path="stage__program"))


def call_choices(user) -> list[tuple[str, str]]:
    return [(str(c.pk), f"{c.title}（{fy(c.fiscal_year)}）") for c in scoped_calls(user).order_by("-fiscal_year", "id")]


def platform_choices(user) -> list[tuple[str, str]]:
    ids = scoped_calls(user).exclude(platform=None).values("platform_id")
    return [(p.code, p.name_ja_long or p.name) for p in Platform.objects.filter(id__in=ids).order_by("id")]


def stage_choices(user) -> list[tuple[str, str]]:
    ids = scoped_calls(user).values("stage_id")
    return [
        (s.code, f"{s.program.name} {s.name}")
        for s in Stage.objects.filter(id__in=ids).select_related("program").order_by("program_id", "order")
    ]


def fiscal_year_choices(user) -> list[tuple[str, str]]:
    years = sorted(set(scoped_calls(user).values_list("fiscal_year", flat=True)), reverse=True)
    return [(str(y), fy(y)) for y in years]


def catalog_choices(user) -> dict[str, list[tuple[str, str]]]:
    """The call, platform, stage and fiscal-year dropdowns of one list page, from one query of the calls in
    `user`'s scope (the same choices as `call_choices`, `platform_choices`, `stage_choices` and
    `fiscal_year_choices`, which ask one query each)."""
    calls = list(scoped_calls(user).select_related("platform", "stage__program").order_by("-fiscal_year", "id"))
    platforms = {c.platform_id: c.platform for c in calls if c.platform_id}
    stages = {c.stage_id: c.stage for c in calls}
    return {
        "call": [(str(c.pk), f"{c.title}（{fy(c.fiscal_year)}）") for c in calls],
        "platform": [(p.code, p.name_ja_long or p.name) for _id, p in sorted(platforms.items())],
        "stage": [
            (st.code, f"{st.program.name} {st.name}")
            for st in sorted(stages.values(), key=lambda st: (st.program_id, st.order, st.pk))
        ],
        "fiscal_year": [(str(y), fy(y)) for y in sorted({c.fiscal_year for c in calls}, reverse=True)],
    }


def code_choice(label, field_name):
    """A code filter (case-insensitive, like the API's) shown as a dropdown; choices are set per user."""
    return CodeFilter(field_name=field_name, label=label, widget=forms.Select)


def set_code_choices(flt, name: str, choices) -> None:
    flt.filters[name].extra["widget"] = forms.Select(choices=[("", _("すべて"))] + list(choices))


def choice(label, field_name, **kwargs):
    return django_filters.ChoiceFilter(field_name=field_name, label=label, empty_label=_("すべて"), **kwargs)


def sort_filter(options: list[tuple[str, str]]):
    """A 並び順 dropdown: options are (ordering, label); unknown values are refused by the form."""

    def apply(queryset, name, value):
        return queryset.order_by(*value.split(",")) if value else queryset

    return django_filters.ChoiceFilter(
        label=_("並び順"), choices=options, empty_label=_("標準"), method=lambda qs, name, value: apply(qs, name, value)
    )
