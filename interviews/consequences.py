"""What an irreversible interview action will do, said before it is done (the dialog and the confirm page)."""

from django.utils.translation import gettext_lazy as _

CONSEQUENCES = {
    "invite": _(
        "面接審査に招へいします。書面審査中の申請は「面接審査」に進み、申請者に日程が通知されます。この操作は取り消せません。"
    ),
    "hold": _("面接を実施済みにします。以後は日程を変更できず、面接審査委員が採点できるようになります。"),
    "cancel": _("面接を取り消します。取り消した面接は元に戻せません（理由は履歴に残ります）。"),
    "confirm": _("この日程で確定します。変更が必要になった場合は、別の日程を希望してください。"),
    "score": _("採点を提出します。提出した評点は変更できません。"),
}


def consequence(action: str) -> str:
    return str(CONSEQUENCES.get(action, ""))
