"""Reads of conversations: the messages a person may see, unread counts, recipients and the timeline."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Role
from applications.identity import shown_to
from applications.models import InfoRequest, InfoResponse, Status
from applications.permissions import is_officer_for, notes_visible
from applications.selectors import application_events, team_users
from reviews.audit import reviewer_entries
from reviews.models import Assignment, ConflictOfInterest
from reviews.permissions import REVIEWER_VISIBLE_ASSIGNMENT_STATUSES

from .models import Message, ReadMarker, Visibility
from .permissions import visibilities_for

# Events shown as their own timeline entries (the request and the answer), not twice.
INFO_ACTIONS = ("request_info", "respond_info")


def messages_for(user, application) -> QuerySet[Message]:
    """Messages of this application that `user` may read, oldest first."""
    return (
        Message.objects.filter(application=application, visibility__in=visibilities_for(user, application))
        .select_related("author")
        .prefetch_related("files")
        .order_by("created_at", "id")
    )


def last_read_at(user, application) -> datetime | None:
    """Up to when `user` has read the application's messages; read once per application object (a page asks twice)."""
    known = application.__dict__.setdefault("_read_markers", {})
    if user.pk not in known:
        known[user.pk] = (
            ReadMarker.objects.filter(user=user, application=application).values_list("last_read_at", flat=True).first()
        )
    return known[user.pk]


def unread_messages(user, application) -> QuerySet[Message]:
    qs = messages_for(user, application).exclude(author=user)
    seen = last_read_at(user, application)
    return qs.filter(created_at__gt=seen) if seen else qs


def officers_of(application) -> QuerySet:
    """Officers whose scope holds the application (directors are not notified of every message)."""
    call = application.call
    return (
        get_user_model()
        .objects.filter(role=Role.OFFICER, is_active=True)
        .filter(Q(officer_platforms=call.platform_id) | Q(officer_programs=call.stage.program_id))
        .distinct()
    )


def reviewers_of(application) -> QuerySet:
    """Reviewers with a live assignment and no conflict of interest; nobody while a draft."""
    if application.status == Status.DRAFT:
        return get_user_model().objects.none()
    assigned = Assignment.objects.filter(
        application=application, status__in=REVIEWER_VISIBLE_ASSIGNMENT_STATUSES
    ).values("reviewer_id")
    conflicted = ConflictOfInterest.objects.filter(application=application).values("reviewer_id")
    return get_user_model().objects.filter(pk__in=assigned, is_active=True).exclude(pk__in=conflicted)


def team_of(application) -> QuerySet:
    """The applicant and the accepted members (pending and declined invitees are told nothing)."""
    return team_users(application)


def recipients(message: Message) -> list:
    """Who is told of a message: everyone who may read it, except its author."""
    application = message.application
    people = {u.pk: u for u in officers_of(application)}
    if message.visibility == Visibility.TEAM:
        people.update({u.pk: u for u in team_of(application)})
    elif message.visibility == Visibility.REVIEWERS:
        people.update({u.pk: u for u in reviewers_of(application)})
    people.pop(message.author_id, None)
    return list(people.values())


@dataclass
class Entry:
    """One line of the timeline: an event, a message, a request for information or an answer."""

    at: datetime
    kind: str  # event | reviewer_event | message | info_request | info_response
    title: str
    actor: object = None
    body: str = ""
    status: str = ""
    visibility: str = ""
    files: list = field(default_factory=list)
    unread: bool = False
    due_at: datetime | None = None


def timeline(user, application) -> list[Entry]:
    """Events, messages, requests and answers of one application in time order, as `user` may see them.

    Event notes follow `notes_visible`; messages follow their visibility; requests for information
    and their answers are seen by everyone who sees the application (reviewers are told of them).
    """
    show_notes = notes_visible(user, application)
    shown = shown_to(user, application)  # every person named below, as `user` may know them
    entries = [
        Entry(
            at=e.at,
            kind="event",
            title=str(e.action_label),
            actor=shown.name(e.actor),
            body=e.note if show_notes else "",
            status=f"{e.from_label} → {e.to_label}" if e.is_transition else str(e.to_label),
        )
        for e in application_events(application).exclude(action__in=INFO_ACTIONS)
    ]
    seen = last_read_at(user, application)
    for m in messages_for(user, application):
        entries.append(
            Entry(
                at=m.created_at,
                kind="message",
                title=_("メッセージ（%(visibility)s）") % {"visibility": m.get_visibility_display()},
                actor=shown.name(m.author),
                body=m.body,
                visibility=m.visibility,
                files=list(m.files.all()),
                unread=m.author_id != user.pk and (seen is None or m.created_at > seen),
            )
        )
    for r in InfoRequest.objects.filter(application=application).select_related("asked_by"):
        entries.append(
            Entry(at=r.created_at, kind="info_request", title=_("追加資料・回答依頼"), actor=shown.name(r.asked_by),
                  body=r.question, due_at=r.due_at)
        )  # fmt: skip
    if user.is_director or is_officer_for(user, application):  # the reviewer side: officers only
        for r in reviewer_entries(application):
            entries.append(Entry(at=r.at, kind="reviewer_event", title=r.title, actor=shown.name(r.actor), body=r.body))
    answers = InfoResponse.objects.filter(request__application=application).select_related("author")
    for a in answers.prefetch_related("files"):
        entries.append(
            Entry(at=a.created_at, kind="info_response", title=_("依頼への回答"), actor=shown.name(a.author), body=a.body,
                  files=list(a.files.all()))
        )  # fmt: skip
    return sorted(entries, key=lambda entry: entry.at)
