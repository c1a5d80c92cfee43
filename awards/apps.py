from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("採択課題")

    def ready(self):
        from applications.guards import register_submit_check

        from . import receivers
        from .promotion import predecessor_problems

        receivers.connect()
        register_submit_check(predecessor_problems)
