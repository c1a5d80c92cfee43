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


def connect() -> None:
    from .workflow import ASSIGNMENT_WORKFLOW

    ASSIGNMENT_WORKFLOW.transitioned.connect(replacement_needed_on_leave, dispatch_uid="reviews_replacement_needed")
    application_transitioned.connect(detect_conflicts_on_submit, dispatch_uid="reviews_conflicts_on_submit")
    post_save.connect(detect_conflicts_on_profile, sender=ReviewerProfile, dispatch_uid="reviews_conflicts_on_profile")
