"""Reactions, connected in `EvaluationsConfig.ready()`: schedule the evaluations of a new award, carry out
an outcome on the award and tell the holder."""

from applications.signals import application_transitioned

from .workflow import EVALUATION_WORKFLOW, OUTCOME_ACTIONS


def schedule_on_accept(sender, *, application, transition, **kwargs):
    # Runs after awards' own receiver (connected earlier, INSTALLED_APPS order), in the accepting transaction.
    if transition.action != "accept":
        return
    from awards.models import Award

    from .services import schedule_evaluations

    award = Award.objects.filter(application=application).first()
    if award is not None:
        schedule_evaluations(award)


def on_outcome(sender, *, instance, transition, actor, note, event, **kwargs):
    if transition.action not in OUTCOME_ACTIONS:
        return
    from .services import carry_out_outcome, notify_holder_of_outcome

    carry_out_outcome(instance, actor=actor, note=note)
    notify_holder_of_outcome(instance, event)


def connect() -> None:
    application_transitioned.connect(schedule_on_accept, dispatch_uid="evaluations.schedule_on_accept")
    EVALUATION_WORKFLOW.transitioned.connect(on_outcome, dispatch_uid="evaluations.on_outcome")
