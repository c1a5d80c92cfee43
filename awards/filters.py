import django_filters
from django.db.models import Exists, OuterRef

from programs.filters import CodeFilter

from .models import Award, ProgressReport
from .selectors import overdue_q


class AwardFilter(django_filters.FilterSet):
    platform = CodeFilter(field_name="application__call__platform__code")
    stage = CodeFilter(field_name="application__call__stage__code")
    program = CodeFilter(field_name="application__call__stage__program__code")
    field = django_filters.CharFilter(field_name="application__call__field", lookup_expr="iexact")
    fiscal_year = django_filters.NumberFilter(field_name="application__call__fiscal_year")
    status = django_filters.CharFilter(field_name="status", lookup_expr="iexact")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="overdue")

    class Meta:
        model = Award
        fields = ["platform", "stage", "program", "field", "fiscal_year", "status", "overdue"]

    def filter_overdue(self, queryset, name, value):
        has_overdue = Exists(ProgressReport.objects.filter(overdue_q(), award=OuterRef("pk")))
        return queryset.filter(has_overdue) if value else queryset.exclude(has_overdue)


class ReportFilter(django_filters.FilterSet):
    platform = CodeFilter(field_name="award__application__call__platform__code")
    stage = CodeFilter(field_name="award__application__call__stage__code")
    fiscal_year = django_filters.NumberFilter(field_name="fiscal_year")
    status = django_filters.CharFilter(field_name="status", lookup_expr="iexact")
    kind = django_filters.CharFilter(field_name="kind", lookup_expr="iexact")
    award = django_filters.NumberFilter(field_name="award_id")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="overdue")

    class Meta:
        model = ProgressReport
        fields = ["platform", "stage", "fiscal_year", "status", "kind", "award", "overdue"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())
