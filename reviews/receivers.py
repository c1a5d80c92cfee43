"""Signal receivers: thin hooks that call services."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from applications.signals import application_transitioned

from .models import ReviewerProfile


@receiver(application_transitioned, dispatch_uid="reviews_conflicts_on_submit")
def detect_conflicts_on_submit(sender, application, transition, actor, **kwargs):
    if transition.action == "submit":
        from .services import application_submitted

        application_submitted(application=application, actor=actor)


@receiver(post_save, sender=ReviewerProfile, dispatch_uid="reviews_conflicts_on_profile")
def detect_conflicts_on_profile(sender, instance, created, update_fields=None, **kwargs):
    if instance.active and (created or update_fields is None or {"active", "institution"} & set(update_fields)):
        from .services import reviewer_profile_activated

        reviewer_profile_activated(profile=instance)
