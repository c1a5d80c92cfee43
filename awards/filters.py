import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from applications.search import search_applications
from programs.filters import CodeFilter
from sangaku.filters import IdFilter, IntegerFilter
from sangaku.textsearch import QUERY_MAX

from .models import Award, ProgressReport
from .selectors import overdue_q


class AwardFilter(django_filters.FilterSet):
    platform = CodeFilter(field_name="application__call__platform__code")
    stage = CodeFilter(field_name="application__call__stage__code")
    program = CodeFilter(field_name="application__call__stage__program__code")
    field = django_filters.CharFilter(field_name="application__call__field", lookup_expr="iexact")
    fiscal_year = IntegerFilter(field_name="application__call__fiscal_year")
    status = django_filters.CharFilter(field_name="status", lookup_expr="iexact")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="overdue")
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("検索（課題名・概要・キーワード・研究代表者・所属機関）"),
        max_length=QUERY_MAX,
        error_messages={"max_length": _("検索語は100文字以内で入力してください。")},
    )

    class Meta:
        model = Award
        fields = ["platform", "stage", "program", "field", "fiscal_year", "status", "overdue", "search"]

    def filter_search(self, queryset, name, value):
        return search_applications(queryset, value, path="application__")

    def filter_overdue(self, queryset, name, value):
        has_overdue = Exists(ProgressReport.objects.filter(overdue_q(), award=OuterRef("pk")))
        return queryset.filter(has_overdue) if value else queryset.exclude(has_overdue)


class ReportFilter(django_filters.FilterSet):
    platform = CodeFilter(field_name="award__application__call__platform__code")
    stage = CodeFilter(field_name="award__application__call__stage__code")
    fiscal_year = IntegerFilter(field_name="fiscal_year")
    status = django_filters.CharFilter(field_name="status", lookup_expr="iexact")
    kind = django_filters.CharFilter(field_name="kind", lookup_expr="iexact")
    award = IdFilter(field_name="award_id")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="overdue")

    class Meta:
        model = ProgressReport
        fields = ["platform", "stage", "fiscal_year", "status", "kind", "award", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
