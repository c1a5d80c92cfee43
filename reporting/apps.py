from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("集計")

    def ready(self):
        from applications.signals import application_transition_committed

        from .receivers import on_application_transition_committed

        application_transition_committed.connect(
            on_application_transition_committed, dispatch_uid="reporting.application_event_notifications"
        )
