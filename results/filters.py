"""Filters of the public results (page and API): program and platform by code, fiscal year by number."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from programs.filters import CodeFilter
from programs.models import Platform, Program, Stage
from programs.templatetags.sangaku import fy
from sangaku.filters import IntegerFilter

from .selectors import published_calls

FISCAL_YEAR_MIN, FISCAL_YEAR_MAX = 2000, 2100


class ResultFilter(django_filters.FilterSet):
    program = CodeFilter(field_name="application__call__stage__program__code", label=_("プログラム"))
    platform = CodeFilter(field_name="application__call__platform__code", label=_("プラットフォーム"))
    stage = CodeFilter(field_name="application__call__stage__code", label=_("段階"))
    fiscal_year = IntegerFilter(
        field_name="application__call__fiscal_year",
        label=_("年度"),
        min_value=FISCAL_YEAR_MIN,
        max_value=FISCAL_YEAR_MAX,
    )


class ResultPageFilter(ResultFilter):
    """The same parameters, each chosen from a dropdown in words (only what has been published)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        calls = published_calls()
        everything = [("", _("すべて"))]
        programs = Program.objects.filter(stages__calls__in=calls).distinct().order_by("id")
        platforms = Platform.objects.filter(calls__in=calls).distinct().order_by("id")
        years = sorted(set(calls.values_list("fiscal_year", flat=True)), reverse=True)
        self.filters["program"].extra["widget"] = forms.Select(
            choices=everything + [(p.code, p.name) for p in programs]
        )
        self.filters["platform"].extra["widget"] = forms.Select(
            choices=everything + [(p.code, p.name_ja_long or p.name) for p in platforms]
        )
        stages = (
            Stage.objects.filter(calls__in=calls).distinct().select_related("program").order_by("program_id", "order")
        )
        self.filters["stage"].extra["widget"] = forms.Select(
            choices=everything + [(s.code, f"{s.program.name} {s.name}") for s in stages]
        )
        self.filters["fiscal_year"].extra["widget"] = forms.Select(
            choices=everything + [(str(y), fy(y)) for y in years]
        )
