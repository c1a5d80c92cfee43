from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("申請")

    def ready(self):
        from . import guards, invitations, receivers

        guards.register()
        invitations.register()
        receivers.connect()

        from programs.views import register_home_panel

        from .invitation_views import home_panel

        register_home_panel(home_panel)
