"""Reactions to workflow signals, connected in `AwardsConfig.ready()`."""

from applications.signals import application_transitioned

from .workflow import REPORT_WORKFLOW


def create_award_on_accept(sender, *, application, transition, actor, note, **kwargs):
    # Inside the accepting transaction: if the award cannot be made, the acceptance rolls back.
    if transition.action != "accept":
        return
    from .services import award_create_for_application

    award_create_for_application(application=application, actor=actor)


def notify_holder_on_report_decision(sender, *, instance, transition, event, **kwargs):
    # Inside the transaction: the notification row commits (or rolls back) with the move.
    if transition.action in ("accept", "request_revision"):
        from .services import report_notify_holder

        report_notify_holder(instance, event)


def connect() -> None:
    application_transitioned.connect(create_award_on_accept, dispatch_uid="awards.create_award_on_accept")
    REPORT_WORKFLOW.transitioned.connect(
        notify_holder_on_report_decision, dispatch_uid="awards.notify_holder_on_report_decision"
    )
