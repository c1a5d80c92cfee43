"""The officer's application list filter: the API's parameters, each chosen from a dropdown in words."""

from django.utils.translation import gettext_lazy as _

from programs import page_filters as pf

from .filters import ApplicationFilter


class ApplicationPageFilter(ApplicationFilter):
    call = pf.choice(_("公募"), "call_id")
    platform = pf.code_choice(_("プラットフォーム"), "call__platform__code")
    stage = pf.code_choice(_("段階"), "call__stage__code")
    fiscal_year = pf.choice(_("年度"), "call__fiscal_year")
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
        fields = ApplicationFilter.Meta.fields + ["sort"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["call"].extra["choices"] = pf.call_choices(user)
        pf.set_code_choices(self, "platform", pf.platform_choices(user))
        pf.set_code_choices(self, "stage", pf.stage_choices(user))
        self.filters["fiscal_year"].extra["choices"] = pf.fiscal_year_choices(user)
        self.filters["status"].extra["empty_label"] = _("すべて")
