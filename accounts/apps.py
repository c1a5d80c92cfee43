from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("アカウント")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .signin import forget_own_failures

        user_logged_in.connect(forget_own_failures, dispatch_uid="accounts.forget_own_failures")

        from django.db.models.signals import m2m_changed

        from .models import User

        for through in (User.officer_platforms.through, User.officer_programs.through):
            m2m_changed.connect(_forget_scope, sender=through, dispatch_uid=f"accounts.forget_scope.{through.__name__}")


def _forget_scope(sender, instance, action, **kwargs):
    """An officer's platforms or programs changed through this user object: its remembered scope is stale."""
    if action.startswith("post_") and hasattr(instance, "forget_officer_scope"):
        instance.forget_officer_scope()
