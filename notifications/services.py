"""The one way to notify a person: the outbox row (dedup key) is the in-app inbox entry and the e-mail to send.

Callers pass a dedup key built from (rule, object, window[, recipient]); a second
call with the same key creates nothing. E-mail is handed to a worker after commit
and delivered at least once: a deliverer leases a row, sends it, and only then
stamps `sent_at`; what a crash or a refusing mail server leaves unsent is sent
again by `deliver_pending_notifications` (beat) once its lease or backoff ran
out, with the same Message-ID; after NOTIFICATION_MAX_ATTEMPTS the row is given up
(`failed_at`) and listed for officers.
"""

import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from sangaku.bulk import among, bulk_insert
from sangaku.queue import enqueue

from .models import NO_ADDRESS, Channel, Notification

logger = logging.getLogger(__name__)

LANGUAGES = ("ja", "en")
CLAIM_CHUNK = 50  # rows leased at a time: one lease never has to cover a long batch
DISPATCH_CHUNK = 500  # notification ids per delivery task
MARK_SENT_EVERY = 10  # sent stamps are written in groups of this many (a crash resends at most this many)


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


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def readable_context(context: dict, language: str) -> dict:
    """Links as full addresses (SITE_URL + path) and ISO dates as people read them (2025年5月31日 / 31 May 2025;
    a Tokyo time "2025-05-31 17:00" becomes 2025年5月31日 17:00 JST)."""
    import datetime as dt

    from django.conf import settings

    result = dict(context)
    link = result.get("link")
    if isinstance(link, str) and link.startswith("/"):
        result["link"] = settings.SITE_URL + link
    for key, value in context.items():
        if not isinstance(value, str) or len(value) not in (10, 16) or value[4:5] != "-" or value[7:8] != "-":
            continue
        try:
            day = dt.date.fromisoformat(value[:10])
            clock = dt.time.fromisoformat(value[11:]) if len(value) == 16 and value[10] == " " else None
        except ValueError:
            continue
        if len(value) == 16 and clock is None:
            continue
        if language == "en":
            text = f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
        else:
            text = f"{day.year}年{day.month}月{day.day}日"
        result[key] = text if clock is None else f"{text} {clock:%H:%M} JST"
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
        transaction.on_commit(lambda: notifications_dispatch([notification.pk]))
    return notification


def notify_address(*, address: str, kind: str, dedup_key: str, context: dict, language: str = "ja"):
    """An e-mail (through the outbox) to a person without an account; None when `dedup_key` was used."""
    subject, body = notification_render(kind=kind, language=language, context=context)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                address=address, kind=kind, subject=subject, body=body, dedup_key=dedup_key, channel=Channel.EMAIL
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: notifications_dispatch([notification.pk]))
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


def notify_bulk(*, items: Iterable[Pending], channel: str = Channel.EMAIL) -> list[int]:
    """Create many notifications with one INSERT … ON CONFLICT DO NOTHING (`sangaku.bulk`); returns the new ids.

    For sweeps: a constant number of queries per call whatever the number of items.
    Keys that already exist are skipped by the database, so two concurrent sweeps
    cannot both create one. E-mails are handed to a worker after commit
    (`notifications_dispatch`); what it cannot send waits for
    `deliver_pending_notifications`.
    """
    rows = list(items)
    if not rows:
        return []
    per_row = {
        "recipient_id": ("bigint", [item.recipient_id for item in rows]),
        **{f: ("text", [getattr(item, f) for item in rows]) for f in ("kind", "subject", "body", "link", "dedup_key")},
    }
    # Bulk sends go to accounts: no separate address.
    same = {"channel": channel, "created_at": timezone.now(), "attempts": 0, "last_error": "", "address": ""}
    new_ids = [
        pk for (pk,) in bulk_insert(Notification, per_row=per_row, same=same, skip_duplicates=True, returning=("id",))
    ]
    if channel == Channel.EMAIL and new_ids:
        transaction.on_commit(lambda: notifications_dispatch(new_ids))
    return new_ids


def existing_dedup_keys(keys: list[str]) -> set[str]:
    """Which of these keys were already used (lets a sweep skip rendering what it will not send)."""
    return set(Notification.objects.filter(among("dedup_key", keys)).values_list("dedup_key", flat=True))


def message_id(dedup_key: str) -> str:
    """The Message-ID of a notification's e-mail: derived from its outbox key, the same on every retry."""
    digest = hashlib.sha256(dedup_key.encode()).hexdigest()[:40]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "sangaku.invalid"
    return f"<notification.{digest}@{domain}>"


def _backoff(attempts: int) -> dt.timedelta:
    """Wait before attempt `attempts + 1`: doubles with every attempt, capped."""
    seconds = settings.NOTIFICATION_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


def _lease(attempts: int) -> dt.timedelta:
    """How long a claim holds: a deliverer that died is replaced after this; longer after each attempt."""
    seconds = settings.NOTIFICATION_LEASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.NOTIFICATION_RETRY_MAX_SECONDS))


def due_q(now: dt.datetime) -> Q:
    """E-mails to (re)send now: never sent, not given up, and no live lease or backoff in the way."""
    return Q(channel=Channel.EMAIL, sent_at__isnull=True, failed_at__isnull=True) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    )


def _claim(notification_ids: list[int]) -> list[tuple[int, int]]:
    """Lease the due rows among these ids to this deliverer; returns (id, attempts) of the rows it got.

    Rows locked by another deliverer are skipped (it is claiming them), so two
    deliverers never hold the same lease.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.filter(among("id", notification_ids))
            .filter(due_q(now))
            .select_for_update(skip_locked=True)
            .values_list("id", "attempts")
        )
        by_attempt: dict[int, list[int]] = {}
        for pk, attempts in rows:
            by_attempt.setdefault(attempts + 1, []).append(pk)
        for attempts, ids in by_attempt.items():
            Notification.objects.filter(pk__in=ids).update(
                claimed_at=now, attempts=attempts, retry_at=now + _lease(attempts)
            )
    return [(pk, attempts + 1) for pk, attempts in rows]


def _release(failures: list[tuple[int, int]], error: str) -> None:
    """A send that failed: due again after a backoff, or given up after NOTIFICATION_MAX_ATTEMPTS attempts."""
    now = timezone.now()
    error = error[:300]
    for pk, attempts in failures:
        if attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
            Notification.objects.filter(pk=pk, sent_at__isnull=True).update(
                failed_at=now, retry_at=None, last_error=error
            )
            logger.error("notification %s: e-mail given up after %d attempts: %s", pk, attempts, error)
        else:
            Notification.objects.filter(pk=pk, sent_at__isnull=True).update(
                retry_at=now + _backoff(attempts), last_error=error
            )


def _error_text(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _mark_sent(ids: list[int]) -> None:
    Notification.objects.filter(pk__in=ids).update(sent_at=timezone.now(), retry_at=None, last_error="")
    ids.clear()


def _send_claimed(claimed: list[tuple[int, int]]) -> int:
    """Send the e-mails this deliverer holds a lease on; stamp them sent after the server took them.

    Stamps are written every MARK_SENT_EVERY mails: a crash resends at most that
    many mails that did go out (same Message-ID), and never stamps one that did not.
    """
    attempts_of = dict(claimed)
    messages = Notification.objects.filter(among("id", list(attempts_of))).values_list(
        "id", "subject", "body", "dedup_key", "recipient__email", "address"
    )
    sent, unmarked = 0, []
    connection_ = get_connection()
    try:
        connection_.open()
    except Exception as exc:
        logger.exception("mail server unreachable; %d e-mails left for retry", len(claimed))
        _release(claimed, _error_text(exc))
        return 0
    try:
        for pk, subject, body, dedup_key, account_email, address in messages:
            email = address or account_email
            if not email:
                _release([(pk, settings.NOTIFICATION_MAX_ATTEMPTS)], NO_ADDRESS)
                continue
            mail = EmailMessage(
                subject, body, None, [email], connection=connection_, headers={"Message-ID": message_id(dedup_key)}
            )
            try:
                mail.send()
            except Exception as exc:
                logger.exception("notification %s: e-mail failed, will retry", pk)
                _release([(pk, attempts_of[pk])], _error_text(exc))
                continue
            sent += 1
            unmarked.append(pk)
            if len(unmarked) >= MARK_SENT_EVERY:
                _mark_sent(unmarked)
    finally:
        connection_.close()
        if unmarked:
            _mark_sent(unmarked)
    return sent


def notifications_deliver(*, notification_ids: list[int]) -> int:
    """Send the e-mails of these notifications that are due; returns how many went out.

    Delivery is at least once: a row is leased (claimed) in chunks, sent, then
    stamped sent. A deliverer that dies mid-batch leaves its unsent rows leased
    until the lease runs out; `deliver_pending_notifications` then sends them again
    (with the same Message-ID, so a mail that did reach the server before the
    crash is recognisable as a duplicate downstream).
    """
    sent = 0
    for start in range(0, len(notification_ids), CLAIM_CHUNK):
        claimed = _claim(notification_ids[start : start + CLAIM_CHUNK])
        if claimed:
            sent += _send_claimed(claimed)
    return sent


def notification_deliver(*, notification_id: int) -> bool:
    """Send one e-mail if it is due (kept for callers that deliver a single notification)."""
    return notifications_deliver(notification_ids=[notification_id]) > 0


def notifications_dispatch(notification_ids: list[int]) -> None:
    """Hand new e-mails to a worker (after commit); when the broker is down they wait for the pending sweep."""
    from .tasks import deliver_notifications

    for start in range(0, len(notification_ids), DISPATCH_CHUNK):
        enqueue(deliver_notifications, notification_ids=notification_ids[start : start + DISPATCH_CHUNK])


def notifications_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's own notifications read (all unread ones when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
