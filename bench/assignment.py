"""Reviewer auto-assignment end to end through the real service: 2,000 applications × 500 reviewers, k = 3.

On PostgreSQL (a throw-away database, as the other benches). Every reviewer has bid
(6 eager, 4 willing, 2 not willing). As in production, the conflicts were recorded before anyone
assigns (`application_submitted` and `reviewer_profile_activated` record them; here in one batch):
each application's institution is shared by 25 of the 500 reviewers, 5 % of pairs.
`reviews.auto_assign.reviewers_auto_assign` then runs as an officer's click does: the call is
locked, every conflict is detected again and read from the database (new ones recorded), the
TF-IDF affinity (CJK bigrams + words) and the bids enter the costs, the min-cost flow (OR-Tools)
is solved, the Assignment rows saved, one invitation per reviewer stored and handed to the worker,
with an event on every assignment and application; that is what the officer waits for, and what is
timed against the target. The same request on a second call whose applications came in without the
submission hook (all 50,000 conflicts recorded by the request itself) is timed and printed, not
judged. The worker's part (e-mailing the invitations to Django's dummy backend) is timed and printed
after. The greedy baseline (best pair first) then runs on the same affinity and conflicts.
Targets: end to end < 3 s on this 2-core machine (issue 16); every application gets k
reviewers, no reviewer above the cap, no conflicted pair assigned, no "not willing" pair
used, one invitation per reviewer naming each of their applications, one event per application,
total affinity ≥ greedy.
Run with `make bench` or `python -m bench assignment`.
"""

import datetime as dt
import random
import time

from . import _verdict

N_APPLICATIONS = 2_000
N_REVIEWERS = 500
N_INSTITUTIONS = 20  # an application conflicts with the reviewers of its institution: 1 / 20 = 5 % of pairs
K = 3
LOAD_CAP = 15
N_TOPICS = 60
SEED = 20261127
TARGET_SECONDS = 3  # issue 16: 2,000 × 500, k = 3, end to end on this machine

KANJI = (
    "電池材料固体半導体量子光学医療創薬抗体細胞遺伝子免疫農業土壌水産海洋森林木材環境資源循環炭素水素"
    "触媒高分子金属合金結晶磁気素子回路通信無線情報知能学習画像音声言語制御機械構造建築防災地震気象衛星"
    "宇宙航空交通物流都市地域観光食品発酵微生物酵素蛋白脳神経心臓血管診断治療介護福祉教育経営金融"
)
KATAKANA = ["センサ", "ロボット", "ドローン", "デバイス", "プロセス", "システム", "プラットフォーム", "ワクチン"]
FILLER = "に関する研究成果を基に、試作と顧客検証を行い事業化を目指す。"


def _terms(rng: random.Random) -> list[list[str]]:
    topics = []
    for _ in range(N_TOPICS):
        terms = set()
        while len(terms) < 25:
            term = "".join(rng.choice(KANJI) for _ in range(rng.choice((2, 3, 4))))
            if rng.random() < 0.15:
                term += rng.choice(KATAKANA)
            terms.add(term)
        topics.append(sorted(terms))
    return topics


def _texts(rng: random.Random, topics):
    all_terms = [t for topic in topics for t in topic]
    apps = []
    for _ in range(N_APPLICATIONS):
        topic = rng.choice(topics)
        own = rng.sample(topic, 10)
        noise = rng.sample(all_terms, 4)
        title = "の".join(own[:3])
        summary = "、".join(own[3:8] + noise) + FILLER
        keywords = "、".join(own[6:10])
        apps.append((title, summary, keywords))
    reviewers = []
    for _ in range(N_REVIEWERS):
        main, side = rng.sample(topics, 2)
        reviewers.append(" ".join(rng.sample(main, 6) + rng.sample(side, 2)))
    return apps, reviewers


def _setup_database(app_texts, reviewer_texts):
    """Catalog, institutions, 500 reviewers and two calls of 2,000 submitted applications each; bulk inserts
    (not timed)."""
    from accounts.models import Role, User
    from programs.models import Institution, Platform, Program, Stage
    from reviews.models import ReviewerProfile

    institutions = Institution.objects.bulk_create(
        [Institution(name=f"ベンチ大学{i}", email_domains=[f"bench{i}.ac.jp"]) for i in range(N_INSTITUTIONS)]
    )
    institutions = list(Institution.objects.filter(name__startswith="ベンチ大学").order_by("id"))
    program = Program.objects.create(code="BENCHP", name="ベンチ")
    stage = Stage.objects.create(
        program=program, order=1, code="BENCHS", name="ベンチ", max_amount=10**7, max_duration_months=12,
        reviewers_per_application=K,
    )  # fmt: skip
    platform = Platform.objects.create(code="BENCHPF", name="ベンチ", region="全国")
    User.objects.bulk_create(
        [User(username=f"bench-applicant-{i}", affiliation=inst) for i, inst in enumerate(institutions)]
    )
    officer = User.objects.create(username="bench-officer", role=Role.DIRECTOR)
    User.objects.bulk_create(
        [
            User(
                username=f"bench-reviewer-{i}", role=Role.REVIEWER, email=f"r{i}@example.org",
                affiliation=institutions[i % N_INSTITUTIONS],
            )
            for i in range(N_REVIEWERS)
        ]
    )  # fmt: skip
    reviewers = list(User.objects.filter(username__startswith="bench-reviewer-").order_by("id"))
    ReviewerProfile.objects.bulk_create(
        [
            ReviewerProfile(user=u, expertise=text, max_load_per_call=LOAD_CAP)
            for u, text in zip(reviewers, reviewer_texts, strict=True)
        ]
    )
    calls = [_add_call(code, stage, platform, institutions, app_texts) for code in ("BENCH-CALL", "BENCH-COLD")]
    return calls, officer


def _add_call(code, stage, platform, institutions, app_texts):
    """A closed call with 2,000 applications in screening (bulk inserts, not timed)."""
    from django.utils import timezone

    from accounts.models import User
    from applications.models import Application, Status
    from programs.models import Call

    now = timezone.now()
    call = Call.objects.create(
        code=code, stage=stage, platform=platform, fiscal_year=2026, title=f"ベンチ公募 {code}",
        opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1),
    )  # fmt: skip
    applicants = list(User.objects.filter(username__startswith="bench-applicant-").order_by("id"))
    Application.objects.bulk_create(
        [
            Application(
                call=call, applicant=applicants[i % N_INSTITUTIONS], institution=institutions[i % N_INSTITUTIONS],
                status=Status.SCREENING, receipt_number=f"{code}-{i:05d}", title=title, summary=summary,
                keywords=keywords, submitted_at=now,
            )
            for i, (title, summary, keywords) in enumerate(app_texts)
        ]
    )  # fmt: skip
    return call


def _greedy_baseline(call):
    """The best-pair-first baseline on the service's objective (affinity + bid weight; conflicts and "not
    willing" pairs excluded), and the same objective summed over the service's saved pairs."""
    from reviews.affinity import affinity_matrix
    from reviews.assigning import application_text
    from reviews.bidding import bid_matrix
    from reviews.models import Assignment, ConflictOfInterest
    from reviews.selectors import reviewer_pool
    from reviews.solver import solve_greedy

    apps = list(call.applications.order_by("id"))
    profiles = list(reviewer_pool(call))
    affinity = affinity_matrix([application_text(a) for a in apps], [p.expertise for p in profiles])
    bonus, unwilling = bid_matrix(call, apps, [p.user_id for p in profiles])
    objective = affinity + bonus
    app_index = {a.pk: i for i, a in enumerate(apps)}
    reviewer_index = {p.user_id: j for j, p in enumerate(profiles)}
    eligible = ~unwilling
    for reviewer_id, app_id in ConflictOfInterest.objects.values_list("reviewer_id", "application_id"):
        if reviewer_id in reviewer_index and app_id in app_index:
            eligible[app_index[app_id], reviewer_index[reviewer_id]] = False
    demand = [K] * len(apps)
    capacity = [p.max_load_per_call for p in profiles]
    greedy = solve_greedy(objective, eligible, demand, capacity)
    service = sum(
        objective[app_index[a], reviewer_index[r]]
        for r, a in Assignment.objects.filter(application__call=call).values_list("reviewer_id", "application_id")
    )
    return greedy, float(service)


def _bids(call, rng: random.Random) -> int:
    """Every reviewer bids before assignment: 6 eager, 4 willing and 2 not willing, on random applications."""
    from reviews.models import Bid, BidChoice, ReviewerProfile

    apps = list(call.applications.values_list("id", flat=True))
    reviewers = list(ReviewerProfile.objects.values_list("user_id", flat=True))
    rows = []
    for reviewer_id in reviewers:
        chosen = rng.sample(apps, 12)
        choices = [BidChoice.EAGER] * 6 + [BidChoice.WILLING] * 4 + [BidChoice.NOT_WILLING] * 2
        rows += [Bid(reviewer_id=reviewer_id, application_id=a, choice=c) for a, c in zip(chosen, choices, strict=True)]
    Bid.objects.bulk_create(rows)
    return len(rows)


def main() -> None:
    from .report_db import run_child

    run_child("bench.assignment", "sangaku_bench_assignment")


def _record_conflicts_as_submission_does(call) -> None:
    """What `application_submitted` (each application against every active reviewer) and
    `reviewer_profile_activated` record in production before anyone assigns, in one batch (not timed)."""
    from reviews.conflicts import active_reviewer_ids, conflicts_detect_and_record

    conflicts_detect_and_record(
        application_ids=list(call.applications.values_list("id", flat=True)), reviewer_ids=list(active_reviewer_ids())
    )


def _officer_request(call, officer):
    """The officer's click, timed as they wait for it: after a CHECKPOINT, so the flush of the setup's bulk
    writes does not land on the officer's clock."""
    from django.db import connection

    from reviews.auto_assign import reviewers_auto_assign

    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    started = time.perf_counter()
    result = reviewers_auto_assign(call_id=call.pk, actor=officer)
    return result, time.perf_counter() - started


def inner() -> None:
    from django.db.models import Count, F, Q

    from applications.models import ApplicationEvent
    from notifications.models import Notification
    from reviews.models import Assignment, Bid, ConflictOfInterest

    from .report_db import prepare_schema

    rng = random.Random(SEED)
    app_texts, reviewer_texts = _texts(rng, _terms(rng))
    prepare_schema()
    (call, cold_call), officer = _setup_database(app_texts, reviewer_texts)
    bids = _bids(call, rng) + _bids(cold_call, rng)
    _record_conflicts_as_submission_does(call)
    print(
        f"data: {N_APPLICATIONS:,} applications × {N_REVIEWERS:,} reviewers per call, k={K}, load ≤ {LOAD_CAP}, "
        f"{N_INSTITUTIONS} institutions (5 % of pairs conflicted by institution), {bids // 2:,} bids per call",
        flush=True,
    )

    # As in production: the officer's request stores the invitations and hands them to the worker (here a
    # broker in memory); the worker then e-mails them. Both are timed; the officer waits for the first.
    from sangaku.celery import app as celery_app

    celery_app.conf.task_always_eager = False
    result, elapsed = _officer_request(call, officer)
    _verdict.check(
        "officer's request end to end (lock, conflicts re-detected and read from the database, TF-IDF, bids, "
        "solve, save, invitations stored and queued, events)",
        ok=elapsed < TARGET_SECONDS,
        figure=f"{elapsed:.2f} s",
        target=f"< {TARGET_SECONDS} s",
    )
    # A call whose applications arrived without the submission hook (an import): its first assignment also
    # records all 50,000 conflicts. Reported, not judged: the service never leaves a call in that state.
    _cold_result, cold_elapsed = _officer_request(cold_call, officer)
    print(
        f"same request on a call with no conflict recorded beforehand (records 50,000): {cold_elapsed:.2f} s",
        flush=True,
    )
    from notifications.tasks import deliver_pending_notifications

    started = time.perf_counter()
    delivered = deliver_pending_notifications.run(older_than_seconds=0)
    print(f"worker: {delivered:,} invitations e-mailed in {time.perf_counter() - started:.2f} s", flush=True)
    celery_app.conf.task_always_eager = True

    saved = Assignment.objects.filter(application__call=call)
    per_app = saved.values("application_id").annotate(n=Count("id"))
    short = sum(1 for row in per_app if row["n"] != K) + (N_APPLICATIONS - per_app.count())
    _verdict.check(
        f"every application has k = {K} reviewers",
        ok=short == 0 and not result.unfilled,
        figure=f"{saved.count():,} assignments saved, {short} applications without k, {len(result.unfilled)} unfilled",
        target=f"{N_APPLICATIONS * K:,} assignments, 0 short",
    )
    max_load = max(saved.values("reviewer_id").annotate(n=Count("id")).values_list("n", flat=True))
    _verdict.check("no reviewer above the load cap", ok=max_load <= LOAD_CAP, figure=f"max load {max_load}",
                   target=f"≤ {LOAD_CAP}")  # fmt: skip
    expected_conflicts = N_APPLICATIONS * N_REVIEWERS // N_INSTITUTIONS
    conflicts = {c.code: ConflictOfInterest.objects.filter(application__call=c).count() for c in (call, cold_call)}
    in_conflict = Assignment.objects.filter(Q(reviewer__conflicts__application_id=F("application_id"))).count()
    _verdict.check(
        "conflicts detected from the database, none assigned (both calls)",
        ok=set(conflicts.values()) == {expected_conflicts} and in_conflict == 0,
        figure=f"{' / '.join(f'{n:,}' for n in conflicts.values())} conflicts recorded, {in_conflict} assigned in "
        "conflict",
        target=f"{expected_conflicts:,} recorded per call, 0 assigned",
    )
    unwilling_used = sum(1 for p in result.proposal if p["unwilling"])
    eager_pairs = set(
        Bid.objects.filter(choice="eager", application__call=call).values_list("reviewer_id", "application_id")
    )
    eager_used = sum(1 for p in result.proposal if (p["reviewer"].pk, p["application"].pk) in eager_pairs)
    _verdict.check(
        "bids entered the costs: no 'not willing' pair used (others were feasible)", ok=unwilling_used == 0,
        figure=f"{unwilling_used} not-willing pairs used, {eager_used:,} of {len(eager_pairs):,} eager pairs used",
        target="0 not-willing pairs",
    )  # fmt: skip
    # One invitation per reviewer and call, naming every application that call's run gave them.
    invitations = Notification.objects.filter(kind="assignment_invitations", subject__contains=call.title)
    bodies = dict(invitations.values_list("recipient_id", "body"))
    sent = invitations.filter(sent_at__isnull=False).count()
    unnamed = sum(
        1
        for reviewer_id, number in saved.values_list("reviewer_id", "application__receipt_number")
        if f"{number}「" not in bodies.get(reviewer_id, "")
    )
    reviewers_assigned = saved.values("reviewer_id").distinct().count()
    events = ApplicationEvent.objects.filter(application__call=call, action="reviewers_assigned").count()
    _verdict.check(
        "one invitation per reviewer naming each of their applications, e-mailed; one event per application",
        ok=len(bodies) == invitations.count() == sent == reviewers_assigned
        and unnamed == 0
        and events == N_APPLICATIONS,
        figure=f"{invitations.count():,} invitations to {reviewers_assigned:,} reviewers, {sent:,} e-mailed, "
        f"{unnamed} assignments not named, {events:,} events",
        target=f"{reviewers_assigned:,} invitations e-mailed, 0 not named, {N_APPLICATIONS:,} events",
    )
    greedy, service_objective = _greedy_baseline(call)
    print(f"greedy baseline: {greedy.seconds:.2f} s, {len(greedy.pairs):,} pairs", flush=True)
    _verdict.check(
        "min-cost flow objective (affinity + bid weights) ≥ greedy",
        ok=service_objective >= greedy.total_affinity - 1e-6,
        figure=f"{service_objective:.3f} vs greedy {greedy.total_affinity:.3f} "
        f"({(service_objective / greedy.total_affinity - 1) * 100:+.2f} %)",
        target="optimal ≥ greedy",
    )
