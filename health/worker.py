"""A Celery worker bootstep that writes the worker's heartbeat (what /readyz looks for).

Added to the worker in sangaku/celery.py. It runs in the worker's main process on
the worker's timer; a failed write (database away) is logged and tried again on
the next beat.
"""

import logging

from celery import bootsteps
from django.conf import settings

logger = logging.getLogger(__name__)


class Heartbeat(bootsteps.StartStopStep):
    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        self.timer_ref = None
        self.name = ""

    def start(self, worker):
        from .services import heartbeats_forget_old

        self.name = worker.hostname
        self.beat()
        try:
            heartbeats_forget_old()
        except Exception:
            logger.warning("could not forget old heartbeats", exc_info=True)
        self.timer_ref = worker.timer.call_repeatedly(settings.WORKER_HEARTBEAT_SECONDS, self.beat)

    def stop(self, worker):
        if self.timer_ref is not None:
            self.timer_ref.cancel()
            self.timer_ref = None

    def beat(self):
        from sangaku.celery import drop_broken_connections

        from .services import heartbeat_record

        try:
            heartbeat_record(name=self.name)
        except Exception:
            logger.warning("worker heartbeat not written (database unreachable?)", exc_info=True)
            drop_broken_connections()
