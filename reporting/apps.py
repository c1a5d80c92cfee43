from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("集計")

    def ready(self):
        from applications.signals import application_transitioned

        from .receivers import on_application_transitioned

        # Inside the transition's transaction: the notification is committed with the decision or not at all.
        application_transitioned.connect(
            on_application_transitioned, dispatch_uid="reporting.application_event_notifications"
        )
