from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("面接審査")

    def ready(self):
        from applications.panels import register_panel
        from reviews.scoring import register_ranking_extension

        from .ranking import add_interview_columns
        from .views import interview_panel

        register_ranking_extension(add_interview_columns)
        register_panel(interview_panel)
