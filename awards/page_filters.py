"""The officer's award list filter: the API's parameters, each chosen from a dropdown in words."""

import django_filters
from django.utils.translation import gettext_lazy as _

from programs import page_filters as pf
from programs.models import CoiNextField, Program
from sangaku.textsearch import QUERY_MAX

from .filters import AwardFilter
from .models import AwardStatus


class AwardPageFilter(AwardFilter):
    q = django_filters.CharFilter(
        method="filter_search",
        label=_("検索（課題名・概要・キーワード・研究代表者・所属機関）"),
        max_length=QUERY_MAX,
        error_messages={"max_length": _("検索語は100文字以内で入力してください。")},
    )
    platform = pf.code_choice(_("プラットフォーム"), "application__call__platform__code")
    stage = pf.code_choice(_("段階"), "application__call__stage__code")
    program = pf.code_choice(_("プログラム"), "application__call__stage__program__code")
    fiscal_year = pf.choice(_("年度"), "application__call__fiscal_year")
    field = pf.choice(_("分野"), "application__call__field", choices=CoiNextField.choices)
    status = pf.choice(_("状態"), "status", choices=AwardStatus.choices)
    overdue = django_filters.ChoiceFilter(
        label=_("期限超過の報告"),
        choices=[("true", _("あり")), ("false", _("なし"))],
        empty_label=_("すべて"),
        method="filter_overdue_choice",
    )
    sort = pf.sort_filter(
        [
            ("award_number", _("課題番号順")),
            ("-starts_on,award_number", _("開始日（新しい順）")),
            ("-amount_total,award_number", _("採択額（大きい順）")),
            ("-overdue_reports,award_number", _("期限超過の多い順")),
        ]
    )

    class Meta(AwardFilter.Meta):
        fields = AwardFilter.Meta.fields + ["q", "sort"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The page's search box is `q` (the API's `search`), first in the form.
        self.filters.pop("search")
        self.filters = {"q": self.filters.pop("q"), **self.filters}
        pf.set_code_choices(self, "platform", pf.platform_choices(user))
        pf.set_code_choices(self, "stage", pf.stage_choices(user))
        pf.set_code_choices(self, "program", [(p.code, p.name) for p in Program.objects.order_by("id")])
        self.filters["fiscal_year"].extra["choices"] = pf.fiscal_year_choices(user)

    def filter_overdue_choice(self, queryset, name, value):
        return self.filter_overdue(queryset, name, value == "true")
