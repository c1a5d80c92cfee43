"""Who may act on an evaluation: officers in scope of the award (and directors), and each evaluator on their own row."""

from awards.permissions import is_holder, is_officer_for_award

from .workflow import Actor


def is_evaluation_officer(user, evaluation) -> bool:
    return bool(user and user.is_authenticated and is_officer_for_award(user, evaluation.award))


def actor_may(user, evaluation, who: str) -> bool:
    if who == Actor.OFFICER:
        return is_evaluation_officer(user, evaluation)
    return False


def actor_may_on_assignment(user, assignment, who: str) -> bool:
    if who == Actor.EVALUATOR:
        return bool(user and user.is_authenticated and assignment.evaluator_id == user.pk)
    if who == Actor.OFFICER:
        return is_evaluation_officer(user, assignment.evaluation)
    return False


def sees_panel(user, evaluation) -> bool:
    """Evaluator identities and individual scores: officers in scope and directors only (never the holder)."""
    return is_evaluation_officer(user, evaluation)


def is_evaluation_holder(user, evaluation) -> bool:
    return is_holder(user, evaluation.award)


def is_evaluation_staff(user) -> bool:
    return bool(user.is_authenticated and (user.is_officer or user.is_director))
