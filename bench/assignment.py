"""Reviewer auto-assignment at scale: 2,000 applications × 500 reviewers, k = 3, load ≤ 15, 5 % conflicts.

End to end = read the texts from the database, TF-IDF affinity (CJK bigrams + words),
build the eligibility matrix, solve the min-cost flow (OR-Tools), save the 6,000
Assignment rows. The greedy baseline (best pair first) runs on the same matrix.
Run with `make bench` or `python -m bench assignment`.
"""

import datetime as dt
import random
import time

import numpy as np

N_APPLICATIONS = 2_000
N_REVIEWERS = 500
K = 3
LOAD_CAP = 15
CONFLICT_RATE = 0.05
N_TOPICS = 60
SEED = 20261127

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
    """Catalog, 500 reviewers, 2,000 submitted applications; bulk inserts, no signals (not timed)."""
    from django.utils import timezone

    from accounts.models import Role, User
    from applications.models import Application, Status
    from programs.models import Call, Institution, Platform, Program, Stage
    from reviews.models import ReviewerProfile

    inst = Institution.objects.create(name="ベンチ大学", email_domains=["bench.ac.jp"])
    program = Program.objects.create(code="BENCHP", name="ベンチ")
    stage = Stage.objects.create(
        program=program, order=1, code="BENCHS", name="ベンチ", max_amount=10**7, max_duration_months=12,
        reviewers_per_application=K,
    )  # fmt: skip
    platform = Platform.objects.create(code="BENCHPF", name="ベンチ", region="全国")
    now = timezone.now()
    call = Call.objects.create(
        code="BENCH-CALL", stage=stage, platform=platform, fiscal_year=2026, title="ベンチ公募",
        opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1),
    )  # fmt: skip
    applicant = User.objects.create(username="bench-applicant", affiliation=inst)
    officer = User.objects.create(username="bench-officer", role=Role.DIRECTOR)
    reviewers = User.objects.bulk_create(
        [
            User(username=f"bench-reviewer-{i}", role=Role.REVIEWER, email=f"r{i}@example.org")
            for i in range(N_REVIEWERS)
        ]
    )
    reviewers = list(User.objects.filter(username__startswith="bench-reviewer-").order_by("id"))
    ReviewerProfile.objects.bulk_create(
        [
            ReviewerProfile(user=u, expertise=text, max_load_per_call=LOAD_CAP)
            for u, text in zip(reviewers, reviewer_texts, strict=True)
        ]
    )
    Application.objects.bulk_create(
        [
            Application(
                call=call, applicant=applicant, institution=inst, status=Status.SCREENING,
                receipt_number=f"BENCH-{i:05d}", title=title, summary=summary, keywords=keywords, submitted_at=now,
            )
            for i, (title, summary, keywords) in enumerate(app_texts)
        ]
    )  # fmt: skip
    return call, officer


def main() -> None:
    from django.db import transaction

    from applications.models import Application
    from reviews.affinity import affinity_matrix
    from reviews.models import Assignment, ReviewerProfile
    from reviews.solver import solve_greedy, solve_min_cost_flow

    rng = random.Random(SEED)
    app_texts, reviewer_texts = _texts(rng, _terms(rng))
    call, officer = _setup_database(app_texts, reviewer_texts)
    np_rng = np.random.default_rng(SEED)
    conflicted = np_rng.random((N_APPLICATIONS, N_REVIEWERS)) < CONFLICT_RATE

    # ---- end to end ----
    started = time.perf_counter()
    apps = list(Application.objects.filter(call=call).order_by("id").values_list("id", "title", "summary", "keywords"))
    profiles = list(
        ReviewerProfile.objects.order_by("user_id").values_list("user_id", "expertise", "max_load_per_call")
    )
    t_read = time.perf_counter()
    affinity = affinity_matrix([" ".join(a[1:]) for a in apps], [p[1] for p in profiles])
    t_affinity = time.perf_counter()
    eligible = ~conflicted
    demand = [K] * len(apps)
    capacity = [p[2] for p in profiles]
    solution = solve_min_cost_flow(affinity, eligible, demand, capacity)
    t_solved = time.perf_counter()
    due = call.closes_at + dt.timedelta(days=21)
    with transaction.atomic():
        Assignment.objects.bulk_create(
            [
                Assignment(
                    application_id=apps[a][0], reviewer_id=profiles[r][0], due_at=due,
                    affinity=float(affinity[a, r]), assigned_by=officer,
                )
                for a, r in solution.pairs
            ],
            batch_size=2000,
        )  # fmt: skip
    finished = time.perf_counter()

    greedy = solve_greedy(affinity, eligible, demand, capacity)

    # ---- checks ----
    loads = np.bincount([r for _a, r in solution.pairs], minlength=N_REVIEWERS)
    per_app = np.bincount([a for a, _r in solution.pairs], minlength=N_APPLICATIONS)
    conflicts_used = sum(1 for a, r in solution.pairs if conflicted[a, r])
    saved = Assignment.objects.filter(application__call=call).count()

    rows = [
        ("applications × reviewers", f"{N_APPLICATIONS:,} × {N_REVIEWERS:,} (k={K}, load ≤ {LOAD_CAP}, "
                                     f"{conflicted.mean() * 100:.1f} % conflicted pairs)"),
        ("end to end (read + TF-IDF + solve + save)", f"{finished - started:.2f} s"),
        ("  read texts from DB", f"{t_read - started:.2f} s"),
        ("  TF-IDF affinity matrix", f"{t_affinity - t_read:.2f} s"),
        ("  min-cost flow (OR-Tools) solver", f"{t_solved - t_affinity:.2f} s"),
        ("  save Assignment rows", f"{finished - t_solved:.2f} s ({saved:,} rows)"),
        ("min-cost flow total affinity", f"{solution.total_affinity:.3f}"),
        ("greedy time", f"{greedy.seconds:.2f} s"),
        ("greedy total affinity", f"{greedy.total_affinity:.3f} ({len(greedy.pairs):,} pairs)"),
        ("optimal − greedy", f"{solution.total_affinity - greedy.total_affinity:+.3f} "
                             f"({(solution.total_affinity / greedy.total_affinity - 1) * 100:+.2f} %)"),
        ("checks", f"pairs {len(solution.pairs):,}; apps with k: {(per_app == K).sum():,}; "
                   f"max load {loads.max()}; conflicted pairs used {conflicts_used}"),
    ]  # fmt: skip
    width = max(len(label) for label, _v in rows)
    print(f"| {'metric':<{width}} | value |")
    print(f"|{'-' * (width + 2)}|-------|")
    for label, value in rows:
        print(f"| {label:<{width}} | {value} |")
