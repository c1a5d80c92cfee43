"""Fault tests with the real services: a worker SIGKILLed mid-batch of mails, Redis stopped during requests,
a build's PostgreSQL backend terminated, and two beat processes at once.

Every service here is real and started by the test (a private redis-server on its own
port, gunicorn, celery worker and beat, an SMTP server); nothing of ours is mocked.
"""

import datetime as dt
import json
import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from notifications.models import Notification
from notifications.tasks import deliver_pending_notifications
from reporting.models import PlatformReport
from reporting.tasks import sweep_review_reminders
from sangaku.celery import app as celery_app
from tests.applications.factories import ApplicationFactory
from tests.factories import OfficerFactory
from tests.reviews.factories import AssignmentFactory

from .services import (
    Beat,
    RedisServer,
    SmtpSink,
    WebServer,
    backends_waiting_for_a_lock,
    database_refusing_connections,
    project_env,
    table_locked,
    terminate_backend,
)
from .worker import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TIMEOUT = 40
MAILS = 40


def test_worker_sigkilled_mid_batch_of_mails_delivers_every_mail_and_marks_none_sent_unsent(
    catalog, workers, task_result
):
    """The reminder sweep mails 40 reviewers; the worker is SIGKILLed after about ten went out."""
    AssignmentFactory.create_batch(
        MAILS, application__call=catalog["calls"]["GF-KSAC-2024-S1"], due_at=timezone.now() + dt.timedelta(days=2)
    )
    with SmtpSink(delay=0.05) as sink:  # a slow mail server: the kill lands mid-batch
        env = {"EMAIL_URL": sink.url, "NOTIFICATION_LEASE_SECONDS": "1"}
        worker = workers(env=env)
        sweep_review_reminders.delay()
        wait_for(lambda: len(sink.received()) >= 10, timeout=TIMEOUT, what="the first mails", worker=worker)
        worker.kill()  # SIGKILL to the worker's whole process group: no cleanup of any kind

        # Each reviewer gets one reminder here: a mail is known by its recipient (today's code sets no Message-ID).
        def delivered() -> set[str]:
            return {str(m["To"]) for m in sink.received()}

        def marked_sent() -> set[str]:
            return set(Notification.objects.filter(sent_at__isnull=False).values_list("recipient__email", flat=True))

        everything = set(Notification.objects.values_list("recipient__email", flat=True))
        assert len(everything) == MAILS
        at_kill, marked = delivered(), marked_sent()
        assert len(at_kill) < MAILS, "the worker was killed before the batch was through"
        assert marked <= at_kill, f"{len(marked - at_kill)} mails are marked sent but never reached the server"

        # A new worker; the pending-mail sweep (beat, every minute) runs once the dead worker's lease is over.
        workers(env=env)
        wait_for(
            lambda: not Notification.objects.filter(retry_at__gt=timezone.now()).exists(),
            timeout=10,
            what="the dead worker's lease to run out",
        )
        task_result(
            deliver_pending_notifications.apply_async(kwargs={"older_than_seconds": 0}, ignore_result=False),
            timeout=TIMEOUT,
        )

        assert delivered() == everything, "every mail reached the server at least once"
        assert marked_sent() == everything
        received = sink.received()

    from notifications.services import MARK_SENT_EVERY, message_id

    keys = dict(Notification.objects.values_list("recipient__email", "dedup_key"))
    for message in received:
        assert message["Message-ID"] == message_id(keys[str(message["To"])]), "the Message-ID comes from the outbox key"
    twice = [to for to, n in Counter(str(m["To"]) for m in received).items() if n > 1]
    assert len(twice) <= MARK_SENT_EVERY, "only mails sent after the last sent-stamp before the kill go out again"
    assert Notification.objects.filter(attempts__gt=2).count() == 0


def test_redis_stopped_during_requests_no_500_no_orphan_and_the_build_and_mail_complete_when_it_returns(
    gapfund, queue, workers, services
):
    """Redis is killed; a report is requested and an application returned; Redis comes back empty."""
    redis = services(RedisServer())
    with SmtpSink() as sink:
        env = project_env(redis_url=redis.url, queue=queue, WORKER_HEARTBEAT_SECONDS=1, EMAIL_URL=sink.url)
        worker = workers(env={"REDIS_URL": redis.url, "WORKER_HEARTBEAT_SECONDS": "1", "EMAIL_URL": sink.url})
        web = services(WebServer(env))
        services(Beat(env, entries="builds-sweep,mail-sweep"))  # the two sweeps, every second
        ksac = gapfund["platforms"]["KSAC"]
        officer = OfficerFactory(platforms=[ksac])
        token = Token.objects.create(user=officer).key
        submitted = ApplicationFactory(call=gapfund["calls"]["GF-KSAC-2024-S1"], status="submitted")

        redis.stop()  # SIGKILL: Redis is gone, as in a crash
        started = time.monotonic()
        status, body = web.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, token=token)
        took = time.monotonic() - started
        assert status == 202, body
        assert body["status"] == "queued", "the build is accepted and waits for the broker"
        assert took < 10, f"the request took {took:.1f}s"
        returned = web.post(
            f"/api/v1/applications/{submitted.pk}/actions/return/", {"note": "予算を直してください"}, token=token
        )
        assert returned[0] == 200, returned
        assert web.get("/api/v1/platform-reports/", token=token)[0] == 200, "reading still works without Redis"
        ready_status, ready = web.get("/readyz")
        assert ready_status == 503 and ready["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
        assert ready["checks"]["database"]["ok"] is True
        assert str(redis.port) not in json.dumps(ready), "no address or secret in /readyz"
        report_id = body["id"]
        assert PlatformReport.objects.get(pk=report_id).status == "queued"
        mail = Notification.objects.get(recipient=submitted.applicant, kind="application_returned")
        assert mail.sent_at is None and not sink.received(), "no worker could be told to send it"

        redis.start()  # back, empty (no persistence): the message published before the outage is gone anyway
        wait_for(
            lambda: PlatformReport.objects.get(pk=report_id).status == "done",
            timeout=TIMEOUT,
            what="the sweep to publish the queued build again and the worker to build it",
            worker=worker,
        )
        wait_for(
            lambda: Notification.objects.get(pk=mail.pk).sent_at is not None,
            timeout=TIMEOUT,
            what="the pending-mail sweep to send the mail",
            worker=worker,
        )
        assert [str(m["To"]) for m in sink.received()] == [submitted.applicant.email]
    wait_for(lambda: web.get("/readyz")[0] == 200, timeout=10, what="/readyz to be ready again")
    status, detail = web.get(f"/api/v1/platform-reports/{report_id}/", token=token)
    assert status == 200 and [(r["platform"], r["accepted"]) for r in detail["rows"]] == [("KSAC", 3)]


def test_build_whose_postgresql_backend_is_terminated_answers_202_and_is_retried_not_stuck(gapfund):
    """Eager mode (the embedded default): the build runs in the request; its database backend is terminated."""
    officer = OfficerFactory(platforms=[gapfund["platforms"]["KSAC"]])
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(officer)
    responses = []

    def request():
        try:
            responses.append(client.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, format="json"))
        finally:
            connections.close_all()

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with table_locked("applications_application"):  # holds the build inside its transaction
            thread = threading.Thread(target=request)
            thread.start()
            [pid] = wait_for(backends_waiting_for_a_lock, timeout=TIMEOUT, what="the build to wait for the table")
            assert PlatformReport.objects.get().status == "running"
            assert terminate_backend(pid)
            time.sleep(0.2)  # the retry (a new connection) waits for the table too, until we let go
        thread.join(TIMEOUT)
    finally:
        celery_app.conf.task_always_eager = previous
    assert not thread.is_alive()
    [response] = responses
    assert response.status_code == 202, response.content.decode()[:500]
    report = PlatformReport.objects.get()
    assert report.status == "done", f"{report.status}: {report.error}"
    assert report.attempts == 2, "the build was retried once on a new connection"
    assert response.json()["status"] == "done"


def test_two_beats_at_once_make_one_nightly_report(gapfund, queue, workers, services, redis_client):
    worker = workers()
    env = project_env(redis_url=settings.REDIS_URL, queue=queue)
    beats = [services(Beat(env, entries="nightly")), services(Beat(env, entries="nightly"))]
    wait_for(
        lambda: all(beat.log().count("Sending due task") >= 4 for beat in beats),
        timeout=TIMEOUT,
        what="each beat to send the nightly task several times",
    )
    for beat in beats:
        beat.stop()
    wait_for(
        lambda: redis_client.llen(queue) == 0, timeout=TIMEOUT, what="the worker to take every task", worker=worker
    )
    wait_for(
        lambda: PlatformReport.objects.filter(status="done").exists(),
        timeout=TIMEOUT,
        what="the nightly report to be built",
        worker=worker,
    )
    time.sleep(0.5)  # the last task taken from the queue finishes
    assert PlatformReport.objects.count() == 1, "one nightly report however many beats and ticks"


def _answer_while_its_backend_is_terminated(send, table: str):
    """`send()` runs in a thread while `table` is locked; its database backend is terminated as it waits."""
    answers = []

    def request():
        try:
            answers.append(send())
        finally:
            connections.close_all()

    with table_locked(table):
        thread = threading.Thread(target=request)
        thread.start()
        [pid] = wait_for(backends_waiting_for_a_lock, timeout=TIMEOUT, what="the request to wait for the table")
        assert terminate_backend(pid)
    thread.join(TIMEOUT)
    assert not thread.is_alive()
    [answer] = answers
    return answer


@pytest.mark.parametrize(
    "language, detail",
    [
        ("ja", "データベースに一時的に接続できません。しばらくしてからもう一度お試しください。"),
        ("en", "The database cannot be reached for a moment. Please try again shortly."),
    ],
)
def test_an_api_request_whose_database_connection_is_lost_answers_503_in_the_callers_language(
    gapfund, language, detail
):
    officer = OfficerFactory(platforms=[gapfund["platforms"]["KSAC"]])
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(officer)
    answer = _answer_while_its_backend_is_terminated(
        lambda: client.get("/api/v1/applications/", HTTP_ACCEPT_LANGUAGE=language), "applications_application"
    )
    assert answer.status_code == 503, answer.content.decode()[:300]
    assert answer.json() == {"detail": detail, "code": "database_unavailable", "errors": {}}
    assert answer["Retry-After"] == "5"
    # The next request has a new connection and is served.
    assert client.get("/api/v1/applications/", HTTP_ACCEPT_LANGUAGE=language).status_code == 200


@pytest.mark.parametrize(
    "table, where",
    [("applications_application", "in the view"), ("accounts_user", "loading the signed-in person")],
)
def test_a_page_whose_database_connection_is_lost_answers_a_503_page_in_japanese(gapfund, table, where):
    officer = OfficerFactory(platforms=[gapfund["platforms"]["KSAC"]])
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    answer = _answer_while_its_backend_is_terminated(lambda: client.get("/office/"), table)
    assert answer.status_code == 503, f"{where}: {answer.content.decode()[:300]}"
    page = answer.content.decode()
    assert "一時的に利用できません" in page
    assert "データベースに一時的に接続できません。しばらくしてからもう一度お試しください。" in page
    assert client.get("/office/").status_code == 200


def test_embedded_profile_leaves_no_report_running_when_its_build_lost_the_database_for_good(gapfund):
    """Eager mode (the embedded default, no beat): the build's backend is terminated and PostgreSQL refuses new
    connections through every retry. The request answers 503; once the database is back the build reads failed
    with the reason, never "running" (a new one can be requested and is built)."""
    officer = OfficerFactory(platforms=[gapfund["platforms"]["KSAC"]])
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(officer)
    answers = []

    def request():
        try:
            answers.append(client.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, format="json"))
        finally:
            connections.close_all()

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        with table_locked("applications_application"):  # holds the build inside its transaction
            thread = threading.Thread(target=request)
            thread.start()
            [pid] = wait_for(backends_waiting_for_a_lock, timeout=TIMEOUT, what="the build to wait for the table")
            with database_refusing_connections() as admin:
                assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
                thread.join(TIMEOUT)
        assert not thread.is_alive()
        [answer] = answers
        assert answer.status_code == 503, answer.content.decode()[:500]
        assert answer.json()["code"] == "database_unavailable"

        [report] = client.get("/api/v1/platform-reports/").json()["results"]
        assert report["status"] == "failed"
        stored = PlatformReport.objects.get(pk=report["id"])
        assert "中断" in stored.error
        again = client.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, format="json")
        assert again.status_code == 202 and again.json()["status"] == "done"
    finally:
        celery_app.conf.task_always_eager = previous


def test_a_message_whose_request_loses_the_database_is_not_saved_and_its_retry_posts_it_once(catalog):
    """The message is written, then reading its files for the answer loses the connection: 503, nothing saved;
    the client's retry with the same Idempotency-Key posts it exactly once."""
    from conversations.models import Message
    from tests.awards.factories import draft, open_call, saved
    from tests.factories import UserFactory

    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"], code="FAULT-MSG")
    application = draft(call=call, applicant=saved(UserFactory()))
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(application.applicant)
    url = f"/api/v1/applications/{application.pk}/messages/"
    message = {"body": "見積書を添付します。", "visibility": "team"}

    answer = _answer_while_its_backend_is_terminated(
        lambda: client.post(url, message, format="json", HTTP_IDEMPOTENCY_KEY="retry-1"), "conversations_messagefile"
    )
    assert answer.status_code == 503, answer.content.decode()[:300]
    assert not Message.objects.filter(application=application).exists()

    retried = client.post(url, message, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    again = client.post(url, message, format="json", HTTP_IDEMPOTENCY_KEY="retry-1")
    assert retried.status_code == again.status_code == 201
    assert again.json()["id"] == retried.json()["id"]
    assert Message.objects.filter(application=application).count() == 1


def _cache_on(redis: RedisServer) -> dict:
    return {
        "default": {
            "BACKEND": "sangaku.cache.SharedRedisCache",
            "LOCATION": redis.url,
            "KEY_PREFIX": "fault-test",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }


def test_a_ranking_change_and_a_sign_out_made_while_redis_is_unreachable_hold_when_it_returns(
    services, settings, client
):
    """A private redis-server is paused (SIGSTOP: it keeps its data, answers nothing) while a review changes the
    ranking and the officer signs out, then resumed with everything it held: the ranking shows the change and
    the signed-out session stays signed out."""
    from applications.models import Status
    from reviews.models import Review
    from tests.factories import CallFactory, PlatformFactory, StageFactory, UserFactory
    from tests.reviews.factories import ReviewableApplicationFactory, ReviewerFactory, RubricFactory
    from tests.reviews.helpers import scored

    redis = services(RedisServer())
    settings.CACHES = _cache_on(redis)
    platform = PlatformFactory()
    call = CallFactory(stage=StageFactory(rubric=RubricFactory(), reviewers_per_application=2), platform=platform)
    officer = UserFactory(role="officer")
    officer.officer_platforms.add(platform)
    application = ReviewableApplicationFactory(call=call, status=Status.IN_REVIEW)
    scored(application, ReviewerFactory(), officer, novelty=2, market=2)
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(officer)
    ranking = f"/api/v1/calls/{call.pk}/ranking/"
    assert api.get(ranking).json()["results"][0]["raw_score"] == 2.0  # computed and stored in Redis
    client.force_login(officer)
    assert client.get("/office/").status_code == 200
    signed_in_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    redis.pause()
    second = scored(application, ReviewerFactory(), officer, novelty=5, market=5)  # a review submitted meanwhile
    assert client.post("/accounts/logout/").status_code == 302
    assert api.get(ranking).json()["results"][0]["raw_score"] == 3.5, "served while Redis is unreachable"
    redis.resume()

    settings.CACHES = _cache_on(redis)  # a process that never noticed the outage (no "Redis is down" memory)
    assert Review.objects.get(pk=second.pk).status == "submitted"
    assert api.get(ranking).json()["results"][0]["raw_score"] == 3.5, "the stale ranking Redis kept is not read"
    client.cookies[settings.SESSION_COOKIE_NAME] = signed_in_cookie  # the cookie of before the sign-out, sent again
    assert client.get("/office/").status_code == 302, "the signed-out session does not come back"
