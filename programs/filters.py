import django_filters
from django.db.models import Q
from django.utils import timezone

from sangaku.filters import IntegerFilter

from .models import Call


class CodeFilter(django_filters.CharFilter):
    """Matches a public code case-insensitively (ksac == KSAC)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "iexact")
        super().__init__(*args, **kwargs)


class CallFilter(django_filters.FilterSet):
    is_open = django_filters.BooleanFilter(method="filter_is_open", label="is_open")
    fiscal_year = IntegerFilter()
    platform = CodeFilter(field_name="platform__code")
    stage = CodeFilter(field_name="stage__code")
    program = CodeFilter(field_name="stage__program__code")
    field = django_filters.CharFilter(field_name="field", lookup_expr="iexact")

    class Meta:
        model = Call
        fields = ["is_open", "fiscal_year", "platform", "stage", "program", "field"]

    def filter_is_open(self, queryset, name, value):
        now = timezone.now()
        is_open = Q(published=True, opens_at__lte=now, closes_at__gte=now)
        return queryset.filter(is_open) if value else queryset.exclude(is_open)
