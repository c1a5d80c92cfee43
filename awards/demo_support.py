"""Shared parts of the award seed: constants, seed people, drafts, and the historical timeline."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Q

from accounts.models import Role
from applications.demo_files import demo_proposal_rows
from applications.invitations import invitation_answer
from applications.models import (
    Application,
    ApplicationEvent,
    BudgetLine,
    MembershipEvent,
    MembershipStatus,
    TeamMember,
)
from applications.services import application_transition, member_upsert, partner_consent
from applications.workflow import APPLICATION_WORKFLOW
from programs.fiscal import JST
from programs.models import CoiNextField, Institution

from .models import AwardEvent

SEED_PREFIX = "seed-"
REJECTED_SHARE = 0.3
PSI_STEP2_IN_REVIEW = 5
BATCH = 500
TEAM_EDIT_ACTIONS = ("member_add", "partner_consent")
DECIDED = APPLICATION_WORKFLOW.decided_states  # from the table, not typed out
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


def stamp_timeline(timeline: dict[int, dict[str, dt.datetime]]) -> None:
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

    # The team as it stood before the submission: invitations, answers and partners' confirmations.
    before = {pk: times["submit"] - dt.timedelta(days=1) for pk, times in timeline.items() if times.get("submit")}
    edits = list(
        ApplicationEvent.objects.filter(application_id__in=list(before), action__in=TEAM_EDIT_ACTIONS).only(
            "id", "application_id"
        )
    )
    for event in edits:
        event.at = before[event.application_id]
    ApplicationEvent.objects.bulk_update(edits, ["at"], batch_size=BATCH)
    rows = list(TeamMember.objects.filter(application_id__in=list(before), consented_at__isnull=False))
    for row in rows:
        row.consented_at = row.invited_at = before[row.application_id]
    TeamMember.objects.bulk_update(rows, ["consented_at", "invited_at"], batch_size=BATCH)
    answers = list(MembershipEvent.objects.filter(member__in=rows).only("id", "member_id"))
    by_row = {row.pk: row.application_id for row in rows}
    for answer in answers:
        answer.at = before[by_row[answer.member_id]]
    MembershipEvent.objects.bulk_update(answers, ["at"], batch_size=BATCH)


def run_flow(application: Application, *, officer, steps: list[tuple[str, dt.datetime]], note: str, timeline) -> None:
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


def midnight_after(deadline: dt.datetime) -> dt.datetime:
    """The first instant after a deadline stated as a day (23:59:59.999999 JST → 00:00 next day)."""
    return (deadline + dt.timedelta(microseconds=1)).astimezone(JST)


# --- people -----------------------------------------------------------------------------------


def person_name(n: int) -> str:
    return f"{SURNAMES[n % len(SURNAMES)]} {GIVEN_NAMES[(n * 7 + n // len(SURNAMES)) % len(GIVEN_NAMES)]}"


def seed_users(specs: list[tuple[str, str, Institution]]):
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


def officer_for(platform_code: str | None, program_code: str):
    User = get_user_model()
    officer = None
    if platform_code:
        officer = User.objects.filter(role=Role.OFFICER, officer_platforms__code=platform_code).order_by("id").first()
    if officer is None:
        officer = User.objects.filter(role=Role.OFFICER, officer_programs__code=program_code).order_by("id").first()
    return officer or User.objects.filter(Q(role=Role.DIRECTOR) | Q(is_superuser=True)).order_by("id").first()


# --- drafts -------------------------------------------------------------------------------------


def seed_draft(*, call, applicant, institution, title, summary, keywords, months, budget, members, predecessor=None):
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
    TeamMember.objects.bulk_create(
        [
            TeamMember(application=application, status=MembershipStatus.ACCEPTED, **m)
            for m in members
            if "contact" not in m
        ]
    )
    for member in members:
        if "contact" in member:
            confirm_partner(application, member)
    demo_proposal_rows([application])
    return application


def confirm_partner(application, member: dict) -> None:
    """A partner row with its contact, through the services: invited, accepted and confirmed (参加確認) by the contact."""
    values = {k: v for k, v in member.items() if k != "contact"}
    contact = member["contact"]
    row = member_upsert(application_id=application.pk, actor=application.applicant, user_id=contact.pk, **values)
    invitation_answer(member_id=row.pk, actor=contact, action="accept")
    partner_consent(application_id=application.pk, member_id=row.pk, actor=contact)


def partner_contacts(institutions) -> dict[int, object]:
    """One contact (a seed user, no password) per partner organisation, keyed by the institution's id."""
    specs = [(f"{SEED_PREFIX}partner-{i.pk}", f"{i.name} 担当者", i) for i in institutions]
    users = seed_users(specs)
    return {i.pk: users[f"{SEED_PREFIX}partner-{i.pk}"] for i in institutions}


def seed_budget(per_year: dict[int, int]) -> list[tuple[int, str, int]]:
    """Budget lines for about `direct` yen of direct costs per fiscal year, with indirect costs within 30 %.

    Every line and every yearly total is in whole thousands of yen (the yearly total is the direct amount
    plus 30 %, rounded down to a thousand; indirect is the largest whole thousand within 30 % of the rest)."""
    lines = []
    for fy, wanted in per_year.items():
        total = wanted * 13 // 10 // 1000 * 1000
        indirect = total * 3 // 13 // 1000 * 1000
        direct = total - indirect
        equipment = direct * 4 // 10 // 1000 * 1000
        travel = direct // 10 // 1000 * 1000
        personnel = direct * 3 // 10 // 1000 * 1000
        other = direct - equipment - travel - personnel
        lines += [
            (fy, "equipment", equipment),
            (fy, "travel", travel),
            (fy, "personnel", personnel),
            (fy, "other", other),
            (fy, "indirect", indirect),
        ]
    return lines


def seed_title(n: int, forms: list[str]) -> tuple[str, str, str]:
    topic, field = TOPICS[n % len(TOPICS)]
    title = forms[(n // len(TOPICS)) % len(forms)].format(t=topic)
    summary = (
        f"本課題では、{topic}について大学で得られた研究成果を基に、"
        f"{field}分野の顧客課題を検証し、事業化に必要な性能・コスト目標を明らかにする。"
    )
    return title, summary, f"{field}、{topic[:12]}、事業化"
