from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("面接審査")

    def ready(self):
        from applications.identity import register_review_side

        from .selectors import panel_seats

        register_review_side(panel_seats)
        from applications.panels import register_panel
        from reviews.scoring import register_ranking_extension

        from .ranking import add_interview_columns
        from .views import interview_panel

        register_ranking_extension(add_interview_columns)
        register_panel(interview_panel)

        from django.db.models.signals import post_save

        from .models import Interview, PanelMember

        for model in (Interview, PanelMember):
            post_save.connect(_ranking_input_saved, sender=model, dispatch_uid=f"interviews_ranking_{model.__name__}")


def _ranking_input_saved(sender, instance, **kwargs):
    """Interview scores are columns of the stored ranking: a saved interview or panel score retires it."""
    from applications.models import Application
    from reviews.ranking_store import ranking_changed

    from .models import Interview

    interview_id = instance.pk if isinstance(instance, Interview) else instance.interview_id
    call_id = (
        Application.objects.filter(interview__pk=interview_id).values_list("call_id", flat=True).first()
        if interview_id
        else None
    )
    if call_id:
        ranking_changed(call_id)
