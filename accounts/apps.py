from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("アカウント")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .signin import forget_own_failures

        user_logged_in.connect(forget_own_failures, dispatch_uid="accounts.forget_own_failures")
