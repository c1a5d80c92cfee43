from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("審査")

    def ready(self):
        from applications.identity import register_review_side

        from .selectors import review_side_seats

        register_review_side(review_side_seats)
        from applications.permissions import register_visibility
        from sangaku.workflow import register_guard

        from . import guards, receivers
        from .permissions import reviewer_visibility_q

        receivers.connect()
        register_guard("can_start_review", guards.can_start_review)
        register_guard("can_accept", guards.can_accept)
        register_visibility(reviewer_visibility_q)
