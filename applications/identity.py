"""How a person is shown to a viewer: the one rule of anonymity on an application.

Everything that names a person in connection with an application — its events (API and pages), the
timeline, messages, the reviewers' discussion and meta-review — asks `shown_to(viewer, application)`:

- officers in scope and directors see everyone by name, and everyone sees their own name (someone on the
  review side as their label and 「（あなた）」);
- a person with a seat on the review side of the application (a reviewer assigned to it, a reviewer who
  bid on it or whose conflict with it is on record, the discussion's chair, an interview panelist, an
  evaluator of its award) is shown
  - to another person on the review side as a label that is the same everywhere: 審査委員N (N is the
    order of their assignment to this application, counting every assignment, so it never changes),
    面接審査委員N, 評価委員N, 取りまとめ役;
  - to anyone else (the applicant, the team) never by name: 「審査関係者」, and no account id;
- everyone else (the applicant, the team, officers) is shown by name.

Who sits where is knowledge of higher apps (reviews, interviews, evaluations): each registers a provider
in its `AppConfig.ready()` with `register_review_side`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .permissions import is_officer_for

# What an applicant or a team member reads where a reviewer, panelist or evaluator acted.
REVIEW_SIDE = gettext_lazy("審査関係者")

REVIEWER, PANELIST, EVALUATOR, CHAIR, POOL = "reviewer", "panelist", "evaluator", "chair", "pool"
# A person with several seats is shown by the first of these they hold.
_PRECEDENCE = (REVIEWER, PANELIST, EVALUATOR, CHAIR, POOL)


@dataclass(frozen=True)
class Seat:
    """A person's seat on the review side of one application; `number` orders the seats of one kind."""

    kind: str
    number: int | None = None

    def label(self) -> str:
        if self.kind == REVIEWER and self.number:
            return _("審査委員%(n)s") % {"n": self.number}
        if self.kind == PANELIST and self.number:
            return _("面接審査委員%(n)s") % {"n": self.number}
        if self.kind == EVALUATOR and self.number:
            return _("評価委員%(n)s") % {"n": self.number}
        if self.kind == CHAIR:
            return _("取りまとめ役")
        return str(REVIEW_SIDE)


# provider(application) -> {user id: Seat}
_providers: list[Callable] = []


def register_review_side(provider: Callable) -> None:
    """Register who sits on the review side of an application (called in the registering app's `ready()`)."""
    if provider not in _providers:
        _providers.append(provider)


def review_side_seats(application) -> dict[int, Seat]:
    """Every person on the review side of the application and the seat they are shown by (read once per
    application object: a page's history and timeline share it)."""
    cached = getattr(application, "_review_side_seats", None)
    if cached is not None:
        return cached
    seats: dict[int, Seat] = {}
    for provider in _providers:
        for user_id, seat in provider(application).items():
            held = seats.get(user_id)
            if held is None or _PRECEDENCE.index(seat.kind) < _PRECEDENCE.index(held.kind):
                seats[user_id] = seat
    application._review_side_seats = seats
    return seats


class Shown:
    """How people appear to one viewer on one application (the seats are read once, on first need)."""

    def __init__(self, viewer, application):
        self.viewer = viewer
        self.application = application
        authenticated = bool(viewer and viewer.is_authenticated)
        self.sees_everyone = authenticated and (viewer.is_director or is_officer_for(viewer, application))
        self._viewer_id = viewer.pk if authenticated else None
        self._seats: dict[int, Seat] | None = None

    @property
    def seats(self) -> dict[int, Seat]:
        if self._seats is None:
            self._seats = review_side_seats(self.application)
        return self._seats

    def _hidden_seat(self, person) -> Seat | None:
        """The seat that hides this person from the viewer, or None when the viewer may see their name."""
        if person is None or self.sees_everyone or person.pk == self._viewer_id:
            return None
        return self.seats.get(person.pk)

    def name(self, person) -> str | None:
        """The person as the viewer may read them; None for no person (the system acted)."""
        if person is None:
            return None
        if person.pk == self._viewer_id and not self.sees_everyone and person.pk in self.seats:
            # a reviewer reads themselves by the label the others read them by
            return _("%(label)s（あなた）") % {"label": self.seats[person.pk].label()}
        seat = self._hidden_seat(person)
        if seat is None:
            return str(person)
        if self._viewer_id in self.seats:  # a colleague on the review side: the stable label
            return seat.label()
        return str(REVIEW_SIDE)

    def person_id(self, person) -> int | None:
        """The person's account id, or None when the viewer may not know who it is."""
        if person is None or self._hidden_seat(person) is not None:
            return None
        return person.pk


def shown_to(viewer, application) -> Shown:
    return Shown(viewer, application)


def shown_events(viewer, application) -> list:
    """The application's events oldest first, each with `shown_actor`: who acted, as the viewer may know them."""
    from .selectors import application_events

    shown = shown_to(viewer, application)
    events = list(application_events(application))
    for event in events:
        event.shown_actor = shown.name(event.actor)
    return events
