"""Closing-day load (locust, headless): applicants editing and submitting before a deadline, reviewers scoring,
officers browsing. Started by bench/load.py (a module with a leading underscore: `python -m bench` never imports it, so gevent never patches the other benches), which builds the data, starts `make serve` and reads the results.

People and their credentials come from the JSON file named by SANGAKU_LOAD_PEOPLE (written by bench/load.py):
API tokens for the API, session cookies for the pages. DEADLINE (epoch seconds) is when the call closes.
Each submit is logged (start time, status) to SANGAKU_LOAD_SUBMITS so bench/load.py can judge the deadline.
"""

import json
import os
import random
import threading
import time

from locust import HttpUser, between, events, task

PEOPLE = json.loads(open(os.environ["SANGAKU_LOAD_PEOPLE"], encoding="utf-8").read())
DEADLINE = float(os.environ["SANGAKU_LOAD_DEADLINE"])
SUBMITS_LOG = os.environ["SANGAKU_LOAD_SUBMITS"]
REQUESTS_LOG = os.environ.get("SANGAKU_LOAD_REQUESTS", "")
_lock = threading.Lock()
_queues = {kind: list(PEOPLE[kind]) for kind in ("applicants", "reviewers", "officers")}
_submits = []
_requests = []  # (start epoch seconds, response ms, failed): p95 over the whole run and after the opening burst


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, start_time=None, **_kwargs):
    _requests.append((start_time or time.time() - response_time / 1000, response_time, exception is not None))


def _next(kind):
    with _lock:
        return _queues[kind].pop() if _queues[kind] else random.choice(PEOPLE[kind])


@events.quitting.add_listener
def _write_submits(environment, **_kwargs):
    with open(SUBMITS_LOG, "w", encoding="utf-8") as out:
        json.dump(_submits, out)
    if REQUESTS_LOG:
        with open(REQUESTS_LOG, "w", encoding="utf-8") as out:
            json.dump(_requests, out)


class Person(HttpUser):
    abstract = True
    kind = ""

    def on_start(self):
        self.me = _next(self.kind)
        self.client.cookies.set("sessionid", self.me["session"])
        self.api = {"Authorization": f"Token {self.me['token']}", "Accept-Language": "ja"}


class Applicant(Person):
    """Edits the draft's summary a few times, then submits once, at a random moment around the deadline."""

    kind = "applicants"
    fixed_count = int(os.environ.get("SANGAKU_LOAD_APPLICANTS", "500"))
    wait_time = between(30, 60)  # a save of the form every 30–60 s in the last rush, each person

    def on_start(self):
        super().on_start()
        # Most submit before the deadline; some after it (they must be refused).
        self.submit_at = DEADLINE + random.uniform(-0.8, 0.2) * float(os.environ["SANGAKU_LOAD_WINDOW"])
        self.submitted = False

    @task(3)
    def edit(self):
        if self.submitted:
            self.client.get("/applications/mine/", name="page: my applications")
            return
        pk = self.me["application"]
        self.client.get(f"/applications/{pk}/edit/", name="page: edit application")
        self.client.patch(
            f"/api/v1/applications/{pk}/",
            json={"summary": f"概要の改訂 {time.time():.3f}。電池材料の耐久性評価を行う。"},
            headers=self.api,
            name="api: save draft",
        )
        if time.time() >= self.submit_at:
            self.submit()

    def submit(self):
        pk = self.me["application"]
        started = time.time()
        with self.client.post(
            f"/api/v1/applications/{pk}/actions/submit/", json={}, headers=self.api, name="api: submit",
            catch_response=True,
        ) as response:  # fmt: skip
            refused_late = response.status_code == 400 and "call" in response.text
            if response.status_code == 200 or refused_late:
                response.success()  # a refusal after the deadline is the right answer, not an error
            _submits.append({"started": started, "status": response.status_code, "application": pk})
        self.submitted = True


class Reviewer(Person):
    kind = "reviewers"
    fixed_count = int(os.environ.get("SANGAKU_LOAD_REVIEWERS", "30"))
    wait_time = between(10, 30)

    @task
    def score(self):
        self.client.get("/review/", name="page: reviewer home")
        review = random.choice(self.me["reviews"])
        self.client.get(f"/review/reviews/{review}/", name="page: score sheet")
        scores = {code: random.randint(low, high) for code, (low, high) in self.me["criteria"].items()}
        self.client.patch(
            f"/api/v1/reviews/{review}/", json={"scores": scores}, headers=self.api, name="api: save review"
        )


class Officer(Person):
    kind = "officers"
    fixed_count = int(os.environ.get("SANGAKU_LOAD_OFFICERS", "10"))
    wait_time = between(5, 15)

    @task(3)
    def lists(self):
        self.client.get("/applications/", name="page: officer list")
        self.client.get("/api/v1/applications/", headers=self.api, name="api: officer list")

    @task(2)
    def desk(self):
        self.client.get("/office/", name="page: desk")

    @task(1)
    def dashboard(self):
        self.client.get("/reporting/dashboard/", name="page: dashboard")

    @task(1)
    def ranking(self):
        self.client.get(f"/review/calls/{self.me['ranking_call']}/ranking/", name="page: ranking")
