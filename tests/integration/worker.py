"""A real Celery worker subprocess for integration tests: own queue, own log, always killed afterwards."""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).parent / "celery")


def test_database_url() -> str:
    """DATABASE_URL of the test database pytest-django created (the worker must use the same one)."""
    db = settings.DATABASES["default"]
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def wait_for(predicate, *, timeout: float, what: str, worker: "Worker | None" = None, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    log = f"\n--- worker log ---\n{worker.log()[-4000:]}" if worker else ""
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}{log}")


class Worker:
    def __init__(self, queue: str, *, concurrency: int = 1, env: dict | None = None):
        self.queue = queue
        self.name = f"it-{uuid.uuid4().hex[:8]}@%h"
        self.concurrency = concurrency
        self.extra_env = env or {}
        self.log_file = tempfile.NamedTemporaryFile(prefix="celery-it-", suffix=".log", delete=False)
        self.process: subprocess.Popen | None = None

    def start(self, *, ready_timeout: float = 30) -> "Worker":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sangaku.settings",
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_RESULT_BACKEND": settings.REDIS_URL,
            "EMAIL_URL": "consolemail://",
            **self.extra_env,
        }
        self.process = subprocess.Popen(
            [
                CELERY,
                "-A",
                "sangaku",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                str(self.concurrency),
                "-Q",
                self.queue,
                "-n",
                self.name,
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: we can kill the pool with it
        )
        wait_for(lambda: " ready." in self.log() or self.process.poll() is not None, timeout=ready_timeout,
                 what="the worker to be ready", worker=self)  # fmt: skip
        assert self.process.poll() is None, f"the worker exited at start-up:\n{self.log()[-4000:]}"
        return self

    def log(self) -> str:
        return Path(self.log_file.name).read_text(errors="replace")

    def pool_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except FileNotFoundError:
            return []

    def kill_pool_process(self) -> int:
        pids = wait_for(self.pool_pids, timeout=10, what="a pool process", worker=self)
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool), as a crash or an OOM kill would."""
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """End of test: kill the worker and its pool (tasks are idempotent; nothing is left running)."""
        self.kill()
        try:
            os.killpg(self.process.pid, signal.SIGKILL)  # orphaned pool processes, if any
        except (ProcessLookupError, TypeError, AttributeError):
            pass
        Path(self.log_file.name).unlink(missing_ok=True)


def unacked_messages(client, queue: str) -> dict[str, float]:
    """Delivery tag → delivery time of the messages of `queue` that Redis holds as unacknowledged."""
    tags = {}
    for tag, payload in client.hgetall("unacked").items():
        _message, _exchange, routing_key = json.loads(payload)
        if routing_key == queue:
            tags[tag.decode()] = client.zscore("unacked_index", tag)
    return tags


def forget_unacked(client, queue: str) -> None:
    """Drop `queue`'s unacknowledged messages so no later worker restores them."""
    for tag in unacked_messages(client, queue):
        client.hdel("unacked", tag)
        client.zrem("unacked_index", tag)
