from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "letters"
    verbose_name = _("採否通知書")

    def ready(self):
        from applications.panels import register_panel
        from sangaku.workflow import register_guard

        from .guards import application_decided
        from .selectors import letter_panel

        register_guard("application_decided", application_decided)
        register_panel(letter_panel)
