"""The one workflow engine: a workflow is a table of `Transition` rows run by one executor.

Declare a workflow next to its model (``<app>/workflow.py``)::

    from django.utils.translation import gettext_lazy, pgettext_lazy

    from sangaku.workflow import Transition, Workflow

    from .models import Letter, LetterEvent, LetterStatus

    class Actor:
        OFFICER = "officer"

    LETTER_WORKFLOW = Workflow(
        name="letter",
        model=Letter,                      # has a `status` field (state_field=...)
        event_model=LetterEvent,           # actor, action, from_status, to_status, note, at
        event_fk="letter",                 # the event's foreign key to the model
        states=LetterStatus,               # TextChoices: labels for messages
        may=lambda user, letter, who: ..., # the app's permissions.py decides who is who
        transitions=[
            Transition("send", (LetterStatus.DRAFT,), LetterStatus.SENT, Actor.OFFICER,
                       guards=("letter_has_body",), decides=True, label=pgettext_lazy("action", "送付")),
            Transition("retract", (LetterStatus.SENT,), LetterStatus.DRAFT, Actor.OFFICER,
                       note_required=True, label=pgettext_lazy("action", "撤回")),
        ],
        noun=gettext_lazy("通知書"),
    )

Register guards by name (in the owning app's ``AppConfig.ready()``), then run a row::

    from sangaku.workflow import allowed, refused, register_guard

    def letter_has_body(letter, **context):
        return allowed() if letter.body.strip() else refused("body", "empty_body", _("本文を入力してください。"))

    register_guard("letter_has_body", letter_has_body)

    letter = LETTER_WORKFLOW.run(pk=letter_id, action="send", actor=request.user, note="")

`run` locks the row (select_for_update), refuses an unknown action (400), a
missing row (404), an actor the table does not name (403), a state the row does
not start from (409), a missing note (400) or a failed guard (400) by raising a
`sangaku.errors.DomainError` subclass and changing nothing; otherwise it writes
the new state, records one event (actor, time, note, from, to), sends
``workflow.transitioned`` inside the transaction and ``workflow.committed`` after
commit. A replay of a move that already took effect (same action by the same
actor, the row already in the target state) returns the row unchanged and writes
nothing. Rows whose ``who`` is ``SYSTEM`` run only from code (``system=True``).

A row whose ``target`` is ``PREVIOUS`` returns the object to the state it was in before an
earlier move (e.g. an application back from 追加資料依頼中 to the review it paused): the
workflow's ``resolve(obj, transition)`` names that state; the event records the state reached.

The state sets come from the table: ``final_states`` (no way out),
``open_states`` (some row starts there), ``decided_states`` (reached by a row
marked ``decides=True``). Never type them out elsewhere.

A guard is ``guard(obj, *, actor, note, override, now, **params) -> list[Problem]``:
an empty list allows the move, each `Problem` (field, message in the user's
language, reason code) refuses it. A guard nobody registered refuses, so a
missing app cannot open a door by accident.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import Forbidden, Invalid, NotFound, Problem, Refused

SYSTEM = "system"  # `who` of rows only code may run (e.g. promotion on accept)


PREVIOUS = "previous"  # a row's target: back to the state the workflow's `resolve` names


@dataclass(frozen=True)
class Transition:
    """One row: `action` moves the object from any of `sources` to `target` when `who` asks and the guards allow."""

    action: str
    sources: tuple[str, ...]
    target: str
    who: str
    note_required: bool = False
    guards: tuple[str, ...] = ()
    label: str = ""  # shown to people (lazy translation)
    decides: bool = False  # the target is a decision (sets the decided state set)

    def __post_init__(self):
        if isinstance(self.guards, str):
            object.__setattr__(self, "guards", (self.guards,))


# --- Guards ---------------------------------------------------------------------------------------------------

Guard = Callable[..., list[Problem]]
GUARDS: dict[str, Guard] = {}


def register_guard(name: str, func: Guard) -> None:
    GUARDS[name] = func


def allowed() -> list[Problem]:
    return []


def refused(field_name: str, code: str, message: str) -> list[Problem]:
    return [Problem(field_name, message, code)]


def run_guards(names: Iterable[str], obj, **context) -> list[Problem]:
    problems: list[Problem] = []
    for name in names:
        guard = GUARDS.get(name)
        if guard is None:
            problems += refused(
                "non_field_errors", "guard_missing", _("この操作はまだ利用できません（%(name)s）。") % {"name": name}
            )
            continue
        problems += guard(obj, **context)
    return problems


# --- Workflows ------------------------------------------------------------------------------------------------

DEFAULT_MESSAGES = {
    "not_found": gettext_lazy("見つかりません。"),
    "forbidden": gettext_lazy("この操作を行う権限がありません。"),
    "illegal": gettext_lazy("現在の状態（%(status)s）では「%(label)s」はできません。"),
    "final": None,  # when set, used instead of "illegal" for a final state
    "note_required": gettext_lazy("「%(label)s」には理由（メモ）の入力が必要です。"),
    "note_field": gettext_lazy("理由を入力してください。"),
    "guard_failed": gettext_lazy("「%(label)s」できません。次の点を確認してください。"),
}

WORKFLOWS: dict[str, "Workflow"] = {}


@dataclass
class Workflow:
    """A table of transitions over one model, with the one executor `run`."""

    name: str
    model: type
    event_model: type
    event_fk: str
    states: type  # TextChoices of the state field
    may: Callable  # may(user, obj, who) -> bool
    transitions: list[Transition]
    state_field: str = "status"
    related: tuple[str, ...] = ()  # select_related paths loaded with the locked row
    # apply(obj, transition, *, actor, note, now, update_fields, from_state, **params): extra fields a move writes
    apply: Callable | None = None
    # resolve(obj, transition) -> the state a row whose target is PREVIOUS leads to
    resolve: Callable | None = None
    messages: dict = field(default_factory=dict)
    instance_kwarg: str = ""  # also send the object under this name (e.g. "application")
    transitioned: Signal = field(default_factory=Signal)  # sender=model, instance, transition, actor, note, event
    committed: Signal = field(default_factory=Signal)

    def __post_init__(self):
        self.table: dict[str, Transition] = {}
        for t in self.transitions:
            if t.action in self.table:
                raise ValueError(f"{self.name}: duplicate action {t.action}")
            self.table[t.action] = t
        self.messages = {**DEFAULT_MESSAGES, **self.messages}
        WORKFLOWS[self.name] = self

    # State sets, derived from the table.
    @property
    def open_states(self) -> frozenset[str]:
        return frozenset(s for t in self.transitions if t.who != SYSTEM for s in t.sources)

    @property
    def final_states(self) -> frozenset[str]:
        return frozenset(v for v in self.states.values if not any(v in t.sources for t in self.transitions))

    @property
    def decided_states(self) -> frozenset[str]:
        return frozenset(t.target for t in self.transitions if t.decides and t.target != PREVIOUS)

    def target_of(self, obj, transition: Transition) -> str:
        """The state `transition` leads `obj` to (a PREVIOUS row asks the workflow's `resolve`)."""
        if transition.target != PREVIOUS:
            return transition.target
        target = self.resolve(obj, transition) if self.resolve is not None else None
        if target not in self.states.values:
            raise Refused(
                self._message(
                    "illegal", status=self.state_label(getattr(obj, self.state_field)), label=str(transition.label)
                ),
                code="illegal_transition",
            )
        return target

    def actions_from(self, state: str, *, people_only: bool = True) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources and not (people_only and t.who == SYSTEM)]

    def state_label(self, value: str) -> str:
        return str(self.states(value).label) if value in self.states.values else value

    def _message(self, key: str, **values) -> str:
        return str(self.messages[key]) % values if values else str(self.messages[key])

    def _lock(self, pk, within=None):
        rows = self.model.objects if within is None else within
        obj = rows.select_for_update(of=("self",)).select_related(*self.related).filter(pk=pk).first()
        if obj is None:
            raise NotFound(self._message("not_found"))
        return obj

    def _is_replay(self, obj, transition: Transition, actor, note: str, params: dict) -> bool:
        """The same request again: already in the target, last event is this action by this actor with this
        note, and every value the request carries (e.g. a report's body) is what the object already holds."""
        state = getattr(obj, self.state_field)
        if state != transition.target or state in transition.sources:
            return False
        events = self.event_model.objects.filter(**{self.event_fk: obj})
        last = events.order_by("-at", "-id").first()
        if not (last and last.action == transition.action and last.actor_id == getattr(actor, "pk", None)):
            return False
        if last.note != note:
            return False
        return all(value is None or getattr(obj, name, value) == value for name, value in params.items())

    def check(self, obj, action: str, actor, *, note: str = "", override: bool = False, now=None, **params):
        """Raise the refusal `run` would raise for this object, or return the transition (writes nothing)."""
        transition = self.table.get(action)
        if transition is None:
            raise Invalid(_("「%(action)s」という操作はありません。") % {"action": action}, code="unknown_action")
        label = str(transition.label)
        if transition.who != SYSTEM and not self.may(actor, obj, transition.who):
            raise Forbidden(self._message("forbidden", label=label))
        state = getattr(obj, self.state_field)
        if state not in transition.sources:
            key = "final" if self.messages["final"] and state in self.final_states else "illegal"
            raise Refused(self._message(key, status=self.state_label(state), label=label), code="illegal_transition")
        if transition.note_required and not (note or "").strip():
            raise Invalid(
                self._message("note_required", label=label),
                problems=[Problem("note", str(self.messages["note_field"]), "note_required")],
                code="note_required",
            )
        problems = run_guards(
            transition.guards, obj, actor=actor, note=(note or "").strip(), override=override, now=now, **params
        )
        if problems:
            raise Invalid(self._message("guard_failed", label=label), problems=problems, code="guard_failed")
        return transition

    @transaction.atomic
    def run(
        self,
        *,
        pk,
        action: str,
        actor,
        note: str = "",
        override: bool = False,
        now=None,
        system: bool = False,
        within=None,
        pick=None,
        **params,
    ):
        """Run one row of the table on the object `pk` (see the module docstring); returns the object.

        `within`: the caller's scope (a queryset of the objects the actor may see) to lock the row from, so the
        scope check and the lock are one query; a row outside it is "not found". `pick(obj) -> action`: chooses
        the row to run from the locked object (e.g. the PI's submit goes to the research office first)."""
        obj = self._lock(pk, within)
        if pick is not None:
            action = pick(obj)
        transition = self.table.get(action)
        if transition is None or (transition.who == SYSTEM and not system):
            raise Invalid(_("「%(action)s」という操作はありません。") % {"action": action}, code="unknown_action")
        if transition.who != SYSTEM and not self.may(actor, obj, transition.who):
            raise Forbidden(self._message("forbidden", label=str(transition.label)))
        note = (note or "").strip()
        if self._is_replay(obj, transition, actor, note, params):
            return obj
        self.check(obj, action, actor, note=note, override=override, now=now, **params)

        from django.utils import timezone

        from_state = getattr(obj, self.state_field)
        setattr(obj, self.state_field, self.target_of(obj, transition))
        update_fields = [self.state_field]
        if self.apply is not None:
            self.apply(
                obj,
                transition,
                actor=actor,
                note=note,
                now=timezone.now(),
                update_fields=update_fields,
                from_state=from_state,
                **params,
            )
        obj.save(update_fields=update_fields)
        event = self.event_model.objects.create(
            **{self.event_fk: obj},
            actor=actor,
            action=action,
            from_status=from_state,
            to_status=getattr(obj, self.state_field),
            note=note,
        )
        kwargs = {"instance": obj, "transition": transition, "actor": actor, "note": note, "event": event}
        if self.instance_kwarg:
            kwargs[self.instance_kwarg] = obj
        self.transitioned.send(sender=self.model, **kwargs)
        if self.committed.has_listeners(self.model):
            transaction.on_commit(lambda: self.committed.send(sender=self.model, **kwargs))
        return obj
