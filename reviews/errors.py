"""Refusals of the review app, in the one error model (`sangaku.errors`)."""

from django.utils.translation import gettext as _

from sangaku.errors import NotFound, Refused


class ReviewStateError(Refused):
    """The object's state forbids the move (HTTP 409)."""

    default_code = "conflict"


def out_of_reach() -> NotFound:
    return NotFound(_("見つかりません。"))
