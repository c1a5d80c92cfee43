"""HTML forms of the interview pages (bounds from sangaku/bounds.py and the model)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sangaku import bounds

from .models import MEETING_URL_MAX, PLACE_MAX


class SlotForm(forms.Form):
    date = bounds.form_date(label=_("日付"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("開始時刻（日本時間）"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("終了時刻（日本時間）"), widget=forms.TimeInput(attrs={"type": "time"}))
    place = bounds.form_text(PLACE_MAX, label=_("場所"))
    meeting_url = bounds.form_text(
        MEETING_URL_MAX, label=_("オンライン会議のURL"), help_text=_("場所かURLのどちらかは必須です。")
    )


class InviteForm(forms.Form):
    application = forms.TypedChoiceField(label=_("申請"), coerce=int)
    slot = forms.TypedChoiceField(label=_("面接枠"), coerce=int)

    def __init__(self, *args, applications=(), slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, f"{a.receipt_number} {a.title}") for a in applications]
        self.fields["slot"].choices = [(s.pk, _slot_label(s)) for s in slots]


def _slot_label(slot) -> str:
    where = slot.place or slot.meeting_url
    return f"{slot} {where}"


class ActionForm(forms.Form):
    note = bounds.form_text(bounds.NOTE_MAX, label=_("メモ"))
    slot = forms.TypedChoiceField(label=_("新しい面接枠"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [("", "—")] + [(s.pk, _slot_label(s)) for s in slots]


class PanelForm(forms.Form):
    reviewer = forms.TypedChoiceField(label=_("面接審査委員"), coerce=int)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [(p.user_id, str(p.user)) for p in candidates]


class ScoreForm(forms.Form):
    """One choice per criterion of the interview rubric, within its scale, and an overall comment."""

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        for c in criteria:
            self.fields[f"score_{c.code}"] = forms.TypedChoiceField(
                label=c.label,
                coerce=int,
                choices=[("", "—")] + [(n, str(n)) for n in range(c.scale_min, c.scale_max + 1)],
                help_text=c.description,
            )
        self.fields["comment"] = bounds.form_text(
            bounds.COMMENT_MAX, label=_("所見"), widget=forms.Textarea(attrs={"rows": 4})
        )

    def scores(self) -> dict:
        return {k.removeprefix("score_"): v for k, v in self.cleaned_data.items() if k.startswith("score_")}
