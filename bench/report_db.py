"""Shared by bench.report and bench.reminders: a throw-away PostgreSQL database and fast bulk data.

The benchmarks need PostgreSQL (generate_series, realistic planner), so each one
creates its own database (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres
names the server), runs its measurement in a child process configured for that
database, and drops it afterwards. Bulk rows are cloned from one template row per
table with INSERT … SELECT … generate_series, so new NOT NULL columns added to a
model later are copied from the template instead of breaking the generator.
"""

import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _url_for(database: str) -> str:
    parts = urlsplit(SERVER_URL)
    return urlunsplit(parts._replace(path=f"/{database}"))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER_URL.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def bench_database(name: str):
    """Create an empty database `name`, yield its URL, always drop it."""
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    try:
        yield _url_for(name)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_child(module: str, database: str) -> int:
    """Run `module.inner()` in a child process against a fresh database; record its verdict; return its exit code.

    The child prints its own PASS/FAIL lines and exits 1 when any missed; a non-zero
    exit (a miss, or a crash) is recorded here as a failed check. No PostgreSQL is
    an explicit SKIPPED, never a pass (and a miss under CI=true).
    """
    from . import _verdict

    try:
        _admin("SELECT 1")
    except Exception as exc:
        _verdict.skip("PostgreSQL benchmark", f"PostgreSQL not reachable at {SERVER_URL} ({exc.__class__.__name__})")
        return 0
    with bench_database(database) as url:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update(
            DATABASE_URL=url,
            DJANGO_SETTINGS_MODULE="sangaku.settings",
            EMAIL_URL="dummymail://",
            CELERY_TASK_ALWAYS_EAGER="true",
            DEBUG="false",
        )
        with tempfile.TemporaryDirectory(prefix="sangaku-bench-") as tmp:
            verdicts = str(Path(tmp) / "verdicts.json")
            code = (
                "import sys, django; django.setup(); from bench import _verdict; "
                f"import {module} as m; _verdict.begin({module.removeprefix('bench.')!r}); m.inner(); "
                f"_verdict.save({verdicts!r}); sys.exit(_verdict.exit_code())"
            )
            returncode = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=False).returncode
            _verdict.load(verdicts)
    _verdict.check(
        f"{module} child process", ok=returncode == 0, figure=f"exit status {returncode}", target="exit status 0"
    )
    return returncode


def prepare_schema() -> None:
    import datetime as dt
    import io

    from django.core.management import call_command

    from programs import demo

    call_command("migrate", verbosity=0, interactive=False)
    demo.load(today=dt.date(2026, 11, 27), out=io.StringIO())


def clone(model, template_pk: int, *, source: str, overrides: dict[str, str], where: str = "", params=()) -> int:
    """INSERT INTO model SELECT <overrides, else the template's columns> FROM template t, <source> [WHERE where].

    `source` is a FROM item such as "generate_series(1, %s) g" or "applications_application a";
    `params` fill the placeholders of `source` then `where`. Returns the number of rows added.
    """
    from django.db import connection

    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
    unknown = set(overrides) - set(columns)
    assert not unknown, f"{table}: no such columns {unknown}"
    column_list = ", ".join(f'"{c}"' for c in columns)
    exprs = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    condition = f"t.id = {int(template_pk)}" + (f" AND ({where})" if where else "")
    sql = f'INSERT INTO "{table}" ({column_list}) SELECT {exprs} FROM "{table}" t, {source} WHERE {condition}'
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.rowcount


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_users(*, count: int, role: str, prefix: str) -> tuple[int, int]:
    """`count` users cloned from one; returns (first id, last id) — ids are contiguous."""
    from accounts.models import User

    template = User.objects.create(username=f"{prefix}-template", role=role, email=f"{prefix}@example.jp")
    clone(
        User,
        template.pk,
        source="generate_series(1, %s) g",
        params=[count - 1],
        overrides={
            "username": f"'{prefix}-' || g",
            "email": f"'{prefix}-' || g || '@example.jp'",
            "researcher_number": "NULL",
        },
    )
    ids = User.objects.filter(username__startswith=f"{prefix}-").values_list("id", flat=True)
    return min(ids), max(ids)
