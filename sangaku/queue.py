"""Publishing a task without ever failing the caller's request: the database row is the job, the message a nudge.

Every piece of queued work (a notification to e-mail, a report to build) is first a
row in PostgreSQL, committed; only then is a message published. If the broker is
unreachable the publish is given up quickly and logged, and the row stays due: the
sweep that owns that kind of row (`deliver_pending_notifications`,
`sweep_platform_report_builds`) publishes it again once the broker is back.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> bool:
    """Publish `task(**kwargs)`; False when that failed (logged; the caller's row is left for its sweep).

    With eager tasks (no REDIS_URL) the task runs here, in-process, with its retries
    (Celery runs an eager retry at once; the task drops a broken database connection
    first). A task that still fails has recorded the outcome on its row, so its error
    is logged and the request that committed the row still answers.
    """
    if task.app.conf.task_always_eager:
        try:
            result = task.apply(kwargs=kwargs, throw=False)
        except Exception:  # an eager retry chain can still raise (Celery's Retry) when every attempt failed
            logger.exception("%s(%s) failed in-process", task.name, kwargs)
            return False
        if result.failed():
            logger.error("%s(%s) failed in-process:\n%s", task.name, kwargs, result.traceback)
            return False
        return True
    try:
        task.apply_async(kwargs=kwargs)
    except Exception:
        logger.exception("could not publish %s(%s); its row is left for the sweep", task.name, kwargs)
        return False
    return True


def enqueue_on_commit(task, **kwargs) -> None:
    """`enqueue` once the current transaction commits (never for a row that was rolled back)."""
    transaction.on_commit(lambda: enqueue(task, **kwargs))
