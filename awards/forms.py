from django import forms
from django.utils.translation import gettext_lazy as _

from sangaku import bounds


class ReportBodyForm(forms.Form):
    body = bounds.form_text(
        bounds.REPORT_BODY_MAX,
        label=_("報告本文"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("下書き保存できます。提出すると編集できなくなります（修正依頼があれば再編集できます）。"),
    )
    file = forms.FileField(
        label=_("添付ファイル（任意）"),
        required=False,
        help_text=_("PDF、PNG、JPEG、Word、Excel、PowerPoint。選んだファイルは保存・提出と同時に添付されます。"),
    )


class ReportAttachmentForm(forms.Form):
    file = forms.FileField(label=_("添付ファイル"), help_text=_("PDF、PNG、JPEG、Word、Excel、PowerPoint"))


class NoteForm(forms.Form):
    note = bounds.form_text(bounds.NOTE_MAX, label=_("メモ"), widget=forms.Textarea(attrs={"rows": 3}))


class EndDateForm(forms.Form):
    ends_on = bounds.form_date(label=_("新しい終了日"), widget=forms.DateInput(attrs={"type": "date"}))
    note = bounds.form_text(bounds.NOTE_MAX, label=_("理由"))


class BudgetAdjustForm(forms.Form):
    """One amount field per fiscal year of the award."""

    note = bounds.form_text(bounds.NOTE_MAX, label=_("理由"))

    def __init__(self, *args, years: list[int], initial_amounts: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for fy in years:
            self.fields[f"fy_{fy}"] = bounds.form_yen(
                label=_("%(fy)s年度（円）") % {"fy": fy}, initial=initial_amounts.get(fy, 0)
            )

    def budgets(self) -> dict[int, int]:
        return {fy: self.cleaned_data[f"fy_{fy}"] for fy in self.years}
