"""Walk one action of a workflow table from every state for every role (used by the table tests of each app).

Allowed moves must change the state and write exactly one event (action, from, to, actor);
refused ones must change nothing, write nothing and say why (a status, a code, a message).
"""

from django.db import transaction

from sangaku.errors import DomainError
from sangaku.workflow import SYSTEM


def walk(workflow, obj, events, people: dict, action: str, may_act, **params) -> None:
    transition = workflow.table[action]
    outcomes = {}
    for state in workflow.states.values:
        for role, person in people.items():
            type(obj).objects.filter(pk=obj.pk).update(**{workflow.state_field: state})
            events.filter(action__in=list(workflow.table)).delete()  # judged by the table, not as a replay
            before = events.count()
            refusal = None
            try:
                with transaction.atomic():
                    result = workflow.run(pk=obj.pk, action=action, actor=person, note="理由", **params)
            except DomainError as exc:
                refusal = exc
            if refusal is not None:
                assert refusal.status_code in (400, 403, 409) and refusal.code and refusal.message, (state, role)
                if transition.who == SYSTEM:
                    assert refusal.code == "unknown_action"
                assert getattr(type(obj).objects.get(pk=obj.pk), workflow.state_field) == state
                assert events.count() == before
            else:
                assert getattr(result, workflow.state_field) == transition.target
                assert events.count() == before + 1
                event = events.latest("id")
                assert (event.action, event.from_status, event.to_status, event.actor_id) == (
                    action,
                    state,
                    transition.target,
                    person.pk,
                )
            outcomes[(state, role)] = refusal is None
    expected = {
        (state, role): state in transition.sources and transition.who != SYSTEM and may_act(role, transition.who)
        for state in workflow.states.values
        for role in people
    }
    wrong = {key: got for key, got in outcomes.items() if got != expected[key]}
    assert not wrong, f"{workflow.name}.{action}: unexpected outcomes {wrong}"
