"""Tables that make retries and outages harmless: the first result of an idempotent write, cache generations."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class IdempotentRequest(models.Model):
    """A write someone may send again (a lost answer, a double click): its key and the answer it got first.

    Written in the same transaction as the write itself, so either both are stored or neither (reliability.idempotency).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    # What the key was used for (method, path, and the request's content): the same key for something else is refused.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    body = models.JSONField(null=True, encoder=DjangoJSONEncoder)  # the API's answer
    location = models.CharField(max_length=2000, blank=True)  # a page's redirect, or the API's Location header
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_once_per_user")]


class CacheGeneration(models.Model):
    """The generation of a family of cached values (e.g. one call's ranking). Cached keys include it; an
    invalidation moves it on here, in the database, so it is never lost while the cache is unreachable."""

    name = models.CharField(max_length=200, primary_key=True)
    value = models.BigIntegerField(default=0)
