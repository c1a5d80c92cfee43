"""Closing-day load test: locust (headless) against `make serve` on PostgreSQL and a private Redis.

For each web-worker count (1 and 2 gunicorn workers per core: 2 and 4 on this machine) the bench
builds a fresh database (the demo catalog; 500 applicants, each with a complete draft of the same
call; 30 reviewers with 5 reviews each to score; 10 officers), starts `make serve` (gunicorn + Celery
worker + beat, DEBUG off), sets the call to close DEADLINE_AFTER seconds into the run, and runs
bench/_locustfile.py for DURATION seconds: applicants open and save their draft and submit once around
the deadline, reviewers open their home and save scores, officers browse lists, the desk, the
dashboard and the ranking.

Reported per endpoint: requests, errors, requests/s, p50/p95/p99. Targets: 0 errors; p95 < 500 ms
over all requests; throughput with 4 workers above 2 workers. The deadline: no submit sent after it
is accepted; every submit sent before it is accepted unless it arrived after it (judged at the
instant a worker took it; the count of those is printed). Run with `python -m bench load`.
"""

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from . import _verdict
from .report_db import ROOT, bench_database

WORKER_COUNTS = tuple(int(x) for x in os.environ.get("BENCH_LOAD_WORKERS", "2,4").split(","))
DURATION = int(os.environ.get("BENCH_LOAD_SECONDS", "120"))
DEADLINE_AFTER = DURATION * 0.6
APPLICANTS, REVIEWERS, OFFICERS = 500, 30, 10
REVIEWS_EACH = 5
TARGET_P95_MS = 500


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
    clone(
        Assignment, assignment.pk, source="applications_application a, generate_series(0, 0) j",
        where="a.call_id = %s AND a.id <> %s", params=[other.pk, in_review.pk],
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
    for review_id, reviewer_id in Review.objects.filter(assignment__application__call=other).values_list(
        "id", "assignment__reviewer_id"
    ):
        reviews_of.setdefault(reviewer_id, []).append(review_id)
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
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            base = f"http://127.0.0.1:{web_port}"
            _wait_ready(base)
            deadline = time.time() + 5 + DEADLINE_AFTER
            _set_deadline(url, people["call"], deadline)
            submits_path = tmp / f"submits-{workers}.json"
            prefix = tmp / f"stats-{workers}"
            users = APPLICANTS + REVIEWERS + OFFICERS
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
                },
            )  # fmt: skip
            submits = json.loads(submits_path.read_text(encoding="utf-8")) if submits_path.exists() else []
            accepted_ids = set(_accepted_after(url, people["call"]))
            return {
                "stats": list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8"))),
                "submits": submits,
                "accepted": accepted_ids,
                "deadline": deadline,
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
            figure=f"{len(early_refused)} of {len(early)} (a refused one reached a worker after the deadline)",
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
