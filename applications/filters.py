"""Filters of the application lists (API and officer pages share one FilterSet)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from programs.filters import CodeFilter
from sangaku.filters import IdFilter, IntegerFilter
from sangaku.textsearch import QUERY_MAX

from .models import Application, Status
from .search import search_applications


class ApplicationFilter(django_filters.FilterSet):
    call = IdFilter(field_name="call_id", label=_("公募ID"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状態"))
    platform = CodeFilter(field_name="call__platform__code", label=_("プラットフォーム（コード）"))
    stage = CodeFilter(field_name="call__stage__code", label=_("段階（コード）"))
    fiscal_year = IntegerFilter(field_name="call__fiscal_year", label=_("年度"))
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("検索（課題名・概要・キーワード・研究代表者・所属機関）"),
        max_length=QUERY_MAX,
        error_messages={"max_length": _("検索語は100文字以内で入力してください。")},
    )

    class Meta:
        model = Application
        fields = ["call", "status", "platform", "stage", "fiscal_year", "search"]

    def filter_search(self, queryset, name, value):
        return search_applications(queryset, value)
