"""The server-side confirm step of irreversible actions (works without JavaScript).

A form for such an action carries ``confirm``: the browser's dialog (static/js/sangaku.js) adds it
when the user agrees. A POST without it acts on nothing: ``confirmation_page`` shows what the action
will do and posts the same fields again with ``confirm`` when the user presses 実行する.
"""

from django.shortcuts import render

FIELD = "confirm"
_REPLAYED_NOT = {"csrfmiddlewaretoken", FIELD}


def confirmed(request) -> bool:
    return request.POST.get(FIELD, "") in {"yes", "on", "1", "true"}


def confirmation_page(request, *, consequence: str, subject: str = "", action_label: str = "", back_url: str):
    """The page asking to confirm: the consequence in words, the fields as sent, 実行する / やめる."""
    fields = [(key, value) for key in request.POST for value in request.POST.getlist(key) if key not in _REPLAYED_NOT]
    note = next((value for key, value in fields if key == "note" or key.endswith("-note")), "")
    context = {
        "consequence": consequence,
        "subject": subject,
        "action_label": action_label,
        "fields": fields,
        "note": note,
        "back_url": back_url,
        "post_url": request.path,
    }
    return render(request, "confirm.html", context)
