from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("メッセージ")

    def ready(self):
        from applications.detail_hooks import register_detail_context

        from . import receivers
        from .views import detail_context

        receivers.connect()
        register_detail_context(detail_context)
