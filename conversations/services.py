"""Writes of conversations: post a message (checked, stored, everyone who may read it told), mark read, digests.

Each recipient gets one outbox row per message (dedup key `message:<id>:<user>`): an e-mail for
those who chose immediate mail, an in-app entry for those who chose the daily digest; the digest
(`message_digests_send`, beat) sends one mail per person and day (`message-digest:<day>:<user>`),
so a second beat the same day sends nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.attachments import store_checked
from applications.identity import shown_to
from applications.info_requests import check_files
from applications.models import Application
from notifications.models import Channel, Notification
from notifications.services import notify
from programs.fiscal import JST
from sangaku.errors import Forbidden, NotFound, invalid

from .models import MAX_BODY_LENGTH, Message, MessageFile, ReadMarker, Visibility
from .permissions import visibilities_for
from .selectors import recipients

DIGEST = "digest"
MESSAGE_KIND = "message"
DIGEST_KIND = "message_digest"


def _validate(body: str, visibility: str, allowed: frozenset[str]) -> str:
    errors = {}
    body = (body or "").strip()
    if not body:
        errors["body"] = [_("本文を入力してください。")]
    elif len(body) > MAX_BODY_LENGTH:
        errors["body"] = [_("本文は %(n)s 文字以内にしてください。") % {"n": MAX_BODY_LENGTH}]
    if visibility not in Visibility.values:
        errors["visibility"] = [
            _("見える範囲は「申請者とやり取り」「審査委員とやり取り」「内部メモ」から選んでください。")
        ]
    elif visibility not in allowed:
        errors["visibility"] = [
            _("あなたはこの見える範囲（%(label)s）でメッセージを送れません。") % {"label": Visibility(visibility).label}
        ]
    if errors:
        raise invalid(errors)
    return body


@transaction.atomic
def message_post(*, application_id: int, actor, body: str, visibility: str, files=None) -> Message:
    """Post a message on an application the actor may see; tell everyone else who may read it."""
    application = (
        Application.objects.select_related("call__stage__program", "call__platform").filter(pk=application_id).first()
    )
    if application is None:
        raise NotFound(_("申請が見つかりません。"))
    allowed = visibilities_for(actor, application)
    if not allowed:
        raise Forbidden(_("この申請にメッセージを送る権限がありません。"))
    body = _validate(body, visibility, allowed)
    checked = check_files(files)
    message = Message.objects.create(application=application, author=actor, visibility=visibility, body=body)
    for name, upload in checked:
        _store(message, name, upload)
    ReadMarker.objects.update_or_create(
        user=actor, application=application, defaults={"last_read_at": message.created_at}
    )
    _notify_recipients(message)
    return message


def _store(message, name, checked) -> None:
    store_checked(MessageFile, name, checked, message=message)


def _notify_recipients(message: Message) -> None:
    application = message.application
    link = reverse("applications:detail", args=[application.pk]) + "#messages"
    for person in recipients(message):
        notify(
            recipient=person,
            kind=MESSAGE_KIND,
            dedup_key=f"message:{message.pk}:{person.pk}",
            context={
                "name": str(person),
                "application": str(application),
                "author": shown_to(person, application).name(message.author),
                "visibility": str(Visibility(message.visibility).label),
                "body": message.body,
                "link": link,
            },
            link=link,
            channel=Channel.IN_APP if person.message_delivery == DIGEST else Channel.EMAIL,
        )


def messages_mark_read(*, user, application) -> None:
    """The person has seen the application's messages up to now."""
    now = timezone.now()
    # One statement (INSERT … ON CONFLICT DO UPDATE): opening an application page is a read, not a transaction.
    ReadMarker.objects.bulk_create(
        [ReadMarker(user=user, application=application, last_read_at=now)],
        update_conflicts=True,
        unique_fields=["user", "application"],
        update_fields=["last_read_at"],
    )
    application.__dict__.setdefault("_read_markers", {})[user.pk] = now


def message_delivery_set(*, user, delivery: str) -> None:
    choices = dict(get_user_model()._meta.get_field("message_delivery").choices)
    if delivery not in choices:
        raise invalid({"message_delivery": [_("通知の受け取り方を選んでください。")]})
    user.message_delivery = delivery
    user.save(update_fields=["message_delivery"])


def message_digests_send(*, day: dt.date | None = None) -> int:
    """One mail per person who chose the digest, listing the messages of `day` (Tokyo; default yesterday).

    Keyed by day and person: a second run for the same day sends nothing. Returns the mails created.
    """
    if day is None:
        day = timezone.now().astimezone(JST).date() - dt.timedelta(days=1)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=JST)
    end = start + dt.timedelta(days=1)
    rows = (
        Notification.objects.filter(
            kind=MESSAGE_KIND,
            channel=Channel.IN_APP,
            created_at__gte=start,
            created_at__lt=end,
            recipient__message_delivery=DIGEST,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    by_person: dict[int, list[Notification]] = {}
    for row in rows:
        by_person.setdefault(row.recipient_id, []).append(row)
    created = 0
    for items in by_person.values():
        person = items[0].recipient
        lines = "\n".join(f"- {n.subject}\n  {n.link and _absolute(n.link)}" for n in items)
        made = notify(
            recipient=person,
            kind=DIGEST_KIND,
            dedup_key=f"message-digest:{day.isoformat()}:{person.pk}",
            context={"name": str(person), "day": day.isoformat(), "count": len(items), "lines": lines},
        )
        created += made is not None
    return created


def _absolute(link: str) -> str:
    from django.conf import settings

    return settings.SITE_URL + link if link.startswith("/") else link
