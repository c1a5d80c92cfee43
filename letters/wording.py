"""The letter's words: placeholders ({{ name }} …) filled from facts the applicant may read, and the defaults.

Only the names in `PLACEHOLDERS` exist; a template naming anything else is refused
when it is saved. Officers' notes on events and reviewers' comments to officers are
never among the facts, so they cannot reach a letter.
"""

import re

from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"{{\s*([a-z_]+)\s*}}")
PLACEHOLDERS = {
    "name": _("研究代表者の氏名"),
    "title": _("課題名"),
    "call": _("公募名"),
    "receipt_number": _("受付番号"),
    "award_number": _("課題番号（採択時）"),
    "amount": _("採択額（採択時）"),
    "reason": _("申請者への理由"),
    "reviewer_comments": _("審査委員から申請者へのコメント（匿名）"),
}

DEFAULTS = {
    ("accepted", "ja"): (
        "【採択通知】{{ title }}",
        "{{ name }} 様\n\n公募「{{ call }}」にご応募いただいた課題「{{ title }}」（受付番号 {{ receipt_number }}）は、"
        "審査の結果、採択と決定しましたのでお知らせします。\n\n課題番号: {{ award_number }}\n採択額: {{ amount }}\n\n"
        "{{ reason }}\n\n審査委員からのコメント:\n{{ reviewer_comments }}\n",
    ),
    ("rejected", "ja"): (
        "【審査結果のお知らせ】{{ title }}",
        "{{ name }} 様\n\n公募「{{ call }}」にご応募いただいた課題「{{ title }}」（受付番号 {{ receipt_number }}）は、"
        "慎重な審査の結果、誠に残念ながら不採択となりました。\n\n{{ reason }}\n\n審査委員からのコメント:\n"
        "{{ reviewer_comments }}\n",
    ),
    ("ineligible", "ja"): (
        "【審査結果のお知らせ】{{ title }}",
        "{{ name }} 様\n\n公募「{{ call }}」にご応募いただいた課題「{{ title }}」（受付番号 {{ receipt_number }}）は、"
        "応募要件を満たしていないため、受理できませんでした。\n\n理由: {{ reason }}\n",
    ),
    ("accepted", "en"): (
        "Notice of adoption: {{ title }}",
        'Dear {{ name }},\n\nWe are pleased to inform you that your proposal "{{ title }}" (receipt number '
        '{{ receipt_number }}) to the call "{{ call }}" has been adopted.\n\nAward number: {{ award_number }}\n'
        "Amount: {{ amount }}\n\n{{ reason }}\n\nComments from the reviewers:\n{{ reviewer_comments }}\n",
    ),
    ("rejected", "en"): (
        "Result of the review: {{ title }}",
        'Dear {{ name }},\n\nAfter careful review, we regret to inform you that your proposal "{{ title }}" '
        '(receipt number {{ receipt_number }}) to the call "{{ call }}" was not adopted.\n\n{{ reason }}\n\n'
        "Comments from the reviewers:\n{{ reviewer_comments }}\n",
    ),
    ("ineligible", "en"): (
        "Result of the review: {{ title }}",
        'Dear {{ name }},\n\nYour proposal "{{ title }}" (receipt number {{ receipt_number }}) to the call '
        '"{{ call }}" could not be accepted because it does not meet the eligibility requirements.\n\n'
        "Reason: {{ reason }}\n",
    ),
}


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill(text: str, facts: dict) -> str:
    return PLACEHOLDER.sub(lambda m: str(facts.get(m.group(1), "")), text)
