from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("中間評価・ステージゲート")

    def ready(self):
        from applications.identity import register_review_side

        from .selectors import evaluator_seats

        register_review_side(evaluator_seats)
        from awards.detail_hooks import register_award_section
        from sangaku.workflow import register_guard

        from . import receivers, services
        from .views import award_section

        receivers.connect()
        register_award_section(award_section)
        for name in (
            "evaluation_award_running",
            "evaluation_panel_scored",
            "evaluation_conditions_given",
            "evaluation_budgets_given",
            "evaluation_scores_complete",
        ):
            register_guard(name, getattr(services, name))
