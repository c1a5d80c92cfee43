"""Many notifications in one statement (`sangaku.bulk`): every row stored as sent, none twice, found again by id."""

import pytest

from notifications.models import Notification
from notifications.services import Pending, notify_bulk
from sangaku.bulk import among
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _items(users, n, kind="bulk_test"):
    # Over 100 rows with two kinds and one link: the repeated strings travel once (the dictionary path).
    return [
        Pending(
            recipient_id=users[i % len(users)].pk,
            kind=kind if i % 3 else "bulk_other",
            subject=f"件名 {i}",
            body=f"本文 {i}\n",
            dedup_key=f"bulk:{i}",
            link="/review/",
        )
        for i in range(n)
    ]


def test_a_bulk_send_stores_every_row_with_its_own_values_and_a_second_send_adds_nothing():
    users = [UserFactory(), UserFactory()]
    items = _items(users, 150)
    ids = notify_bulk(items=items)
    assert len(ids) == 150
    stored = {n.dedup_key: n for n in Notification.objects.filter(among("id", ids))}
    for item in items:
        row = stored[item.dedup_key]
        assert (row.recipient_id, row.kind, row.subject, row.body, row.link) == (
            item.recipient_id,
            item.kind,
            item.subject,
            item.body,
            item.link,
        )
    assert notify_bulk(items=items) == []  # the same keys again: skipped by the database
    assert Notification.objects.count() == 150


def test_among_an_empty_list_matches_nothing():
    notify_bulk(items=_items([UserFactory()], 3))
    assert not Notification.objects.filter(among("id", [])).exists()
    some = list(Notification.objects.values_list("id", flat=True)[:2])
    assert sorted(Notification.objects.filter(among("id", some)).values_list("id", flat=True)) == sorted(some)
