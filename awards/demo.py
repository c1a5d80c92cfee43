"""Seed awards from the source document, built through the real workflow.

Run by `load_demo` after the catalog (programs), applications and reviews demos:

- FY2024 (令和6年度) gap-fund Step 1 / Step 2 adoptions per platform exactly as in
  `programs.seed_data.PLATFORMS` (PSI's Step 2 stays in review), plus about 30 %
  more rejected proposals, each a draft submitted, screened, reviewed and decided
  with `applications.services.application_transition`; accepting creates the award.
- The 41 COI-NEXT hubs of `programs.seed_data.COINEXT_HUBS`, each adopted through
  a historical call of its stage, field and fiscal year; a hub promoted to
  full scale (本格型昇格) first holds a nurturing (育成型) award two years earlier
  that its promotion application cites, so accepting it marks that award `promoted`.
- Past-due progress reports are submitted by their holders (a few are left
  overdue, a few accepted or sent back) so the pages show a lived-in state.

Historical calls are closed today, so the submit guard would refuse them. The
seed therefore judges every submission rule at the historical submission instant
(`application_transition(..., judged_at=<that instant>)`: the same
`submission_problems`, judged at that instant) and then stamps the historical times on the application and
its events. Nothing else bypasses the workflow.

Idempotent: a call that already holds seed applications is skipped, so a second
run creates nothing.
"""

import datetime as dt
import math

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.models import Role
from applications.models import Application, ApplicationEvent, BudgetLine, MemberRole, Status, TeamMember
from applications.services import application_transition
from programs import seed_data
from programs.fiscal import JST, deadline_instant, reiwa_label, start_instant
from programs.models import Call, CoiNextField, Institution, InstitutionKind, Platform, Stage

from .models import Award, AwardEvent, ProgressReport, ReportEvent, ReportStatus
from .services import report_transition

SEED_PREFIX = "seed-"
REJECTED_SHARE = 0.3
PSI_STEP2_IN_REVIEW = 5
BATCH = 500
DECIDED = (Status.ACCEPTED, Status.REJECTED, Status.INELIGIBLE)
REVIEW_NOTE = "デモデータ: 令和6年度の審査結果（書面審査・面接の記録はシード資料の範囲外）を登録"
COI_REVIEW_NOTE = "デモデータ: 拠点マップ（令和7年4月時点）に基づく採択を登録"

SURNAMES = [
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木",
    "山口", "松本", "井上", "木村", "林", "斎藤", "清水", "山崎", "森", "池田", "橋本", "阿部", "石川", "山下",
    "中島", "石井", "小川", "前田", "岡田", "長谷川", "藤田", "後藤", "近藤", "村上", "遠藤", "青木", "坂本",
]  # fmt: skip
GIVEN_NAMES = [
    "翔太", "美咲", "健一", "陽子", "大輔", "由美", "拓也", "直美", "和也", "恵", "浩二", "真由美", "隆",
    "彩", "誠", "智子", "亮", "玲奈", "悠人", "千尋", "修", "愛", "剛", "舞", "聡", "沙織", "航", "優花",
    "慎一", "明日香", "大樹", "理恵", "俊介", "香織", "哲也",
]  # fmt: skip
TOPICS = [
    ("全固体電池向け硫化物系固体電解質", "材料"), ("ペロブスカイト太陽電池の高耐久封止技術", "エネルギー"),
    ("CRISPR診断を応用した感染症迅速検査キット", "医療"), ("AIによる病理画像の自動判定支援", "医療"),
    ("植物由来プラスチックの低コスト合成プロセス", "環境"), ("水産養殖向け自動給餌・水質監視システム", "農水産"),
    ("ドローンによるインフラ点検の自律飛行制御", "ロボット"), ("高齢者の転倒予知ウェアラブルセンサ", "ヘルスケア"),
    ("量子暗号鍵配送の小型光源", "量子"), ("微細藻類による高付加価値油脂生産", "バイオ"),
    ("建設現場向け協働ロボットアーム", "ロボット"), ("地熱発電用耐食合金コーティング", "エネルギー"),
    ("ゲノム編集による低アレルゲン小麦", "農水産"), ("iPS細胞由来心筋シートの量産培養", "医療"),
    ("脳波計測による集中度可視化サービス", "ヘルスケア"), ("CO2を原料とするポリカーボネート製造", "環境"),
    ("半導体後工程の高精度検査装置", "半導体"), ("次世代パワー半導体GaN基板の結晶成長", "半導体"),
    ("ナノセルロース複合材料の自動車部品応用", "材料"), ("災害時の避難行動を予測するデジタルツイン", "防災"),
    ("スマート農業向け土壌センシング", "農水産"), ("嚥下障害を評価する音響解析アプリ", "ヘルスケア"),
    ("抗体医薬の連続生産プロセス", "医療"), ("リチウム回収のための選択的吸着材", "環境"),
    ("触覚を伝える遠隔操作インタフェース", "ロボット"), ("木質バイオマス由来の活性炭電極", "エネルギー"),
    ("希少疾患の創薬標的探索プラットフォーム", "医療"), ("海洋プラスチックの分解酵素", "環境"),
    ("自動運転向け高分解能LiDAR", "モビリティ"), ("小型衛星搭載の合成開口レーダ画像解析", "宇宙"),
    ("介護記録の音声入力と要約", "ヘルスケア"), ("水素吸蔵合金タンクの軽量化", "エネルギー"),
    ("培養肉の足場材料", "食品"), ("酒造副産物の機能性食品化", "食品"), ("がん早期発見の血中マイクロRNA検査", "医療"),
    ("配送ロボットの屋内外シームレス測位", "モビリティ"), ("マイクロ流体デバイスによる細胞選別", "バイオ"),
    ("超音波による非破壊コンクリート診断", "防災"), ("昆虫タンパク質の飼料化", "農水産"),
    ("視覚障害者向け歩行支援AIカメラ", "ヘルスケア"), ("高効率ヒートポンプ用冷媒", "エネルギー"),
    ("森林資源の3次元計測と木材流通", "環境"), ("睡眠改善を目的とした光制御照明", "ヘルスケア"),
    ("生分解性漁具の実用化", "農水産"), ("医療用マイクロロボットの磁気駆動", "医療"),
    ("スピントロニクス素子による低消費電力メモリ", "半導体"), ("伝統工芸技術を応用した精密加工", "材料"),
    ("細菌叢解析による土壌病害予測", "農水産"), ("手術支援用触覚フィードバック鉗子", "医療"),
]  # fmt: skip
STEP1_FORMS = [
    "{t}の事業化に向けた概念実証",
    "{t}の試作開発と市場検証",
    "{t}に関する技術検証と顧客ヒアリング",
    "{t}の社会実装に向けた性能実証",
]
STEP2_FORMS = [
    "{t}の量産化と事業立ち上げ",
    "{t}を核とした大学発スタートアップの創出",
    "{t}の製品化と販路開拓",
]
PARTNERS = {
    "TESH": ["北陸キャピタル合同会社", "金沢イノベーションパートナーズ株式会社"],
    "IJIE": ["信州ベンチャーパートナーズ株式会社"],
    "HSFC": ["北海道ベンチャーキャピタル株式会社", "札幌スタートアップパートナーズ株式会社"],
    "KSAC": ["京都大学イノベーションキャピタル株式会社", "関西ベンチャーパートナーズ株式会社"],
    "MASP": ["東北大学ベンチャーパートナーズ株式会社", "みちのく創業支援合同会社"],
    "PARKS": ["QBキャピタル合同会社", "九州オープンイノベーションパートナーズ株式会社"],
    "GTIE": ["東京大学協創プラットフォーム開発株式会社", "早稲田大学ベンチャーズ株式会社", "首都圏ディープテック投資株式会社"],
    "PSI": ["ひろしまイノベーションパートナーズ株式会社"],
    "TONGALI": ["名古屋大学キャピタルパートナーズ株式会社", "東海スタートアップパートナーズ株式会社"],
}  # fmt: skip
COI_FIELD_SUFFIX = {
    CoiNextField.CO_CREATION: "CO",
    CoiNextField.REGIONAL: "REG",
    CoiNextField.POLICY_PRIORITY: "POL",
    CoiNextField.FUTURE: "FUT",
}
COI_FULL_SCALE_PER_YEAR = {
    CoiNextField.CO_CREATION: 250_000_000,
    CoiNextField.REGIONAL: 150_000_000,
    CoiNextField.POLICY_PRIORITY: 280_000_000,
}


# --- historical submission -------------------------------------------------------------------


def _stamp_all(timeline: dict[int, dict[str, dt.datetime]]) -> None:
    """Put the historical instants on the applications, their events and their awards' events.

    The workflow stamped 'now'; this only corrects timestamps, in a few batched updates.
    """
    if not timeline:
        return
    ids = list(timeline)
    applications = list(Application.objects.filter(pk__in=ids).only("id", "status"))
    for application in applications:
        times = timeline[application.pk]
        application.submitted_at = times.get("submit")
        decided = times.get("accept") or times.get("reject") or times.get("reject_ineligible")
        application.decided_at = decided if application.status in DECIDED else None
    Application.objects.bulk_update(applications, ["submitted_at", "decided_at"], batch_size=BATCH)

    events = list(ApplicationEvent.objects.filter(application_id__in=ids).only("id", "application_id", "action"))
    for event in events:
        event.at = timeline[event.application_id].get(event.action, event.at)
    ApplicationEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)

    award_events = list(
        AwardEvent.objects.filter(award__application_id__in=ids).values_list(
            "id", "action", "award__application_id", "award__successor__application_id"
        )
    )
    updates = []
    for pk, action, application_id, successor_application_id in award_events:
        source = successor_application_id if action == "promote" else application_id
        at = timeline.get(source, {}).get("accept")
        if at:
            updates.append(AwardEvent(pk=pk, at=at))
    AwardEvent.objects.bulk_update(updates, ["at"], batch_size=BATCH)


def _run_flow(application: Application, *, officer, steps: list[tuple[str, dt.datetime]], note: str, timeline) -> None:
    """Submit and decide one application through the workflow, at the given historical instants."""
    for action, at in steps:
        if action == "submit":
            application_transition(
                application_id=application.pk, action="submit", actor=application.applicant, judged_at=at
            )
        elif action in ("start_review", "accept"):
            application_transition(
                application_id=application.pk, action=action, actor=officer, note=note, override=True
            )
        elif action == "reject_ineligible":
            application_transition(
                application_id=application.pk, action=action, actor=officer, note="要件不備（デモデータ）"
            )
        else:
            application_transition(application_id=application.pk, action=action, actor=officer)
    timeline[application.pk] = dict(steps)


def _midnight_after(deadline: dt.datetime) -> dt.datetime:
    """The first instant after a deadline stated as a day (23:59:59.999999 JST → 00:00 next day)."""
    return (deadline + dt.timedelta(microseconds=1)).astimezone(JST)


# --- people -----------------------------------------------------------------------------------


def _person_name(n: int) -> str:
    return f"{SURNAMES[n % len(SURNAMES)]} {GIVEN_NAMES[(n * 7 + n // len(SURNAMES)) % len(GIVEN_NAMES)]}"


def _seed_users(specs: list[tuple[str, str, Institution]]):
    """Users by username, created once (no usable password: seed researchers do not sign in)."""
    User = get_user_model()
    usernames = [s[0] for s in specs]
    existing = {u.username: u for u in User.objects.filter(username__in=usernames)}
    taken_numbers = set(
        User.objects.filter(researcher_number__startswith="7").values_list("researcher_number", flat=True)
    )
    new = []
    for username, name, institution in specs:
        if username in existing:
            continue
        number = 70_000_000 + (sum(ord(c) * (i + 1) for i, c in enumerate(username)) * 7919) % 9_999_999
        while f"{number:08d}" in taken_numbers:
            number = 70_000_000 + (number + 1 - 70_000_000) % 9_999_999
        taken_numbers.add(f"{number:08d}")
        domain = institution.email_domains[0] if institution.email_domains else "example.jp"
        user = User(
            username=username,
            display_name=name,
            role=Role.APPLICANT,
            affiliation=institution,
            researcher_number=f"{number:08d}",
            email=f"{username}@{domain}",
        )
        user.set_unusable_password()
        new.append(user)
    User.objects.bulk_create(new)
    return {u.username: u for u in User.objects.filter(username__in=usernames).select_related("affiliation")}


def _officer_for(platform_code: str | None, program_code: str):
    User = get_user_model()
    officer = None
    if platform_code:
        officer = User.objects.filter(role=Role.OFFICER, officer_platforms__code=platform_code).order_by("id").first()
    if officer is None:
        officer = User.objects.filter(role=Role.OFFICER, officer_programs__code=program_code).order_by("id").first()
    return officer or User.objects.filter(Q(role=Role.DIRECTOR) | Q(is_superuser=True)).order_by("id").first()


# --- drafts -------------------------------------------------------------------------------------


def _draft(*, call, applicant, institution, title, summary, keywords, months, budget, members, predecessor=None):
    """Create a draft with its budget lines and team through the ORM (the applications app's own write path)."""
    requested = sum(amount for _fy, _cat, amount in budget)
    application = Application.objects.create(
        call=call,
        applicant=applicant,
        institution=institution,
        title=title,
        summary=summary,
        keywords=keywords,
        requested_amount=requested,
        duration_months=months,
        predecessor_award_id=predecessor.pk if predecessor else None,
    )
    BudgetLine.objects.bulk_create(
        [BudgetLine(application=application, fiscal_year=fy, category=cat, amount=amount) for fy, cat, amount in budget]
    )
    TeamMember.objects.bulk_create([TeamMember(application=application, **m) for m in members])
    return application


def _budget(per_year: dict[int, int]) -> list[tuple[int, str, int]]:
    """Budget lines for a direct amount per fiscal year, split by category, with 30 % indirect costs."""
    lines = []
    for fy, direct in per_year.items():
        equipment = direct * 4 // 10
        travel = direct // 10
        personnel = direct * 3 // 10
        other = direct - equipment - travel - personnel
        lines += [
            (fy, "equipment", equipment),
            (fy, "travel", travel),
            (fy, "personnel", personnel),
            (fy, "other", other),
            (fy, "indirect", direct * 3 // 10),
        ]
    return lines


def _title(n: int, forms: list[str]) -> tuple[str, str, str]:
    topic, field = TOPICS[n % len(TOPICS)]
    title = forms[(n // len(TOPICS)) % len(forms)].format(t=topic)
    summary = (
        f"本課題では、{topic}について大学で得られた研究成果を基に、"
        f"{field}分野の顧客課題を検証し、事業化に必要な性能・コスト目標を明らかにする。"
    )
    return title, summary, f"{field}、{topic[:12]}、事業化"


# --- gap fund -----------------------------------------------------------------------------------


def _gap_fund(*, today: dt.date, timeline) -> int:
    calls = {c.code: c for c in Call.objects.filter(code__regex=r"^GF-[A-Z]+-2024-S[12]$").select_related("stage")}
    User = get_user_model()
    demo_holders = {
        "KSAC": User.objects.filter(username="applicant").first(),
        "GTIE": User.objects.filter(username="applicant2").first(),
    }
    created = 0
    topic_no = 0
    for p_index, spec in enumerate(seed_data.PLATFORMS):
        code = spec["code"]
        platform = Platform.objects.prefetch_related("lead_institutions").get(code=code)
        s1, s2 = calls.get(f"GF-{code}-2024-S1"), calls.get(f"GF-{code}-2024-S2")
        if s1 is None or s2 is None:
            continue
        if Application.objects.filter(call__in=[s1, s2], applicant__username__startswith=SEED_PREFIX).exists():
            continue
        leads = list(platform.lead_institutions.order_by("id"))
        officer = _officer_for(code, "GAPFUND")
        partners = [
            Institution.objects.update_or_create(name=name, defaults={"kind": InstitutionKind.VC})[0]
            for name in PARTNERS[code]
        ]
        s1_accept = spec["step1_adopted"]
        s1_total = s1_accept + math.ceil(s1_accept * REJECTED_SHARE)
        if spec["step2_adopted"] is None:
            s2_accept, s2_total, s2_in_review = 0, PSI_STEP2_IN_REVIEW, True
        else:
            s2_accept = spec["step2_adopted"]
            s2_total, s2_in_review = s2_accept + math.ceil(s2_accept * REJECTED_SHARE), False

        specs = []
        for stage_key, total in (("s1", s1_total), ("s2", s2_total)):
            for i in range(total):
                if i == 0 and (stage_key == "s2" or demo_holders.get(code)):
                    continue  # the first Step 1 goes to a demo applicant where there is one; the first Step 2 to its holder
                n = p_index * 97 + i * 3 + (0 if stage_key == "s1" else 50)
                specs.append(
                    (f"{SEED_PREFIX}{code.lower()}-{stage_key}-{i + 1:03d}", _person_name(n), leads[i % len(leads)])
                )
        users = _seed_users(specs)

        # Step 1: submitted in June 2024, decided the day after the call closed.
        close1 = _midnight_after(s1.closes_at)
        step1_awards = []
        for i in range(s1_total):
            if i == 0 and demo_holders.get(code):
                applicant = demo_holders[code]
            else:
                applicant = users[f"{SEED_PREFIX}{code.lower()}-s1-{i + 1:03d}"]
            institution = applicant.affiliation or leads[0]
            title, summary, keywords = _title(topic_no, STEP1_FORMS)
            topic_no += 1
            direct = 2_400_000 + (i * 137_000) % 1_400_000
            application = _draft(
                call=s1,
                applicant=applicant,
                institution=institution,
                title=title,
                summary=summary,
                keywords=keywords,
                months=12,
                budget=_budget({2024: direct}),
                members=[
                    {"name": str(applicant), "user": applicant, "institution": institution, "role": MemberRole.PI,
                     "effort_percent": 20 + (i % 4) * 5},
                    {"name": _person_name(i + 300 + p_index), "institution": institution,
                     "role": MemberRole.CO_INVESTIGATOR, "effort_percent": 10},
                ],
            )  # fmt: skip
            submitted = close1 - dt.timedelta(days=18 - (i % 17), hours=5)
            decision = close1 + dt.timedelta(hours=17)
            steps = [
                ("submit", submitted),
                ("screen", close1 + dt.timedelta(hours=9)),
            ]
            if i < s1_accept:
                steps += [("start_review", close1 + dt.timedelta(hours=10)), ("accept", decision)]
            elif (i - s1_accept) % 5 == 4:
                steps += [("reject_ineligible", close1 + dt.timedelta(hours=11))]
            else:
                steps += [("start_review", close1 + dt.timedelta(hours=10)), ("reject", decision)]
            _run_flow(application, officer=officer, steps=steps, note=REVIEW_NOTE, timeline=timeline)
            if i < s1_accept:
                step1_awards.append(application)
            created += 1

        # Step 2: joint proposals with a commercialisation partner; the first cites its PI's Step 1 award.
        close2 = _midnight_after(s2.closes_at)
        for i in range(s2_total):
            predecessor = None
            if i == 0 and step1_awards:
                first = Award.objects.get(application=step1_awards[0])
                applicant, predecessor = first.holder, first
                title, summary, keywords = _title(TOPICS.index(_topic_of(step1_awards[0].title)), STEP2_FORMS)
            else:
                applicant = users[f"{SEED_PREFIX}{code.lower()}-s2-{i + 1:03d}"]
                title, summary, keywords = _title(topic_no, STEP2_FORMS)
                topic_no += 1
            institution = applicant.affiliation or leads[0]
            direct = 12_000_000 + (i * 911_000) % 3_000_000
            application = _draft(
                call=s2,
                applicant=applicant,
                institution=institution,
                title=title,
                summary=summary,
                keywords=keywords,
                months=36,
                budget=_budget({2024: direct // 2, 2025: direct, 2026: direct}),
                predecessor=predecessor,
                members=[
                    {"name": str(applicant), "user": applicant, "institution": institution, "role": MemberRole.PI,
                     "effort_percent": 40},
                    {"name": partners[i % len(partners)].name, "institution": partners[i % len(partners)],
                     "role": MemberRole.COMMERCIALISATION_PARTNER},
                ],
            )  # fmt: skip
            steps = [
                ("submit", close2 - dt.timedelta(days=10 - (i % 9), hours=3)),
                ("screen", close2 + dt.timedelta(hours=9)),
                ("start_review", close2 + dt.timedelta(hours=10)),
            ]
            if not s2_in_review:
                steps.append(("accept" if i < s2_accept else "reject", close2 + dt.timedelta(hours=17)))
            _run_flow(application, officer=officer, steps=steps, note=REVIEW_NOTE, timeline=timeline)
            created += 1
    return created


def _topic_of(title: str) -> tuple[str, str]:
    for topic in TOPICS:
        if title.startswith(topic[0]):
            return topic
    return TOPICS[0]


# --- COI-NEXT -----------------------------------------------------------------------------------


def _coi_call(stage: Stage, field: str, fiscal_year: int, *, promotion: bool | None) -> Call:
    kind = "F" if stage.code == "FULL_SCALE" else "N"
    suffix = f"{kind}-{COI_FIELD_SUFFIX[field]}" + ("-PROMO" if promotion else "")
    label = CoiNextField(field).label
    if stage.code == "FULL_SCALE":
        title = f"{label} 昇格審査（本格型）" if promotion else f"{label} 本格型"
    else:
        title = f"{label} 育成型"
    call, _ = Call.objects.update_or_create(
        code=f"COI-{fiscal_year}-{suffix}",
        defaults={
            "stage": stage,
            "platform": None,
            "field": field,
            "fiscal_year": fiscal_year,
            "title": f"COI-NEXT {reiwa_label(fiscal_year)} {title}",
            "title_en": f"COI-NEXT FY{fiscal_year} {CoiNextField(field).name.replace('_', ' ').title()} "
            f"{'promotion review' if promotion else stage.name_en}",
            "opens_at": start_instant(dt.date(fiscal_year, 4, 1)),
            "closes_at": deadline_instant(dt.date(fiscal_year, 6, 30)),
            "requires_predecessor": True if promotion else (False if stage.code == "FULL_SCALE" else None),
            "published": True,
        },
    )
    return call


def _coinext(*, today: dt.date, timeline) -> int:
    stages = {s.code: s for s in Stage.objects.filter(code__in=["NURTURING", "FULL_SCALE"])}
    if len(stages) < 2:
        return 0
    if Application.objects.filter(
        call__code__startswith="COI-", applicant__username__startswith=f"{SEED_PREFIX}coi-"
    ).exists():
        return 0
    officer = _officer_for(None, "COINEXT")
    institutions = {i.name: i for i in Institution.objects.all()}
    for alias, canonical in seed_data.INSTITUTION_ALIASES.items():
        institutions[alias] = institutions[canonical]
    users = _seed_users(
        [
            (f"{SEED_PREFIX}coi-{n + 1:02d}", hub["pl_name"], institutions[hub["institution"]])
            for n, hub in enumerate(seed_data.COINEXT_HUBS)
        ]
    )
    created = 0
    for n, hub in enumerate(seed_data.COINEXT_HUBS):
        pl = users[f"{SEED_PREFIX}coi-{n + 1:02d}"]
        institution = institutions[hub["institution"]]
        field, fy = hub["field"], hub["adopted_fy"]
        predecessor = None
        if hub["promoted"]:
            nurturing_call = _coi_call(stages["NURTURING"], field, fy - 2, promotion=None)
            nurturing = _coi_application(nurturing_call, pl, institution, hub, months=24, per_year=16_000_000)
            _run_flow(
                nurturing, officer=officer, steps=_coi_steps(nurturing_call, n), note=COI_REVIEW_NOTE, timeline=timeline
            )
            predecessor = Award.objects.get(application=nurturing)
            created += 1
        if hub["stage"] == "NURTURING":
            call = _coi_call(stages["NURTURING"], field, fy, promotion=None)
            application = _coi_application(call, pl, institution, hub, months=24, per_year=18_000_000)
        else:
            call = _coi_call(stages["FULL_SCALE"], field, fy, promotion=hub["promoted"])
            application = _coi_application(
                call, pl, institution, hub, months=120, per_year=COI_FULL_SCALE_PER_YEAR[field], predecessor=predecessor
            )
        _run_flow(application, officer=officer, steps=_coi_steps(call, n), note=COI_REVIEW_NOTE, timeline=timeline)
        created += 1
    return created


def _coi_steps(call: Call, n: int) -> list[tuple[str, dt.datetime]]:
    close = _midnight_after(call.closes_at)
    return [
        ("submit", close - dt.timedelta(days=5 + n % 20)),
        ("screen", close + dt.timedelta(hours=9)),
        ("start_review", close + dt.timedelta(hours=10)),
        ("accept", close + dt.timedelta(hours=17)),
    ]


def _coi_application(call, pl, institution, hub, *, months, per_year, predecessor=None):
    first_fy = call.fiscal_year
    years = months // 12
    # Costs are spent in the award's fiscal years; a hub's first year is shorter (it starts in July).
    per_year_direct = {first_fy + k: (per_year * 10 // 13) // (2 if k == 0 else 1) for k in range(years)}
    members = [
        {"name": str(pl), "user": pl, "institution": institution, "role": MemberRole.PI, "effort_percent": 50},
        {"name": f"{institution.name} 参画企業・自治体コンソーシアム", "role": MemberRole.PARTICIPATING_INSTITUTION},
    ]
    stage_label = "育成型" if call.stage.code == "NURTURING" else "本格型"
    return _draft(
        call=call,
        applicant=pl,
        institution=institution,
        title=hub["title"],
        summary=f"{hub['title']}（{hub['field_label']}・{stage_label}）。{institution.name}を代表機関として、"
        f"産学官の参画機関とともに研究開発と社会実装を一体的に進める。",
        keywords=f"COI-NEXT、{hub['field_label']}、共創の場",
        months=months,
        budget=_budget(per_year_direct),
        members=members,
        predecessor=predecessor,
    )


# --- progress reports ---------------------------------------------------------------------------


def _reports(*, today: dt.date, award_ids: list[int]) -> dict[str, int]:
    """Holders submit their past-due reports; one in eight awards leaves its latest one overdue.

    The demo applicants' awards also show an accepted report and one sent back for revision.
    """
    counts = {"submitted": 0, "overdue": 0, "accepted": 0, "revision_requested": 0}
    past_due: dict[int, list[ProgressReport]] = {}
    for report in ProgressReport.objects.filter(
        award_id__in=award_ids, due_on__lt=today, status=ReportStatus.PENDING
    ).order_by("due_on", "id"):
        past_due.setdefault(report.award_id, []).append(report)
    submitted_at: dict[int, dt.datetime] = {}
    awards = Award.objects.filter(pk__in=award_ids).select_related("holder", "responsible_officer").order_by("id")
    for k, award in enumerate(awards):
        past = past_due.get(award.pk, [])
        if k % 8 == 3 and past:
            past = past[:-1]
            counts["overdue"] += 1
        for report in past:
            report_transition(
                report_id=report.pk,
                action="submit",
                actor=award.holder,
                body=f"{report.get_kind_display()}（{reiwa_label(report.fiscal_year)}）: 計画どおり進捗。詳細は添付資料のとおり。",
            )
            submitted_at[report.pk] = dt.datetime.combine(
                report.due_on - dt.timedelta(days=3 + k % 10), dt.time(15, 0), tzinfo=JST
            )
            counts["submitted"] += 1
        if award.holder.username in ("applicant", "applicant2") and past:
            officer = award.responsible_officer
            report_transition(report_id=past[0].pk, action="accept", actor=officer)
            counts["accepted"] += 1
            if len(past) > 1:
                report_transition(
                    report_id=past[-1].pk,
                    action="request_revision",
                    actor=officer,
                    note="収支の内訳（物品費）の根拠資料を追加してください。",
                )
                counts["revision_requested"] += 1
    # The workflow stamped 'now'; put the historical submission instants on the reports and their events.
    ProgressReport.objects.bulk_update(
        [ProgressReport(pk=pk, submitted_at=at) for pk, at in submitted_at.items()], ["submitted_at"], batch_size=BATCH
    )
    events = list(ReportEvent.objects.filter(report_id__in=list(submitted_at), action="submit").only("id", "report_id"))
    for event in events:
        event.at = submitted_at[event.report_id]
    ReportEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
    return counts


def load(*, today: dt.date, out) -> None:
    import time

    started, cpu = time.perf_counter(), time.process_time()
    before = set(Award.objects.values_list("pk", flat=True))
    timeline: dict[int, dict[str, dt.datetime]] = {}
    applications = _gap_fund(today=today, timeline=timeline) + _coinext(today=today, timeline=timeline)
    _stamp_all(timeline)
    new_awards = sorted(set(Award.objects.values_list("pk", flat=True)) - before)
    counts = _reports(today=today, award_ids=new_awards)
    if applications:
        out.write(
            f"採択課題デモ: 申請 {applications} 件・採択課題 {len(new_awards)} 件を作成、"
            f"報告 提出 {counts['submitted']} 件・受理 {counts['accepted']} 件・修正依頼 {counts['revision_requested']} 件・"
            f"期限超過 {counts['overdue']} 件（{time.perf_counter() - started:.1f} 秒、CPU {time.process_time() - cpu:.1f} 秒）"
        )
