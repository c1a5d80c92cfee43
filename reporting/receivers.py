"""Event notifications to applicants: application returned, decision made.

Connected in ReportingConfig.ready() (notifications must not import domain apps).
The receiver runs inside the transition's transaction (`application_transitioned`)
and writes the notification to the outbox there, once per audit event (the dedup
key is the ApplicationEvent id). Nothing is caught: if the notification cannot be
written, the transition rolls back with it, so a committed decision always has its
notification. The e-mail is sent after commit by the outbox, which retries it until
the mail server takes it, so a mail server that is down delays the mail instead of
failing the request.
"""

from applications.models import Application, ApplicationEvent
from applications.workflow import DECIDED_STATES
from notifications.services import notify
from programs.fiscal import JST

RETURN_ACTIONS = ("return",)
DECISION_STATES = DECIDED_STATES  # accepted, rejected, ineligible: read from the workflow table
NOTE_FOR_APPLICANT = ("return", "reject_ineligible")


def on_application_transitioned(sender, *, application, transition, **kwargs):
    if transition.action not in RETURN_ACTIONS and transition.target not in DECISION_STATES:
        return
    event = (
        ApplicationEvent.objects.filter(application_id=application.pk, action=transition.action)
        .select_related("application__applicant", "application__call")
        .order_by("-id")
        .first()
    )
    if event is None:
        return
    _notify_event(event)


def application_event_notify(*, event_id: int) -> bool:
    """Notify the applicant of one return or decision event; True if a notification was created."""
    event = ApplicationEvent.objects.select_related("application__applicant", "application__call").get(pk=event_id)
    return _notify_event(event)


def _notify_event(event) -> bool:
    application: Application = event.application
    applicant = application.applicant
    language = applicant.preferred_language
    call = application.call
    if event.action in RETURN_ACTIONS:
        kind = "application_returned"
    elif event.to_status in DECISION_STATES:
        kind = "application_decision"
    else:
        return False
    context = {
        "name": str(applicant),
        "application": application.title or application.receipt_number or f"#{application.pk}",
        "call": (call.title_en if language == "en" else "") or call.title,
        "closes": call.closes_at.astimezone(JST).strftime("%Y-%m-%d %H:%M"),
        "decision": event.to_status,
        # Return and ineligibility notes are written for the applicant; accept/reject notes are internal.
        "note": event.note if event.action in NOTE_FOR_APPLICANT else "",
        "link": f"/applications/{application.pk}/",
    }
    created = notify(
        recipient=applicant,
        kind=kind,
        context=context,
        link=context["link"],
        dedup_key=f"{kind}:event{event.pk}:user{applicant.pk}",
    )
    return created is not None
