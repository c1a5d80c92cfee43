"""Demo seed data transcribed from the MEXT reference deck.

Source: 文部科学省「産業連携・地域振興の現状と課題について (参考資料集)」(2025),
in its plain-text extraction 「sangaku-renkei-reference-materials.txt」 (not part of this
repository; see docs/domain.md):

* ``PLATFORMS`` -- lines 455-563, 「各プラットフォームにおけるギャップファンドの
  支援状況」 (令和6年度ギャップファンド採択実績, ※R7.2.18時点).
* ``COINEXT_HUBS`` -- lines 1441-1616, 「共創の場形成支援プログラム (COI-NEXT)
  拠点マップ (令和7年4月時点)」, in the order they appear in the seed.
* ``INSTITUTIONS`` / ``INSTITUTION_ALIASES`` -- every institution named above,
  with English names and e-mail/web domains (the latter are not in the seed).

These are the demo data whose aggregates the reports must reproduce:

* 9 platforms, Step 1 adoptions totalling 255;
* 41 COI-NEXT hubs: 35 FULL_SCALE (co_creation 16, regional 13,
  policy_priority 6) and 6 NURTURING (all regional, adopted R6);
* 14 of the full-scale hubs are promoted (本格型昇格) from nurturing.

This module is plain data: it must not import Django.
"""

# ---------------------------------------------------------------------------
# Gap-fund platforms (大学発新産業創出基金事業 スタートアップ・エコシステム共創
# プログラム), FY2024 (令和6年度) gap-fund adoptions, as of R7.2.18.
# step2_adopted is None when the seed says 審査中 (under review); step2_note
# carries the raw qualifier ("予定" / "審査中"), otherwise "".
# ---------------------------------------------------------------------------
PLATFORMS = [
    {
        "code": "TESH",
        "name": "TeSH",
        "name_en": "Tech Startup HOKURIKU",
        "name_ja_long": "テッシュ",
        "region": "北陸",
        "region_en": "Hokuriku",
        "lead_institutions": ["北陸先端科学技術大学院大学", "金沢大学"],
        "institution_count": 16,  # seed: 参画機関：16大学等
        "step1_adopted": 21,
        "step2_adopted": 4,
        "step2_note": "",
    },
    {
        "code": "IJIE",
        "name": "IJIE",
        "name_en": "Inland Japan Innovation Ecosystem",
        "name_ja_long": "アイジー",
        "region": "甲信・北関東",
        "region_en": "Koshin / Northern Kanto",
        "lead_institutions": ["信州大学"],
        "institution_count": 7,
        "step1_adopted": 18,
        "step2_adopted": 2,
        "step2_note": "",
    },
    {
        "code": "HSFC",
        "name": "HSFC",
        "name_en": ("Hokkaido Startup Future Creation development by mutual support network"),
        "name_ja_long": "エイチフォース",
        "region": "北海道",
        "region_en": "Hokkaido",
        "lead_institutions": ["北海道大学"],
        "institution_count": 15,
        "step1_adopted": 20,
        "step2_adopted": 4,  # seed: 4件 (予定)
        "step2_note": "予定",
    },
    {
        "code": "KSAC",
        "name": "KSAC",
        # The seed gives only the Japanese long name for KSAC.
        "name_en": "Kansai Startup Academia Coalition",
        "name_ja_long": "関西スタートアップアカデミア・コアリション",
        "region": "関西",
        "region_en": "Kansai",
        "lead_institutions": ["京都大学"],
        "institution_count": 23,
        "step1_adopted": 33,
        "step2_adopted": 5,
        "step2_note": "",
    },
    {
        "code": "MASP",
        "name": "MASP",
        "name_en": "Michinoku Academia Startup Platform",
        "name_ja_long": "マスポ",
        "region": "東北",
        "region_en": "Tohoku",
        "lead_institutions": ["東北大学"],
        "institution_count": 24,
        "step1_adopted": 30,
        "step2_adopted": 5,
        "step2_note": "",
    },
    {
        "code": "PARKS",
        "name": "PARKS",
        "name_en": ("Platform for All Regions of Kyushu & Okinawa for Startup-ecosystem"),
        "name_ja_long": "",  # the seed gives no reading for PARKS
        "region": "九州",
        "region_en": "Kyushu",
        "lead_institutions": ["九州大学", "九州工業大学"],
        "institution_count": 20,
        "step1_adopted": 46,
        "step2_adopted": 11,
        "step2_note": "",
    },
    {
        "code": "GTIE",
        "name": "GTIE",
        "name_en": "Greater Tokyo Innovation Ecosystem",
        "name_ja_long": "ジータイ",
        "region": "関東",
        "region_en": "Kanto",
        "lead_institutions": ["東京大学", "早稲田大学", "東京科学大学"],
        "institution_count": 17,
        "step1_adopted": 25,
        "step2_adopted": 11,
        "step2_note": "",
    },
    {
        "code": "PSI",
        "name": "PSI",
        "name_en": "Peace&Science Innovation",
        "name_ja_long": "ピーエスアイ",
        "region": "中四国",
        "region_en": "Chugoku-Shikoku",
        "lead_institutions": ["広島大学"],
        "institution_count": 16,
        "step1_adopted": 32,
        "step2_adopted": None,  # seed: ステップ2：審査中 (under review)
        "step2_note": "審査中",
    },
    {
        "code": "TONGALI",
        "name": "Tongali",
        "name_en": "Tokai Network for Global Leading Innovation",
        "name_ja_long": "トンガリ",
        "region": "東海",
        "region_en": "Tokai",
        "lead_institutions": ["名古屋大学"],
        "institution_count": 16,
        "step1_adopted": 30,
        "step2_adopted": 6,
        "step2_note": "",
    },
]

# ---------------------------------------------------------------------------
# COI-NEXT hubs (共創の場形成支援プログラム 拠点マップ, 令和7年4月時点).
#
# field: "co_creation" (共創), "regional" (地域共創), "policy_priority"
#   (政策重点分野; the seed labels these 量子, バイオ or 環エネ -- kept in
#   field_label).
# adopted_reiwa: N from "RN"; adopted_fy = 2018 + N.
# stage: "FULL_SCALE" for 本格型 and 本格型昇格, "NURTURING" for 育成型.
# promoted: True only for 本格型昇格 (promoted from nurturing to full scale).
#
# Totals in the seed (本格型拠点 35 / 育成型拠点 6; 共創 16, 地域共創 13,
# 政策重点 6; 育成型 all 地域共創) are reproduced by this list.
# Promoted (本格型昇格) count from the seed text: 14.
# ---------------------------------------------------------------------------
COINEXT_HUBS = [
    {
        "institution": "琉球大学",
        "pl_name": "竹村 明洋",
        "title": "資源循環型共生社会実現に向けた農水一体型サステイナブル陸上養殖のグローバル拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "沖縄科学技術大学院大学",
        "pl_name": "北野 宏明",
        "title": "「心・体・環境の健康」を基盤とした持続可能型社会を実現するグローバル・バイオコンバージェンスイノベーション拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "大阪大学",
        "pl_name": "藤田 克昌",
        "title": "フォトニクス生命工学研究開発拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "大阪大学",
        "pl_name": "関谷 毅",
        "title": "住民と育む未来型知的インフラ創造拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 5,
        "adopted_fy": 2023,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "大阪大学",
        "pl_name": "北川 勝浩",
        "title": "量子ソフトウェア研究拠点",
        "field": "policy_priority",
        "field_label": "量子",
        "adopted_reiwa": 2,
        "adopted_fy": 2020,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "国立循環器病研究センター",
        "pl_name": "星月 直樹",
        "title": "世界モデルとなる自律成長型人材・技術を育む総合健康産業都市拠点",
        "field": "policy_priority",
        "field_label": "バイオ",
        "adopted_reiwa": 2,
        "adopted_fy": 2020,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "広島大学",
        "pl_name": "山本 卓",
        "title": "Bio-Digital Transformation (バイオDX) 産学共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "広島大学",
        "pl_name": "作野 裕司",
        "title": "海洋リモートセンシング技術を核とした海洋文化都市共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "NURTURING",
        "promoted": False,
    },
    {
        "institution": "九州大学",
        "pl_name": "日下部宣安",
        "title": "生物多様性・生態系と食料生産・感染症対策のトレードオフを解消するための昆虫科学共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "NURTURING",
        "promoted": False,
    },
    {
        "institution": "長崎大学",
        "pl_name": "征矢野 清",
        "title": "「ながさきBLUEエコノミー」海の食料生産を持続させる養殖産業化共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 5,
        "adopted_fy": 2023,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "熊本県立大学",
        "pl_name": "島谷 幸宏",
        "title": "「流域治水を核とした復興を起点とする持続社会」地域共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 3,
        "adopted_fy": 2021,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "長岡技術科学大学",
        "pl_name": "小笠原 渉",
        "title": '"コメどころ"新潟地域共創による資源完全循環型バイオコミュニティ拠点',
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "秋田県立大学",
        "pl_name": "高田 克彦",
        "title": "森の価値変換を通じた、自律した豊かさの実現拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "富山大学",
        "pl_name": "柴柳 敬敏",
        "title": "富山循環経済モデル創成に向けた産学官民共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "金沢大学",
        "pl_name": "高橋 憲司",
        "title": "再生可能多種類植物由来プラスチックによる資源循環社会共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 3,
        "adopted_fy": 2021,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "京都大学",
        "pl_name": "沼田 圭司",
        "title": "ゼロカーボンバイオ産業創出による資源循環共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 5,
        "adopted_fy": 2023,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "東海国立大学機構名古屋大学",
        "pl_name": "森川 高行",
        "title": "地域を次世代につなぐマイモビリティ共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    # Title kept as written in the seed ("コピキタス" is presumably an
    # extraction error for "ユビキタス").
    {
        "institution": "東海国立大学機構名古屋大学",
        "pl_name": "松田 亮太郎",
        "title": "セキュアでコピキタスな資源・エネルギー共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "高知大学",
        "pl_name": "平岡 雅規",
        "title": "しまんと海藻エコイノベーション共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "NURTURING",
        "promoted": False,
    },
    {
        "institution": "香川大学",
        "pl_name": "末永 慶寛",
        "title": "資源あふれる豊かで持続可能な瀬戸内海創生拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 7,
        "adopted_fy": 2025,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "北海道大学",
        "pl_name": "玉腰 暁子",
        "title": "こころとカラダのライフデザイン共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 3,
        "adopted_fy": 2021,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "北海道大学",
        "pl_name": "後藤 貴文",
        "title": "次世代和牛生産システム構築拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "NURTURING",
        "promoted": False,
    },
    {
        "institution": "弘前大学",
        "pl_name": "村下 公一",
        "title": "健康を基軸とした経済発展モデルと全世代アプローチでつくるwell-being地域社会共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "岩手大学",
        "pl_name": "澤井 健",
        "title": "農村と都市との豊かな結びつきを育む「いわて畜産テリトリー」創造拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "NURTURING",
        "promoted": False,
    },
    {
        "institution": "自治医科大学",
        "pl_name": "門田 行史",
        "title": "医療&福祉DXを活用した全世代ケアラーのヘルスエクイティを目指す地域共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "NURTURING",
        "promoted": False,
    },
    {
        "institution": "東京大学",
        "pl_name": "中村 尚",
        "title": "地域気象データと先端学術による戦略的社会共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 2,
        "adopted_fy": 2020,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "順天堂大学",
        "pl_name": "隈丸 加奈子",
        "title": "災害など危機的状況でもヒト・モノ・ココロがつながる健康医療共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 7,
        "adopted_fy": 2025,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    # ANOMALY: the seed lists two PL lines for this hub ("宮崎 智之PL" and
    # "一歩 隆範PL"). The second looks like a text-extraction artifact of
    # 一木 隆範, the PL of the 川崎市産業振興財団 hub; 宮崎 智之 is used here.
    {
        "institution": "横浜市立大学",
        "pl_name": "宮崎 智之",
        "title": "若者の生きづらさを解消し高いウェルビーイングを実現する共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "東北大学",
        "pl_name": "松八重 一代",
        "title": "美食地学に基づくグリーンジョブマーケットの醸成共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 5,
        "adopted_fy": 2023,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "東北大学",
        "pl_name": "中澤 徹",
        "title": "「みえる」からはじまる、人のつながりと自己実現を支えるエンパワーメント社会共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "東北大学",
        "pl_name": "近藤 倫生",
        "title": "ネイチャーポジティブ発展社会実現拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 6,
        "adopted_fy": 2024,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "筑波大学",
        "pl_name": "西山 博之",
        "title": "つくば型デジタルバイオエコノミー社会形成の国際拠点",
        "field": "policy_priority",
        "field_label": "バイオ",
        "adopted_reiwa": 2,
        "adopted_fy": 2020,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "物質・材料研究機構",
        "pl_name": "金村 聖志",
        "title": "先進蓄電池研究開発拠点",
        "field": "policy_priority",
        "field_label": "環エネ",
        "adopted_reiwa": 2,
        "adopted_fy": 2020,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "東京科学大学",
        "pl_name": "上妻 幹旺",
        "title": "量子航法科学技術拠点",
        "field": "policy_priority",
        "field_label": "量子",
        "adopted_reiwa": 2,
        "adopted_fy": 2020,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "東京大学",
        "pl_name": "藤堂 真治",
        "title": "量子ソフトウェアとHPC・シミュレーション技術の共創によるサステイナブルAI研究拠点",
        "field": "policy_priority",
        "field_label": "量子",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "東京大学",
        "pl_name": "菊池 康紀",
        "title": '「ビヨンド・ゼロカーボン」を目指す"Co-JUNKAN"プラットフォーム 研究拠点',
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "東京芸術大学",
        "pl_name": "伊藤 達矢",
        "title": "「共生社会」をつくるアートコミュニケーション共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 5,
        "adopted_fy": 2023,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "東京農工大学",
        "pl_name": "養田 正文",
        "title": "カーボンネガティブの限界に挑戦する炭素耕作拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 5,
        "adopted_fy": 2023,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
    {
        "institution": "慶應義塾大学",
        "pl_name": "中村 雅也",
        "title": "誰もが参加し繋がることでウェルビーイングを実現する都市型ヘルスコモンズ共創拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 3,
        "adopted_fy": 2021,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    {
        "institution": "川崎市産業振興財団",
        "pl_name": "一木 隆範",
        "title": "レジリエント健康長寿社会の実現を先導するグローバルエコシステム形成拠点",
        "field": "co_creation",
        "field_label": "共創",
        "adopted_reiwa": 4,
        "adopted_fy": 2022,
        "stage": "FULL_SCALE",
        "promoted": False,
    },
    # Title kept as written in the seed ("リスベクト" is presumably an
    # extraction error for "リスペクト").
    {
        "institution": "慶應義塾大学",
        "pl_name": "田中 浩也",
        "title": "リスベクトでつながる「共生アップサイクル社会」共創拠点",
        "field": "regional",
        "field_label": "地域共創",
        "adopted_reiwa": 5,
        "adopted_fy": 2023,
        "stage": "FULL_SCALE",
        "promoted": True,
    },
]

# ---------------------------------------------------------------------------
# Institutions. Keys are Japanese names as written in the seed; hubs and
# platforms keep the raw names, resolved through INSTITUTION_ALIASES.
# kind: "university", "research_institute" or "foundation".
# name_en / email_domains are not in the seed (best knowledge).
# ---------------------------------------------------------------------------
INSTITUTION_ALIASES = {
    # The COI-NEXT map names the Nagoya hubs after the operating corporation;
    # the gap-fund table (Tongali) says 名古屋大学. Same institution.
    "東海国立大学機構名古屋大学": "名古屋大学",
}

INSTITUTIONS = {
    # --- gap-fund platform lead institutions ---
    "北陸先端科学技術大学院大学": {
        "name_en": "Japan Advanced Institute of Science and Technology",
        "kind": "university",
        "email_domains": ["jaist.ac.jp"],
    },
    "金沢大学": {
        "name_en": "Kanazawa University",
        "kind": "university",
        "email_domains": ["kanazawa-u.ac.jp"],
    },
    "信州大学": {
        "name_en": "Shinshu University",
        "kind": "university",
        "email_domains": ["shinshu-u.ac.jp"],
    },
    "北海道大学": {
        "name_en": "Hokkaido University",
        "kind": "university",
        "email_domains": ["hokudai.ac.jp"],
    },
    "京都大学": {
        "name_en": "Kyoto University",
        "kind": "university",
        "email_domains": ["kyoto-u.ac.jp"],
    },
    "東北大学": {
        "name_en": "Tohoku University",
        "kind": "university",
        "email_domains": ["tohoku.ac.jp"],
    },
    "九州大学": {
        "name_en": "Kyushu University",
        "kind": "university",
        "email_domains": ["kyushu-u.ac.jp"],
    },
    "九州工業大学": {
        "name_en": "Kyushu Institute of Technology",
        "kind": "university",
        "email_domains": ["kyutech.ac.jp"],
    },
    "東京大学": {
        "name_en": "The University of Tokyo",
        "kind": "university",
        "email_domains": ["u-tokyo.ac.jp"],
    },
    "早稲田大学": {
        "name_en": "Waseda University",
        "kind": "university",
        "email_domains": ["waseda.jp"],
    },
    "東京科学大学": {
        # Merger (Oct 2024) of Tokyo Institute of Technology and Tokyo Medical
        # and Dental University.
        "name_en": "Institute of Science Tokyo",
        "kind": "university",
        "email_domains": ["isct.ac.jp"],
    },
    "広島大学": {
        "name_en": "Hiroshima University",
        "kind": "university",
        "email_domains": ["hiroshima-u.ac.jp"],
    },
    "名古屋大学": {
        # Canonical for 東海国立大学機構名古屋大学 (see INSTITUTION_ALIASES);
        # full form: Tokai National Higher Education and Research System
        # Nagoya University.
        "name_en": "Nagoya University",
        "kind": "university",
        "email_domains": ["nagoya-u.ac.jp"],
    },
    # --- further COI-NEXT hub institutions ---
    "琉球大学": {
        "name_en": "University of the Ryukyus",
        "kind": "university",
        "email_domains": ["u-ryukyu.ac.jp"],
    },
    "沖縄科学技術大学院大学": {
        "name_en": "Okinawa Institute of Science and Technology Graduate University",
        "kind": "university",
        "email_domains": ["oist.jp"],
    },
    "大阪大学": {
        "name_en": "Osaka University",
        "kind": "university",
        "email_domains": ["osaka-u.ac.jp"],
    },
    "国立循環器病研究センター": {
        "name_en": "National Cerebral and Cardiovascular Center",
        "kind": "research_institute",
        "email_domains": ["ncvc.go.jp"],
    },
    "長崎大学": {
        "name_en": "Nagasaki University",
        "kind": "university",
        "email_domains": ["nagasaki-u.ac.jp"],
    },
    "熊本県立大学": {
        "name_en": "Prefectural University of Kumamoto",
        "kind": "university",
        "email_domains": ["pu-kumamoto.ac.jp"],
    },
    "長岡技術科学大学": {
        "name_en": "Nagaoka University of Technology",
        "kind": "university",
        "email_domains": ["nagaokaut.ac.jp"],
    },
    "秋田県立大学": {
        "name_en": "Akita Prefectural University",
        "kind": "university",
        "email_domains": ["akita-pu.ac.jp"],
    },
    "富山大学": {
        "name_en": "University of Toyama",
        "kind": "university",
        "email_domains": ["u-toyama.ac.jp"],
    },
    "高知大学": {
        "name_en": "Kochi University",
        "kind": "university",
        "email_domains": ["kochi-u.ac.jp"],
    },
    "香川大学": {
        "name_en": "Kagawa University",
        "kind": "university",
        "email_domains": ["kagawa-u.ac.jp"],
    },
    "弘前大学": {
        "name_en": "Hirosaki University",
        "kind": "university",
        "email_domains": ["hirosaki-u.ac.jp"],
    },
    "岩手大学": {
        "name_en": "Iwate University",
        "kind": "university",
        "email_domains": ["iwate-u.ac.jp"],
    },
    "自治医科大学": {
        "name_en": "Jichi Medical University",
        "kind": "university",
        "email_domains": ["jichi.ac.jp"],
    },
    "順天堂大学": {
        "name_en": "Juntendo University",
        "kind": "university",
        "email_domains": ["juntendo.ac.jp"],
    },
    "横浜市立大学": {
        "name_en": "Yokohama City University",
        "kind": "university",
        "email_domains": ["yokohama-cu.ac.jp"],
    },
    "筑波大学": {
        "name_en": "University of Tsukuba",
        "kind": "university",
        "email_domains": ["tsukuba.ac.jp"],
    },
    "物質・材料研究機構": {
        "name_en": "National Institute for Materials Science",
        "kind": "research_institute",
        "email_domains": ["nims.go.jp"],
    },
    "東京芸術大学": {
        # Officially written 東京藝術大学; key kept as written in the seed.
        "name_en": "Tokyo University of the Arts",
        "kind": "university",
        "email_domains": ["geidai.ac.jp"],
    },
    "東京農工大学": {
        "name_en": "Tokyo University of Agriculture and Technology",
        "kind": "university",
        "email_domains": ["tuat.ac.jp"],
    },
    "慶應義塾大学": {
        "name_en": "Keio University",
        "kind": "university",
        "email_domains": ["keio.ac.jp"],
    },
    "川崎市産業振興財団": {
        # Operates iCONM (Innovation Center of NanoMedicine).
        "name_en": "Kawasaki Institute of Industrial Promotion",
        "kind": "foundation",
        "email_domains": ["kawasaki-net.ne.jp"],
    },
}
