from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("採択課題")

    def ready(self):
        from applications.guards import register_draft_check, register_submit_check
        from sangaku.workflow import register_guard

        from . import receivers
        from .promotion import predecessor_exists, predecessor_problems
        from .services import report_has_content

        receivers.connect()
        register_submit_check(predecessor_problems)
        register_draft_check(predecessor_exists)
        register_guard("report_has_content", report_has_content)
