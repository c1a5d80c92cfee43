"""Demo reviewer pool: reviewer1 … reviewer4 (created by programs.demo) get reviewer profiles. Idempotent."""

import datetime as dt

from django.contrib.auth import get_user_model

from programs.models import Platform, Program

from .models import ReviewerProfile

# username: (expertise keywords, load cap per call, platform codes, program codes)
PROFILES = {
    # Keywords chosen to meet the demo proposals' topics, so auto-assignment has a real fit to weigh.
    "reviewer1": (
        "材料工学 全固体電池 固体電解質 量産プロセス エネルギー 半導体 量子センサ 非破壊検査 インフラ診断 ペロブスカイト 太陽電池 耐久性評価",
        10,
        ["KSAC", "GTIE", "MASP"],
        [],
    ),
    "reviewer2": (
        "創薬 AI創薬 スクリーニング 抗体 医療機器 バイオ 再生医療 細胞培養 培地 培養肉 食品",
        10,
        ["KSAC", "GTIE", "PARKS"],
        [],
    ),
    "reviewer3": (
        "AI 機械学習 ソフトウェア データ 衛星データ 農地 モニタリング 農業 IoT センサ",
        8,
        ["KSAC", "HSFC", "GTIE"],
        ["COINEXT"],
    ),
    "reviewer4": (
        "事業化 事業化検証 市場調査 スタートアップ 知財 ベンチャー 地域創生 地域資源 資源循環 農漁村 共創拠点",
        12,
        [],
        ["GAPFUND", "COINEXT"],
    ),
}


def load(*, today: dt.date, out) -> None:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=PROFILES).select_related("affiliation")}
    platforms = {p.code: p for p in Platform.objects.all()}
    programs = {p.code: p for p in Program.objects.all()}
    count = 0
    for username, (expertise, cap, platform_codes, program_codes) in PROFILES.items():
        user = users.get(username)
        if user is None:
            continue
        profile, _created = ReviewerProfile.objects.update_or_create(
            user=user,
            defaults={
                "institution": user.affiliation,
                "expertise": expertise,
                "max_load_per_call": cap,
                "active": True,
            },
        )
        profile.platforms.set([platforms[c] for c in platform_codes if c in platforms])
        profile.programs.set([programs[c] for c in program_codes if c in programs])
        count += 1
    out.write(f"審査委員プロフィール: {count}名 / reviewer profiles: {count}")
