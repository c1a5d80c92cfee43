"""The one way to notify a person: the outbox row (dedup key) is the in-app inbox entry and the e-mail to send.

Callers pass a dedup key built from (rule, object, window[, recipient]); a second
call with the same key sends nothing. E-mail goes out after commit and at most
once: the `sent_at` stamp is claimed before sending, released again if the mail
server refuses, and `deliver_pending_notifications` (beat) retries what is left.
"""

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from .models import Channel, Notification

logger = logging.getLogger(__name__)

LANGUAGES = ("ja", "en")


@functools.cache
def _template(kind: str, language: str):
    return get_template(f"notifications/{kind}.{language}.txt").template


def notification_render(*, kind: str, language: str, context: dict) -> tuple[str, str]:
    """Subject and body of a notification from templates/notifications/<kind>.<language>.txt.

    The first line of the template is the subject, the rest the body (plain text: no
    HTML escaping). An unknown language falls back to Japanese.
    """
    language = language if language in LANGUAGES else "ja"
    text = _template(kind, language).render(Context(readable_context(context, language), autoescape=False))
    subject, _, body = text.strip().partition("\n")
    return subject.strip()[:200], body.strip() + "\n"


def readable_context(context: dict, language: str) -> dict:
    """Links as full addresses (SITE_URL + path) and ISO dates as people read them (2025年5月31日 / 31 May 2025)."""
    import datetime as dt

    from django.conf import settings
    from django.utils import translation

    from programs.templatetags.sangaku import jdate

    result = dict(context)
    link = result.get("link")
    if isinstance(link, str) and link.startswith("/"):
        result["link"] = settings.SITE_URL + link
    for key, value in context.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                continue
            with translation.override(language):
                result[key] = jdate(day)
    return result


def notify(
    *,
    recipient,
    kind: str,
    dedup_key: str,
    subject: str = "",
    body: str = "",
    context: dict | None = None,
    link: str = "",
    channel: str = Channel.EMAIL,
):
    """Create the notification once per `dedup_key` and deliver it after commit.

    Pass either `subject` and `body`, or `context` to render the kind's template in
    the recipient's preferred language. Returns the new Notification, or None when
    one with this key already exists (a rerun, a retry or a concurrent sweep).
    """
    if context is not None:
        subject, body = notification_render(
            kind=kind, language=getattr(recipient, "preferred_language", "ja"), context=context
        )
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                dedup_key=dedup_key,
                channel=channel,
            )
    except IntegrityError:
        return None
    if channel == Channel.EMAIL:
        transaction.on_commit(lambda: notifications_deliver(notification_ids=[notification.pk]))
    return notification


@dataclass(frozen=True)
class Pending:
    """One notification of a bulk send, already rendered."""

    recipient_id: int
    kind: str
    subject: str
    body: str
    dedup_key: str
    link: str = ""


def notify_bulk(*, items: Iterable[Pending], channel: str = Channel.EMAIL, chunk_size: int = 1000) -> list[int]:
    """Create many notifications with one INSERT … ON CONFLICT DO NOTHING per chunk; returns the new ids.

    For sweeps: a constant number of queries per call whatever the number of items.
    Keys that already exist are skipped by the database, so two concurrent sweeps
    cannot both create one. E-mails are claimed in the same INSERT (sent_at stamped)
    and sent after commit; one the mail server refuses is released for
    `deliver_pending_notifications`.
    """
    rows = list(items)
    if not rows:
        return []
    claimed = channel == Channel.EMAIL
    now = timezone.now()
    quote = connection.ops.quote_name
    columns = ["recipient_id", "kind", "subject", "body", "link", "dedup_key", "channel", "created_at", "sent_at"]
    head = f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
    tail = f" ON CONFLICT ({quote('dedup_key')}) DO NOTHING RETURNING {quote('id')}"
    new_ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column: a handful of parameters whatever the batch size.
            cursor.execute(
                head + "SELECT r, k, s, b, l, d, %s, %s, %s FROM unnest("
                "%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[]) AS x(r, k, s, b, l, d)"
                + tail,
                [channel, now, now if claimed else None]
                + [
                    [getattr(item, f) for item in rows]
                    for f in ("recipient_id", "kind", "subject", "body", "link", "dedup_key")
                ],
            )
            new_ids = [row[0] for row in cursor.fetchall()]
        else:
            stamp = connection.ops.adapt_datetimefield_value(now)
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            for start in range(0, len(rows), chunk_size):
                chunk = rows[start : start + chunk_size]
                params: list = []
                for item in chunk:
                    params += [item.recipient_id, item.kind, item.subject, item.body, item.link, item.dedup_key]
                    params += [channel, stamp, stamp if claimed else None]
                cursor.execute(head + "VALUES " + ", ".join([one] * len(chunk)) + tail, params)
                new_ids += [row[0] for row in cursor.fetchall()]
    if claimed and new_ids:
        transaction.on_commit(lambda: _send_claimed(new_ids))
    return new_ids


def _in(column: str, values: list):
    """`column IN values`; on PostgreSQL as `= ANY(array)`: one parameter instead of thousands."""
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        sql = f"{quote(Notification._meta.db_table)}.{quote(column)} = ANY(%s)"
        return RawSQL(sql, (list(values),), output_field=BooleanField())
    return Q(**{f"{column}__in": values})


def existing_dedup_keys(keys: list[str]) -> set[str]:
    """Which of these keys were already used (lets a sweep skip rendering what it will not send)."""
    return set(Notification.objects.filter(_in("dedup_key", keys)).values_list("dedup_key", flat=True))


def _send_claimed(notification_ids: list[int]) -> int:
    """Send the e-mails of notifications this process has claimed; release the ones that failed."""
    messages = Notification.objects.filter(_in("id", notification_ids)).values_list(
        "id", "subject", "body", "recipient__email"
    )
    sent, failed = 0, []
    connection_ = get_connection()
    try:
        connection_.open()
        for pk, subject, body, email in messages:
            if not email:
                continue
            try:
                EmailMessage(subject, body, None, [email], connection=connection_).send()
                sent += 1
            except Exception:
                logger.exception("notification %s: e-mail failed, will retry", pk)
                failed.append(pk)
    except Exception:
        logger.exception("mail server unreachable; %d notifications left for retry", len(notification_ids))
        failed, sent = list(notification_ids), 0
    finally:
        connection_.close()
    if failed:
        Notification.objects.filter(pk__in=failed).update(sent_at=None)
    return sent


def notifications_deliver(*, notification_ids: list[int] | None = None, dedup_keys: list[str] | None = None) -> int:
    """Send the e-mails of these notifications that nobody has sent yet; returns how many went out.

    The rows are claimed (sent_at stamped) under a row lock before sending, so two
    deliverers never send the same mail. A mail the server refused is released
    (sent_at cleared) for the next `deliver_pending_notifications` run.
    """
    qs = Notification.objects.filter(sent_at__isnull=True, channel=Channel.EMAIL)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    if dedup_keys is not None:
        qs = qs.filter(dedup_key__in=dedup_keys)
    with transaction.atomic():
        claimed = list(qs.select_for_update(skip_locked=True).values_list("id", flat=True))
        if not claimed:
            return 0
        Notification.objects.filter(pk__in=claimed).update(sent_at=timezone.now())
    return _send_claimed(claimed)


def notification_deliver(*, notification_id: int) -> bool:
    """Send one e-mail at most once (kept for callers that deliver a single notification)."""
    return notifications_deliver(notification_ids=[notification_id]) > 0


def notifications_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
