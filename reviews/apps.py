from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("審査")

    def ready(self):
        from applications.guards import register_guard

        from . import guards, receivers  # noqa: F401  (connects the signal receivers)

        register_guard("can_start_review", guards.can_start_review)
        register_guard("can_accept", guards.can_accept)
