"""Closing-day load test: locust (headless) against `make serve` (nginx in front of gunicorn) on PostgreSQL and a
private Redis.

For each web-worker count (BENCH_LOAD_WORKERS, default 2: this 2-core machine) the bench builds a fresh database
(the demo catalog; 500 applicants, each with a complete draft of the same call; 30 reviewers with 5 reviews each
to score; 10 officers), starts `make serve` (nginx + gunicorn + Celery worker + beat, DEBUG off, with the bench's
URLconf: bench/_settings.py), sets the call to close DEADLINE_AFTER seconds into the run, and runs
bench/_locustfile.py for DURATION seconds: applicants open and save their draft and submit once around
the deadline, reviewers open their home and save scores, officers browse lists, the desk, the
dashboard and the ranking. All users start within the first seconds and fire their first task at once: the
opening burst of a closing day, kept on purpose.

Before the load, on the same gunicorn, two bare views are measured (bench/_urls.py): a JSON answer with no
database, and a session read plus one indexed query: what Django itself costs per request here.

Reported per endpoint: requests, errors, requests/s, p50/p95/p99; p95 over the whole run and after the opening
burst (BURST_SECONDS); CPU ms per request of gunicorn (master and workers) and of PostgreSQL (the web workers'
backends, told apart by their application_name), for the load mix and for each bare view. Targets: 0 errors;
p95 < 500 ms over all requests; CPU ≤ 15 ms per request (gunicorn + PostgreSQL) over the load mix; no submit
sent after the deadline accepted; no submit sent before it refused (nginx stamps the arrival, by which the
deadline is judged). With several worker counts, throughput must grow with workers. Run with
`python -m bench load`.
"""

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from . import _verdict
from .report_db import ROOT, bench_database

WORKER_COUNTS = tuple(int(x) for x in os.environ.get("BENCH_LOAD_WORKERS", "2").split(","))
DURATION = int(os.environ.get("BENCH_LOAD_SECONDS", "120"))
DEADLINE_AFTER = DURATION * 0.6
APPLICANTS, REVIEWERS, OFFICERS = 500, 30, 10
REVIEWS_EACH = 5
TARGET_P95_MS = 500
TARGET_CPU_MS = 15.0
BURST_SECONDS = 20  # the opening burst: every user's first task, fired at once
BARE_REQUESTS, BARE_THREADS = 400, 4


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- in the child process (Django configured for the bench database) -------------------------------


def setup_data(out_path: str) -> None:
    """The people, drafts and reviews of the load test; writes their credentials and ids to `out_path`."""
    import datetime as dt
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from accounts.models import Role, User
    from applications import services
    from applications.models import Application, Attachment, BudgetLine, Status, TeamMember
    from applications.rules import submission_problems
    from programs.models import Call, Institution
    from reviews.models import Assignment, AssignmentStatus, Review

    from .report_db import analyze, clone, make_users, prepare_schema

    prepare_schema()
    now = timezone.now()
    Call.objects.update(opens_at=now - dt.timedelta(days=30), closes_at=now + dt.timedelta(days=1), published=True)
    # An institution without a research office: its submits reach the funder at once (no 所属機関承認 step).
    institution = Institution.objects.exclude(members__is_research_office=True).order_by("id").first()
    first, _last = make_users(count=APPLICANTS, role=Role.APPLICANT, prefix="load-applicant")
    User.objects.filter(username__startswith="load-applicant").update(affiliation=institution)
    owner = User.objects.get(pk=first)
    call = template = None
    for candidate in Call.objects.filter(platform__isnull=False, stage__rubric__isnull=False).order_by("id"):
        draft = services.application_create_draft(
            call=candidate, applicant=owner, title="締切前の申請", summary="電池材料の耐久性評価を行う。",
            keywords="電池, 材料", requested_amount=3_900_000, duration_months=12,
        )  # fmt: skip
        year = candidate.fiscal_year
        services.budget_set(
            application_id=draft.pk, actor=owner,
            amounts={(year, "equipment"): 2_000_000, (year, "personnel"): 1_000_000, (year, "indirect"): 900_000},
        )  # fmt: skip
        services.attachment_add(
            application_id=draft.pk, actor=owner, kind="proposal",
            uploaded=SimpleUploadedFile("提案書.pdf", b"%PDF-1.4\n%load\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        )  # fmt: skip
        if not submission_problems(draft):
            call, template = candidate, draft
            break
    assert template is not None, "no demo call accepts the load test's draft"
    source = "applications_application a"
    where = "a.call_id = %s AND a.id <> %s"
    clone(
        Application, template.pk, source="generate_series(1, %s) g", params=[APPLICANTS - 1],
        overrides={"applicant_id": f"{first} + g", "title": "'締切前の申請 ' || g"},
    )  # fmt: skip
    for model in (BudgetLine, TeamMember, Attachment):
        row = model.objects.filter(application=template).order_by("id")
        for each in row:
            overrides = {"application_id": "a.id"}
            if model is TeamMember:
                overrides["user_id"] = "CASE WHEN t.user_id IS NULL THEN NULL ELSE a.applicant_id END"
            clone(model, each.pk, source=source, where=where, params=[call.pk, template.pk], overrides=overrides)

    # Reviewers score applications of another call, already in review.
    other = Call.objects.exclude(pk=call.pk).filter(stage__rubric__isnull=False).order_by("id").first()
    criteria = {c.code: [c.scale_min, c.scale_max] for c in other.stage.rubric.criteria.all()}
    r_first, _ = make_users(count=REVIEWERS, role=Role.REVIEWER, prefix="load-reviewer")
    in_review = Application.objects.create(
        call=other, applicant=owner, institution=institution, status=Status.IN_REVIEW, receipt_number="L-0",
        title="審査中の申請", submitted_at=now,
    )  # fmt: skip
    clone(
        Application, in_review.pk, source="generate_series(1, %s) g", params=[REVIEWERS * REVIEWS_EACH - 1],
        overrides={"receipt_number": "'L-' || g", "title": "'審査中の申請 ' || g"},
    )  # fmt: skip
    assignment = Assignment.objects.create(
        reviewer_id=r_first, application=in_review, status=AssignmentStatus.ACCEPTED, due_at=now + dt.timedelta(days=7)
    )
    Review.objects.create(assignment=assignment)
    # Only the clones of `in_review` (ids above it): the call may hold demo applications too (drafts among them),
    # whose ids below in_review's gave a negative modulo, a 31st "reviewer" (another account) and a review of a
    # draft (its sheet 404, its save 409).
    clone(
        Assignment, assignment.pk, source="applications_application a, generate_series(0, 0) j",
        where="a.call_id = %s AND a.id > %s", params=[other.pk, in_review.pk],
        overrides={"application_id": "a.id", "reviewer_id": f"{r_first} + ((a.id - {in_review.pk}) %% {REVIEWERS})"},
    )  # fmt: skip
    clone(
        Review, assignment.review.pk, source="reviews_assignment s", where="s.id <> %s", params=[assignment.pk],
        overrides={"assignment_id": "s.id"},
    )  # fmt: skip

    officers = []
    for i in range(OFFICERS):
        officer = User.objects.create(username=f"load-officer-{i}", role=Role.OFFICER, email=f"o{i}@example.jp")
        officer.officer_platforms.add(*{p for p in (call.platform_id, other.platform_id) if p})
        officers.append(officer)
    analyze()

    engine = import_module(settings.SESSION_ENGINE)
    backend = "django.contrib.auth.backends.ModelBackend"

    def credentials(user) -> dict:
        session = engine.SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return {"token": Token.objects.get_or_create(user=user)[0].key, "session": session.session_key}

    reviews_of = {}
    for review_id, reviewer_id in Review.objects.filter(
        assignment__application__call=other,
        assignment__application__status=Status.IN_REVIEW,
        assignment__reviewer__username__startswith="load-reviewer",
    ).values_list("id", "assignment__reviewer_id"):
        reviews_of.setdefault(reviewer_id, []).append(review_id)
    assert len(reviews_of) == REVIEWERS, f"{len(reviews_of)} reviewers have reviews to score, not {REVIEWERS}"
    assert all(len(ids) == REVIEWS_EACH for ids in reviews_of.values()), "every reviewer scores REVIEWS_EACH"
    people = {
        "call": call.pk,
        "applicants": [
            {**credentials(a.applicant), "application": a.pk}
            for a in Application.objects.filter(call=call).select_related("applicant")
        ],
        "reviewers": [
            {**credentials(u), "reviews": reviews_of[u.pk], "criteria": criteria}
            for u in User.objects.filter(pk__in=reviews_of)
        ],
        "officers": [{**credentials(o), "ranking_call": other.pk} for o in officers],
    }
    Path(out_path).write_text(json.dumps(people), encoding="utf-8")
    print(
        f"data: {len(people['applicants'])} applicants with complete drafts of call {call.code}, "
        f"{len(people['reviewers'])} reviewers, {len(people['officers'])} officers",
        flush=True,
    )


# --- in the bench process --------------------------------------------------------------------------


def _child_env(database_url: str, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=database_url, REDIS_URL=redis_url, DEBUG="false", EMAIL_URL="dummymail://")
    return env


def _wait_ready(base: str, seconds: int = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"make serve did not become ready at {base}")


def _set_deadline(database_url: str, call_id: int, at: float) -> None:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute("UPDATE programs_call SET closes_at = to_timestamp(%s) WHERE id = %s", (at, call_id))


def _accepted_after(database_url: str, call_id: int) -> list[int]:
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://", 1)) as conn:
        rows = conn.execute(
            "SELECT id FROM applications_application WHERE call_id = %s AND receipt_number IS NOT NULL", (call_id,)
        ).fetchall()
    return [r[0] for r in rows]


class _CpuMeter:
    """CPU seconds used by gunicorn (master and workers: the processes of `make serve`'s group whose command is
    gunicorn) and by PostgreSQL for the web workers (their backends, named `sangaku-web` by bench/_settings.py),
    read from the operating system. A background thread samples every half second, so processes that come and
    go are counted too (a backend that lived less than half a second between samples is missed)."""

    def __init__(self, group: int, database_url: str, database: str):
        import psutil
        import psycopg

        self._psutil, self._group, self._database = psutil, group, database
        self._conn = psycopg.connect(database_url.replace("postgres://", "postgresql://", 1), autocommit=True)
        self._seen: dict[tuple[str, int], float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _processes(self):
        for proc in self._psutil.process_iter(["cmdline"]):
            try:
                if os.getpgid(proc.pid) == self._group and "gunicorn" in " ".join(proc.info["cmdline"] or []):
                    yield "gunicorn", proc
            except (ProcessLookupError, self._psutil.Error):
                continue
        rows = self._conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = 'sangaku-web'",
            (self._database,),
        ).fetchall()
        for (pid,) in rows:
            try:
                yield "postgres", self._psutil.Process(pid)
            except self._psutil.Error:
                continue

    def sample(self) -> dict:
        with self._lock:
            for kind, proc in list(self._processes()):
                try:
                    times = proc.cpu_times()
                except self._psutil.Error:
                    continue
                self._seen[(kind, proc.pid)] = times.user + times.system
            return dict(self._seen)

    def _loop(self):
        while not self._stop.wait(0.5):
            try:
                self.sample()
            except Exception:  # a sample lost to a race with a process exiting is no reason to stop
                continue

    @staticmethod
    def spent(before: dict, after: dict) -> dict:
        """CPU seconds per kind between two samples (a process first seen later counts from its start)."""
        out = {"gunicorn": 0.0, "postgres": 0.0}
        for key, value in after.items():
            out[key[0]] += value - before.get(key, 0.0)
        return out

    def close(self):
        self._stop.set()
        self._thread.join(timeout=5)
        self._conn.close()


def _bare_phase(base: str, path: str, session: str, meter: "_CpuMeter") -> dict:
    """BARE_REQUESTS requests to one bare view from BARE_THREADS threads; CPU ms per request."""
    from concurrent.futures import ThreadPoolExecutor

    def one(_i):
        request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={session}"})
        # `base` is the local server this bench started, never user input.
        with urllib.request.urlopen(request, timeout=30) as response:  # nosec B310
            response.read()
            return response.status

    for _ in range(20):  # warm: imports, the session's cache entry
        one(0)
    before = meter.sample()
    started = time.perf_counter()
    with ThreadPoolExecutor(BARE_THREADS) as pool:
        statuses = list(pool.map(one, range(BARE_REQUESTS)))
    elapsed = time.perf_counter() - started
    spent = meter.spent(before, meter.sample())
    assert statuses.count(200) == BARE_REQUESTS, f"{path}: {statuses.count(200)} of {BARE_REQUESTS} answered 200"
    return {
        "gunicorn_ms": spent["gunicorn"] * 1000 / BARE_REQUESTS,
        "postgres_ms": spent["postgres"] * 1000 / BARE_REQUESTS,
        "rps": BARE_REQUESTS / elapsed,
    }


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _run_once(workers: int, tmp: Path) -> dict:
    redis_port, web_port = _free_port(), _free_port()
    redis = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    serve = None
    try:
        with bench_database(f"sangaku_bench_load_{workers}") as url:
            env = _child_env(url, f"redis://127.0.0.1:{redis_port}/0")
            people_path = tmp / f"people-{workers}.json"
            subprocess.run(
                [sys.executable, "-c", f"import django; django.setup(); from bench.load import setup_data; "
                 f"setup_data({str(people_path)!r})"],
                cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "sangaku.settings"}, check=True,
            )  # fmt: skip
            people = json.loads(people_path.read_text(encoding="utf-8"))
            log = open(tmp / f"serve-{workers}.log", "w", encoding="utf-8")
            serve = subprocess.Popen(
                ["make", "serve", f"PORT={web_port}", f"WEB_WORKERS={workers}"],
                cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "bench._settings"}, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            base = f"http://127.0.0.1:{web_port}"
            _wait_ready(base)
            meter = _CpuMeter(serve.pid, url, url.rsplit("/", 1)[1])
            session = people["officers"][0]["session"]
            bare = {
                "json": _bare_phase(base, "/bench/bare/json/", session, meter),
                "session": _bare_phase(base, "/bench/bare/session/", session, meter),
            }
            deadline = time.time() + 5 + DEADLINE_AFTER
            _set_deadline(url, people["call"], deadline)
            submits_path = tmp / f"submits-{workers}.json"
            requests_path = tmp / f"requests-{workers}.json"
            prefix = tmp / f"stats-{workers}"
            users = APPLICANTS + REVIEWERS + OFFICERS
            before = meter.sample()
            subprocess.run(
                [
                    sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "_locustfile.py"), "--headless",
                    "-u", str(users), "-r", "100", "-t", f"{DURATION}s", "--host", base, "--csv", str(prefix),
                    "--only-summary", "--loglevel", "WARNING",
                ],
                cwd=ROOT, check=False,
                env={
                    **os.environ, "SANGAKU_LOAD_PEOPLE": str(people_path), "SANGAKU_LOAD_DEADLINE": str(deadline),
                    "SANGAKU_LOAD_SUBMITS": str(submits_path), "SANGAKU_LOAD_WINDOW": str(DEADLINE_AFTER),
                    "SANGAKU_LOAD_REQUESTS": str(requests_path),
                },
            )  # fmt: skip
            spent = meter.spent(before, meter.sample())
            meter.close()
            submits = json.loads(submits_path.read_text(encoding="utf-8")) if submits_path.exists() else []
            requests = json.loads(requests_path.read_text(encoding="utf-8")) if requests_path.exists() else []
            accepted_ids = set(_accepted_after(url, people["call"]))
            return {
                "stats": list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8"))),
                "submits": submits,
                "accepted": accepted_ids,
                "deadline": deadline,
                "requests": requests,
                "spent": spent,
                "bare": bare,
            }
    finally:
        if serve is not None:
            os.killpg(serve.pid, signal.SIGTERM)
            try:
                serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
        redis.terminate()
        redis.wait(timeout=10)


def _table(workers: int, stats: list[dict]) -> None:
    print(f"| {workers} workers | requests | errors | req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in stats:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['95%']} | {row['99%']} |"
        )


def main() -> None:
    measured = {}
    with tempfile.TemporaryDirectory(prefix="sangaku-load-") as tmp:
        for workers in WORKER_COUNTS:
            print(f"-- make serve with {workers} gunicorn workers, {DURATION} s --", flush=True)
            result = _run_once(workers, Path(tmp))
            measured[workers] = result
            _table(workers, result["stats"])
    for workers, result in measured.items():
        total = next(r for r in result["stats"] if r["Name"] == "Aggregated")
        errors, p95 = int(total["Failure Count"]), float(total["95%"])
        _verdict.check(f"{workers} workers: errors", ok=errors == 0, figure=f"{errors} of {total['Request Count']}",
                       target="0")  # fmt: skip
        _verdict.check(f"{workers} workers: p95 over all requests", ok=p95 < TARGET_P95_MS, figure=f"{p95:.0f} ms",
                       target=f"< {TARGET_P95_MS} ms")  # fmt: skip
        times = result["requests"]
        if times:
            start = min(t[0] for t in times)
            every = [t[1] for t in times]
            after = [t[1] for t in times if t[0] >= start + BURST_SECONDS]
            burst = len(times) - len(after)
            print(
                f"{workers} workers: p95 over the whole run {_percentile(every, 0.95):.0f} ms ({len(every)} requests); "
                f"in the first {BURST_SECONDS} s (the opening burst, {burst} requests) "
                f"{_percentile([t[1] for t in times if t[0] < start + BURST_SECONDS], 0.95):.0f} ms; "
                f"after it {_percentile(after, 0.95):.0f} ms ({len(after)} requests)",
                flush=True,
            )
        count = int(total["Request Count"]) or 1
        web_ms, db_ms = result["spent"]["gunicorn"] * 1000 / count, result["spent"]["postgres"] * 1000 / count
        print(
            f"{workers} workers: CPU per request over the load mix: gunicorn {web_ms:.1f} ms + PostgreSQL "
            f"{db_ms:.1f} ms = {web_ms + db_ms:.1f} ms ({count} requests)",
            flush=True,
        )
        for name, label in (("json", "bare JSON view"), ("session", "bare session + one indexed query view")):
            bare = result["bare"][name]
            print(
                f"{workers} workers: {label} on the same gunicorn: gunicorn {bare['gunicorn_ms']:.1f} ms + "
                f"PostgreSQL {bare['postgres_ms']:.1f} ms = {bare['gunicorn_ms'] + bare['postgres_ms']:.1f} ms "
                f"per request ({BARE_REQUESTS} requests, {bare['rps']:.0f} req/s)",
                flush=True,
            )
        _verdict.check(
            f"{workers} workers: CPU per request (gunicorn + PostgreSQL) over the load mix",
            ok=web_ms + db_ms <= TARGET_CPU_MS, figure=f"{web_ms + db_ms:.1f} ms ({web_ms:.1f} + {db_ms:.1f})",
            target=f"≤ {TARGET_CPU_MS:.0f} ms",
        )  # fmt: skip
        deadline, accepted = result["deadline"], result["accepted"]
        late_accepted = [s for s in result["submits"] if s["started"] > deadline and s["application"] in accepted]
        early = [s for s in result["submits"] if s["started"] <= deadline]
        early_refused = [s for s in early if s["application"] not in accepted]
        _verdict.check(
            f"{workers} workers: submits sent after the deadline and accepted", ok=not late_accepted,
            figure=f"{len(late_accepted)} of {len(result['submits']) - len(early)}", target="0",
        )  # fmt: skip
        _verdict.check(
            f"{workers} workers: submits sent before the deadline and refused", ok=not early_refused,
            figure=f"{len(early_refused)} of {len(early)} (judged at the arrival nginx stamped)",
            target="0",
        )  # fmt: skip
    if len(measured) >= 2:
        rates = {w: float(next(r for r in m["stats"] if r["Name"] == "Aggregated")["Requests/s"])
                 for w, m in measured.items()}  # fmt: skip
        low, high = min(rates), max(rates)
        _verdict.check(
            "throughput grows with workers", ok=rates[high] > rates[low],
            figure=f"{rates[low]:.1f} req/s with {low}, {rates[high]:.1f} req/s with {high}", target="more with more",
        )  # fmt: skip


if __name__ == "__main__":
    main()
