"""Real services started by the fault tests, each in its own process group and always stopped afterwards:
a private redis-server, gunicorn, celery beat, an SMTP sink, and a table lock that holds a report build."""

import asyncio
import contextlib
import email
import email.policy
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller

from .worker import ROOT, test_database_url, wait_for

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """A subprocess in its own session (process group), its output in a temporary log file."""

    def __init__(self, argv: list[str], *, env: dict | None = None):
        self.argv = argv
        self.env = env or {}
        self.log_file = tempfile.NamedTemporaryFile(prefix="fault-", suffix=".log", delete=False)
        self.process: subprocess.Popen | None = None

    def start(self) -> "Service":
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env={**os.environ, **self.env},
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def log(self) -> str:
        return Path(self.log_file.name).read_text(errors="replace")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig=signal.SIGKILL) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            self.process.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        Path(self.log_file.name).unlink(missing_ok=True)


class RedisServer(Service):
    """redis-server on a port of its own, no persistence: a restart comes back empty, as a lost Redis would."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        super().__init__(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        )

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        super().start()
        wait_for(lambda: "Ready to accept connections" in self.log(), timeout=10, what="redis-server to start")
        return self

    def pause(self) -> None:
        """SIGSTOP: Redis keeps its data but answers nothing (a network partition, a stalled host)."""
        os.killpg(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.killpg(self.process.pid, signal.SIGCONT)

    def close(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGCONT)  # a paused server must be able to die
        super().close()

    def restart(self) -> "RedisServer":
        self.stop(signal.SIGTERM)
        Path(self.log_file.name).write_text("")
        return self.start()


def project_env(*, redis_url: str, queue: str, **extra) -> dict:
    """What a web, worker or beat process of the project needs to share this test's database and queue."""
    return {
        "DJANGO_SETTINGS_MODULE": "sangaku.settings",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_RESULT_BACKEND": "",
        "EMAIL_URL": "consolemail://",
        **{k: str(v) for k, v in extra.items()},
    }


class WebServer(Service):
    """gunicorn serving the project, as `make serve` does."""

    def __init__(self, env: dict):
        self.port = free_port()
        super().__init__([str(BIN / "gunicorn"), "sangaku.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "1"], env=env)

    def start(self) -> "WebServer":
        super().start()
        wait_for(lambda: self.get("/healthz")[0] != 0, timeout=30, what="gunicorn to answer")
        return self

    def request(self, method: str, path: str, *, token: str = "", data: dict | None = None) -> tuple[int, dict]:
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body, method=method)
        request.add_header("Content-Type", "application/json")
        request.add_header("Accept-Language", "ja")
        if token:
            request.add_header("Authorization", f"Token {token}")
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except OSError:
            return 0, {}
        try:
            return status, json.loads(raw or b"{}")
        except ValueError:
            return status, {"text": raw.decode(errors="replace")}

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, **kwargs):
        return self.request("POST", path, data=data, **kwargs)


class Beat(Service):
    """`celery beat` with tests/integration/beat_settings.py: the chosen entries every second or faster."""

    def __init__(self, env: dict, *, entries: str):
        self.dir = tempfile.mkdtemp(prefix="beat-")
        env = {**env, "DJANGO_SETTINGS_MODULE": "tests.integration.beat_settings", "TEST_BEAT_ENTRIES": entries}
        schedule = os.path.join(self.dir, "schedule")
        super().__init__([str(BIN / "celery"), "-A", "sangaku", "beat", "-l", "info", "-s", schedule], env=env)

    def start(self) -> "Beat":
        super().start()
        wait_for(lambda: "beat: Starting" in self.log() or not self.alive(), timeout=30, what="beat to start")
        assert self.alive(), self.log()[-3000:]
        return self


class SmtpSink:
    """An SMTP server in this process that takes each mail after `delay` seconds and remembers it."""

    def __init__(self, *, delay: float = 0.0):
        self.delay = delay
        self.port = free_port()
        self.messages: list[email.message.Message] = []
        self._lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def received(self) -> list[email.message.Message]:
        with self._lock:
            return list(self.messages)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> "SmtpSink":
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


@contextlib.contextmanager
def table_locked(table: str):
    """Hold an ACCESS EXCLUSIVE lock on `table` from a connection of our own: readers of it wait until we leave.

    This is how the tests hold a report build half-way (it reads the applications table
    inside its transaction) instead of a sleep hook in product code.
    """
    with psycopg.connect(test_database_url()) as conn:
        conn.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield conn
        conn.rollback()


def backends_waiting_for_a_lock() -> list[int]:
    """Process ids of the test database's backends that wait for a lock (e.g. a build held by `table_locked`)."""
    with psycopg.connect(test_database_url(), autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def terminate_backend(pid: int) -> bool:
    with psycopg.connect(test_database_url(), autocommit=True) as conn:
        return conn.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


@contextlib.contextmanager
def database_refusing_connections():
    """While inside, the test database accepts no new connection (open ones go on): PostgreSQL is "down" for
    whoever lost their connection. Always allowed again on the way out."""
    url = test_database_url()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{url.rsplit('/', 1)[0]}/postgres", autocommit=True) as conn:  # not the database itself
        conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        try:
            yield conn
        finally:
            conn.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
