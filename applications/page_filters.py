"""The officer's application list filter: the API's parameters, each chosen from a dropdown in words."""

import django_filters
from django.utils.translation import gettext_lazy as _

from programs import page_filters as pf
from programs.models import CoiNextField
from sangaku.textsearch import QUERY_MAX

from .filters import ApplicationFilter
from .models import Status

# The report dashboard's columns that cover more than one status (drill-down links use them).
PHASES = {
    "screening": (_("受付・形式審査中"), [Status.SUBMITTED, Status.SCREENING]),
    "in_review": (_("審査中（面接含む）"), [Status.IN_REVIEW, Status.INTERVIEW]),
    "rejected": (_("不採択（要件不備含む）"), [Status.REJECTED, Status.INELIGIBLE]),
}


class ApplicationPageFilter(ApplicationFilter):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("検索（課題名・概要・キーワード・研究代表者・所属機関）"),
        max_length=QUERY_MAX,
        error_messages={"max_length": _("検索語は100文字以内で入力してください。")},
    )
    call = pf.choice(_("公募"), "call_id")
    platform = pf.code_choice(_("プラットフォーム"), "call__platform__code")
    stage = pf.code_choice(_("段階"), "call__stage__code")
    fiscal_year = pf.choice(_("年度"), "call__fiscal_year")
    field = pf.choice(_("分野"), "call__field", choices=CoiNextField.choices)
    phase = django_filters.ChoiceFilter(
        label=_("進み具合"),
        choices=[(key, label) for key, (label, _statuses) in PHASES.items()],
        empty_label=_("すべて"),
        method="filter_phase",
    )
    sort = pf.sort_filter(
        [
            ("-submitted_at,-id", _("提出日時（新しい順）")),
            ("submitted_at,id", _("提出日時（古い順）")),
            ("receipt_number,id", _("受付番号順")),
            ("-requested_amount,id", _("申請額（大きい順）")),
            ("title,id", _("課題名順")),
        ]
    )

    class Meta(ApplicationFilter.Meta):
        fields = ApplicationFilter.Meta.fields + ["q", "field", "phase", "sort"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's search box is `q` (the API's `search`), first in the form.
        self.filters.pop("search")
        self.filters = {"q": self.filters.pop("q"), **self.filters}
        choices = pf.catalog_choices(user)  # the four dropdowns from one query
        self.filters["call"].extra["choices"] = choices["call"]
        pf.set_code_choices(self, "platform", choices["platform"])
        pf.set_code_choices(self, "stage", choices["stage"])
        self.filters["fiscal_year"].extra["choices"] = choices["fiscal_year"]
        self.filters["status"].extra["empty_label"] = _("すべて")

    def filter_phase(self, queryset, name, value):
        return queryset.filter(status__in=PHASES[value][1]) if value in PHASES else queryset
