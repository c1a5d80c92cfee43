"""Signal receivers: thin hooks that call services, connected in `ReviewsConfig.ready()`."""

from django.db.models.signals import post_save

from applications.signals import application_transitioned

from .models import ReviewerProfile


def detect_conflicts_on_submit(sender, application, transition, actor, **kwargs):
    if transition.action == "submit":
        from .services import application_submitted

        application_submitted(application=application, actor=actor)


def detect_conflicts_on_profile(sender, instance, created, update_fields=None, **kwargs):
    if instance.active and (created or update_fields is None or {"active", "institution"} & set(update_fields)):
        from .services import reviewer_profile_activated

        reviewer_profile_activated(profile=instance)


def replacement_needed_on_leave(sender, instance, transition, **kwargs):
    if transition.action in ("decline", "withdraw"):
        from .replacements import replacement_needed_notify

        replacement_needed_notify(instance)


def _cached_call_id(instance, *path) -> int | None:
    """The call id reachable through already-loaded relations, or None."""
    for name in path:
        instance = instance._state.fields_cache.get(name) if instance is not None else None
    return getattr(instance, "call_id", None)


def ranking_input_saved(sender, instance, **kwargs):
    """A ranking input was saved (application, assignment, review, meta-review, call or stage): its call's stored
    ranking is retired at once and again after commit (`ranking_store.ranking_changed`)."""
    from applications.models import Application

    from .models import Assignment, MetaReview, Review
    from .ranking_store import ranking_changed

    if isinstance(instance, Application):
        update_fields = kwargs.get("update_fields")
        if instance.is_editable and update_fields is not None and "status" not in update_fields:
            return  # a draft's content saved (the closing day's most frequent write): no ranking holds it, no lock
        call_id = instance.call_id
    elif isinstance(instance, MetaReview):
        call_id = Application.objects.filter(pk=instance.application_id).values_list("call_id", flat=True).first()
    elif isinstance(instance, Assignment):
        call_id = _cached_call_id(instance, "application") or (
            Application.objects.filter(pk=instance.application_id).values_list("call_id", flat=True).first()
        )
    elif isinstance(instance, Review):
        call_id = _cached_call_id(instance, "assignment", "application") or (
            Assignment.objects.filter(pk=instance.assignment_id).values_list("application__call_id", flat=True).first()
        )
    else:  # programs.Call / programs.Stage: the required review count and the stage's settings
        from programs.models import Call

        ids = [instance.pk] if isinstance(instance, Call) else list(instance.calls.values_list("id", flat=True))
        for call_id in ids:
            ranking_changed(call_id)
        return
    if call_id:
        ranking_changed(call_id)


def connect() -> None:
    from applications.models import Application
    from programs.models import Call, Stage

    from .models import Assignment, MetaReview, Review

    for model in (Application, Assignment, Review, MetaReview, Call, Stage):
        post_save.connect(ranking_input_saved, sender=model, dispatch_uid=f"reviews_ranking_{model.__name__}")
    from .workflow import ASSIGNMENT_WORKFLOW

    ASSIGNMENT_WORKFLOW.transitioned.connect(replacement_needed_on_leave, dispatch_uid="reviews_replacement_needed")
    application_transitioned.connect(detect_conflicts_on_submit, dispatch_uid="reviews_conflicts_on_submit")
    post_save.connect(detect_conflicts_on_profile, sender=ReviewerProfile, dispatch_uid="reviews_conflicts_on_profile")
