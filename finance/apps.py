from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("契約・支払")

    def ready(self):
        from awards.detail_hooks import register_award_section
        from sangaku.workflow import register_guard

        from . import receivers, services
        from .pages import award_section

        receivers.connect()
        register_award_section(award_section)
        for name in (
            "allocation_balanced",
            "award_contracts_signed",
            "contract_institution_signs_on_paper",
            "contract_signed_copy_given",
            "invoice_paid_on_given",
        ):
            register_guard(name, getattr(services, name))
