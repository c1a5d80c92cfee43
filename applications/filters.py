"""Filters of the application lists (API and officer pages share one FilterSet)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programs.filters import CodeFilter

from .models import Application, Status


class ApplicationFilter(django_filters.FilterSet):
    call = django_filters.NumberFilter(field_name="call_id", label=_("公募ID"))
    status = django_filters.ChoiceFilter(choices=Status.choices, label=_("状態"))
    platform = CodeFilter(field_name="call__platform__code", label=_("プラットフォーム（コード）"))
    stage = CodeFilter(field_name="call__stage__code", label=_("段階（コード）"))
    fiscal_year = django_filters.NumberFilter(field_name="call__fiscal_year", label=_("年度"))
    search = django_filters.CharFilter(method="filter_search", label=_("キーワード（課題名・受付番号）"))

    class Meta:
        model = Application
        fields = ["call", "status", "platform", "stage", "fiscal_year", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(title_en__icontains=value) | Q(receipt_number__icontains=value)
        )
