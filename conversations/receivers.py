"""Who is told of a request for information and of its answer. Connected in ConversationsConfig.ready().

Runs inside the transition's transaction (`application_transitioned`): the notifications are
written with the move or not at all; one per person and request (dedup keys), sent after commit.
"""

from django.urls import reverse

from applications.info_requests import open_request
from applications.models import InfoRequest
from applications.signals import application_transitioned
from notifications.services import notify
from programs.fiscal import JST

from .selectors import officers_of, reviewers_of


def connect() -> None:
    application_transitioned.connect(on_application_transitioned, dispatch_uid="conversations.info_requests")


def on_application_transitioned(sender, *, application, transition, actor, note, **kwargs):
    if transition.action == "request_info":
        request = open_request(application)
        told = [(application.applicant, "info_requested")]
        told += [(person, "info_requested_reviewer") for person in reviewers_of(application)]
        _tell(request, "asked", told, actor, note)
    elif transition.action == "respond_info":
        answered = InfoRequest.objects.filter(application=application, answered_at__isnull=False)
        request = answered.order_by("-answered_at", "-id").first()
        told = [(person, "info_answered") for person in officers_of(application)]
        told += [(person, "info_answered") for person in reviewers_of(application)]
        _tell(request, "answered", told, actor, note)


def _tell(request, step: str, told, actor, note: str) -> None:
    application = request.application
    link = reverse("applications:detail", args=[application.pk]) + "#timeline"
    for person, kind in told:
        if person.pk == getattr(actor, "pk", None):
            continue
        notify(
            recipient=person,
            kind=kind,
            dedup_key=f"info-request:{request.pk}:{step}:{person.pk}",
            context={
                "name": str(person),
                "application": str(application),
                "question": request.question,
                "due": request.due_at.astimezone(JST).date().isoformat(),
                "link": link,
            },
            link=link,
        )
