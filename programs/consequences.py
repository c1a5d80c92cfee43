"""What an irreversible action will do, said before it is done.

Two places say it: the browser's dialog ({% load consequences %} then
<button data-confirm="{% consequence 'award' 'terminate' %}">…, static/js/sangaku.js) and, without
JavaScript, the server's confirm step (sangaku/confirm.py), which refuses to act on a POST lacking
``confirm`` and shows this text instead. An action with no entry is not asked about.
"""

from django.utils.translation import gettext_lazy as _

CONSEQUENCES = {
    ("application", "reject_ineligible"): _(
        "要件不備で不受理にすると、この申請は審査に進まず、申請者に通知されます。この操作は取り消せません。"
    ),
    ("application", "return"): _(
        "差し戻すと申請は作成中に戻り、申請者に理由が通知されます。申請者が修正して再提出するまで審査できません。"
    ),
    ("application", "withdraw"): _("取り下げた申請は審査されず、元に戻せません。"),
    ("application", "accept"): _("採択すると採択課題が作成され、申請者に通知されます。この操作は取り消せません。"),
    ("application", "reject"): _("不採択にすると申請者に結果が通知されます。この操作は取り消せません。"),
    ("award", "complete"): _(
        "終了すると、この採択課題は終了となり、以後の変更はできません。この操作は取り消せません。"
    ),
    ("award", "terminate"): _(
        "中止すると、この採択課題は打ち切られます（理由は履歴に残ります）。この操作は取り消せません。"
    ),
    ("evaluation", "continue"): _("評価結果「継続」を確定し、研究代表者に通知します。この操作は取り消せません。"),
    ("evaluation", "continue_with_conditions"): _(
        "評価結果「条件付き継続」を確定し、条件を研究代表者に通知します。この操作は取り消せません。"
    ),
    ("evaluation", "budget_change"): _(
        "評価結果「予算変更」を確定し、採択課題の年度別予算を書き換えます（履歴に残ります）。この操作は取り消せません。"
    ),
    ("evaluation", "stop"): _(
        "評価結果「中止」を確定すると、採択課題は評価年度の末日で終了して中止となり、未提出の報告は作り直されます。この操作は取り消せません。"
    ),
    ("report", "submit"): _(
        "提出すると報告は確定し、担当者が修正を依頼しない限り変更できません。添付ファイルも一緒に提出されます。"
    ),
    ("report", "accept"): _("受理すると報告は確定し、以後変更できません。"),
    ("member", "pi"): _(
        "研究代表者を実施体制から削除します。研究代表者がいないと申請を提出できません。削除してよろしいですか。"
    ),
    ("member", "other"): _("この人を実施体制から削除します。"),
    ("attachment", "delete"): _("この添付ファイルを申請から外します。"),
    ("assignment", "decline"): _(
        "辞退すると、この申請の審査依頼は取り消され、元に戻せません。利害関係を申告した場合は記録され、担当者に伝わります。"
    ),
}


def consequence_text(kind: str, action: str) -> str:
    """The consequence of (kind, action) in the active language; "" when the action is not asked about."""
    return str(CONSEQUENCES.get((kind, action), ""))
