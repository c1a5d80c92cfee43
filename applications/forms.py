"""Server-rendered forms of the applicant and officer pages. Validation of shape only; rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Institution
from programs.templatetags.sangaku import fy
from sangaku import bounds

from .models import AttachmentKind, BudgetCategory, MemberAccess, MemberRole


class ApplicationForm(forms.Form):
    title = forms.CharField(label=_("課題名"), max_length=200, required=False)
    title_en = forms.CharField(label=_("課題名（英語）"), max_length=300, required=False)
    summary = bounds.form_text(bounds.SUMMARY_MAX, label=_("概要"), widget=forms.Textarea(attrs={"rows": 6}))
    keywords = forms.CharField(
        label=_("キーワード"), max_length=300, required=False, help_text=_("読点またはカンマ区切り")
    )
    requested_amount = bounds.form_yen(label=_("申請額（円）"), required=False)
    duration_months = bounds.form_months(label=_("実施期間（月）"), required=False)
    # The version the editor loaded: a save on an older one is refused so nobody overwrites a co-applicant.
    version = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)

    # A draft may be saved half-written; these must be filled before submitting (marked with ＊).
    SUBMIT_REQUIRED = ("title", "summary", "keywords", "requested_amount", "duration_months")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.SUBMIT_REQUIRED:
            self.fields[name].submit_required = True

    def cleaned_values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for key in ("title", "title_en", "summary", "keywords"):
            data[key] = (data.get(key) or "").strip()
        return data


class BudgetGridForm(forms.Form):
    """One integer field per fiscal year × category, named budget_<year>_<category>."""

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            for category in BudgetCategory:
                label = f"{fy(year)} {category.label}"
                self.fields[self.field_name(year, category)] = bounds.form_yen(
                    label=label,
                    required=False,
                    widget=forms.NumberInput(attrs={"aria-label": label, "data-year": year, "inputmode": "numeric"}),
                )

    @staticmethod
    def field_name(year: int, category: str) -> str:
        return f"budget_{year}_{category}"

    def amounts(self) -> dict[tuple[int, str], int | None]:
        return {
            (year, category.value): self.cleaned_data.get(self.field_name(year, category))
            for year in self.years
            for category in BudgetCategory
        }


class MemberForm(forms.Form):
    name = forms.CharField(label=_("氏名・名称"), max_length=150)
    email = forms.EmailField(
        label=_("招待先メールアドレス"),
        required=False,
        max_length=254,
        help_text=_(
            "入力すると、その方に招待が届きます。本人が承諾するまで、実施体制への記載はどこにも反映されません。"
        ),
        error_messages={"invalid": _("メールアドレスの形式が正しくありません。")},
    )
    # The PI row is the applicant's own (made with the draft): a new row starts as a co-investigator.
    role = forms.ChoiceField(label=_("役割"), choices=MemberRole.choices, initial=MemberRole.CO_INVESTIGATOR)
    effort_percent = forms.IntegerField(
        label=_("エフォート（%）"),
        required=False,
        min_value=1,
        max_value=100,
        error_messages={
            # Django formats these with the limit value, so a literal percent sign is doubled.
            "min_value": _("エフォートは1〜100（%%）の整数で入力してください。"),
            "max_value": _("エフォートは1〜100（%%）の整数で入力してください。"),
        },
    )

    access = forms.ChoiceField(
        label=_("権限"),
        choices=MemberAccess.choices,
        initial=MemberAccess.READ,
        required=False,
        help_text=_(
            "「編集可」の共同申請者は内容・予算・添付ファイルを編集できます（提出・取下げ・体制の変更は不可）。"
        ),
    )
    researcher_number = forms.CharField(
        label=_("研究者番号"), required=False, max_length=8, help_text=_("研究者の場合は e-Rad の研究者番号（8桁）")
    )

    def clean_access(self):
        return self.cleaned_data.get("access") or MemberAccess.READ


class InvitationJoinForm(forms.Form):
    """The team invitation's link for a person without an account: their name and a password."""

    display_name = forms.CharField(label=_("氏名"), max_length=150)
    password1 = forms.CharField(label=_("パスワード"), widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label=_("パスワード（確認）"), widget=forms.PasswordInput, max_length=128)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("パスワードが一致しません。"))
        return data


class InstitutionCorrectionForm(forms.Form):
    """An officer corrects the application's institution (the PI's affiliation), with a reason."""

    institution = forms.ModelChoiceField(
        label=_("訂正後の所属機関"),
        queryset=Institution.objects.order_by("name"),
        error_messages={"invalid_choice": _("所属機関を一覧から選んでください。")},
    )
    reason = bounds.form_text(bounds.NOTE_MAX, label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class PiEffortForm(forms.Form):
    """The PI's own effort on the PI row."""

    effort_percent = forms.IntegerField(
        label=_("研究代表者のエフォート（%）"),
        required=False,
        min_value=1,
        max_value=100,
        error_messages={
            "min_value": _("エフォートは1〜100（%%）の整数で入力してください。"),
            "max_value": _("エフォートは1〜100（%%）の整数で入力してください。"),
        },
    )


class ConsentForm(forms.Form):
    """The partner's confirmation; the contribution per fiscal year and the letter where the stage asks."""

    contribution = forms.CharField(
        label=_("負担額（年度別・円）"),
        required=False,
        max_length=400,
        help_text=_("例: 2025:1000000, 2026:1500000"),
    )
    letter = forms.FileField(label=_("承諾書"), required=False)

    def clean_contribution(self):
        text = (self.cleaned_data.get("contribution") or "").replace("，", ",").replace("：", ":")
        values = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            year, _sep, amount = part.partition(":")
            if not year.strip().isdigit() or not amount.strip().replace("_", "").isdigit():
                raise forms.ValidationError(_("「年度:金額」をカンマで区切って入力してください（例: 2025:1000000）。"))
            values[year.strip()] = int(amount.strip())
        return values


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=AttachmentKind.choices, initial=AttachmentKind.PROPOSAL)
    file = forms.FileField(label=_("ファイル"), help_text=_("PDF、PNG、JPEG、Word、Excel、PowerPoint（20 MB まで）"))


class NoteForm(forms.Form):
    note = bounds.form_text(bounds.NOTE_MAX, label=_("理由・メモ"), widget=forms.Textarea(attrs={"rows": 3}))


class RequestInfoForm(NoteForm):
    """追加資料・回答依頼: the question (note) and the due date (the end of that day, Tokyo time)."""

    due_at = bounds.form_date(
        label=_("回答期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("回答期限は 2025-05-31 の形の日付で入力してください。")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("依頼内容（申請者への質問）")

    def due_datetime(self):
        import datetime as dt

        from programs.fiscal import JST

        day = self.cleaned_data.get("due_at") if hasattr(self, "cleaned_data") else None
        return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=JST) if day else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class RespondInfoForm(NoteForm):
    """The applicant's answer to a request for information, with files (checked by the service)."""

    attachments = forms.FileField(
        label=_("添付ファイル"),
        required=False,
        widget=MultipleFileInput(),
        help_text=_("PDF、PNG、JPEG、Word、Excel、PowerPoint（1つ20 MB まで・5個まで）"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].label = _("回答")
