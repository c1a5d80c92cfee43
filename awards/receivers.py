"""Reactions to other apps' signals, connected in `AwardsConfig.ready()`."""

from applications.signals import application_transitioned


def create_award_on_accept(sender, *, application, transition, actor, note, **kwargs):
    # Inside the accepting transaction: if the award cannot be made, the acceptance rolls back.
    if transition.action != "accept":
        return
    from .services import award_create_for_application

    award_create_for_application(application=application, actor=actor)


def connect() -> None:
    application_transitioned.connect(create_award_on_accept, dispatch_uid="awards.create_award_on_accept")
