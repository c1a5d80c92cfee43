from django import forms
from django.utils.translation import gettext_lazy as _

from sangaku import bounds

from .conflicts import DECLARABLE_KINDS
from .models import ConflictKind, MetaRecommendation, Recommendation


class DeclineForm(forms.Form):
    """Declining needs an explicit answer on conflicts: nothing is assumed for the reviewer."""

    has_conflict = forms.ChoiceField(
        label=_("辞退の理由"),
        widget=forms.RadioSelect,
        choices=[
            ("no", _("利害関係はない（都合により辞退）")),
            ("yes", _("利害関係がある（申告して辞退）")),
        ],
        error_messages={"required": _("利害関係の有無を選んでください。")},
    )
    conflict_kind = forms.ChoiceField(
        label=_("利害関係の種類"),
        required=False,
        choices=[("", "—")] + [(k.value, k.label) for k in DECLARABLE_KINDS],
    )
    note = bounds.form_text(bounds.NOTE_MAX, label=_("メモ"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("has_conflict") == "yes" and not data.get("conflict_kind"):
            self.add_error("conflict_kind", _("利害関係の種類を選んでください。"))
        if data.get("has_conflict") == "no":
            data["conflict_kind"] = ""
        choices = dict(self.fields["has_conflict"].choices)
        data["has_conflict_label"] = str(choices.get(data.get("has_conflict"), ""))
        return data


class ReviewForm(forms.Form):
    """One select per rubric criterion, plus comments and the recommendation."""

    comment_to_applicant = bounds.form_text(
        bounds.COMMENT_MAX,
        label=_("申請者へのコメント（審査委員名は伏せて開示）"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    comment_to_officer = bounds.form_text(
        bounds.COMMENT_MAX, label=_("担当者へのコメント（非開示）"), widget=forms.Textarea(attrs={"rows": 3})
    )
    recommendation = forms.ChoiceField(
        label=_("総合判定"), required=False, choices=[("", "—")] + list(Recommendation.choices)
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            choices = [("", "—")] + [(str(v), str(v)) for v in range(c.scale_max, c.scale_min - 1, -1)]
            self.fields[f"score_{c.code}"] = forms.ChoiceField(
                label=_("%(label)s（%(lo)s〜%(hi)s点、重み %(weight)s）")
                % {"label": c.label, "lo": c.scale_min, "hi": c.scale_max, "weight": f"{c.weight:g}"},
                required=False,
                choices=choices,
                help_text=c.description,
            )
            field = bounds.form_text(
                bounds.COMMENT_MAX,
                label=_("「%(label)s」へのコメント（申請者に開示・審査委員名は伏せる）") % {"label": c.label},
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            field.submit_required = c.comment_required  # marked required; checked on submit only
            self.fields[f"comment_{c.code}"] = field

    def require_complete(self) -> bool:
        """Before submitting: every criterion scored and a recommendation chosen, each error beside its field."""
        for c in self.criteria:
            if not self.cleaned_data.get(f"score_{c.code}"):
                self.add_error(f"score_{c.code}", _("「%(label)s」の評点を選んでください。") % {"label": c.label})
            if c.comment_required and not (self.cleaned_data.get(f"comment_{c.code}") or "").strip():
                self.add_error(
                    f"comment_{c.code}", _("「%(label)s」へのコメントを入力してください（必須）。") % {"label": c.label}
                )
        if not self.cleaned_data.get("recommendation"):
            self.add_error("recommendation", _("総合判定を選んでください。"))
        return not self.errors

    def score_fields(self):
        return [self[f"score_{c.code}"] for c in self.criteria]

    def criterion_fields(self):
        """(score, comment) per criterion, so each criterion's errors sit beside it."""
        return [(self[f"score_{c.code}"], self[f"comment_{c.code}"]) for c in self.criteria]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "scores": {c.code: data[f"score_{c.code}"] or None for c in self.criteria},
            "comments": {c.code: data[f"comment_{c.code}"] or "" for c in self.criteria},
            "comment_to_applicant": data["comment_to_applicant"],
            "comment_to_officer": data["comment_to_officer"],
            "recommendation": data["recommendation"],
        }


class ManualAssignForm(forms.Form):
    application = forms.TypedChoiceField(label=_("申請"), coerce=int)
    reviewer = forms.TypedChoiceField(label=_("審査委員"), coerce=int)

    def __init__(self, *args, applications=(), reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, f"{a.receipt_number} {a.title}") for a in applications]
        self.fields["reviewer"].choices = [(p.user_id, f"{p.user}（{p.expertise}）") for p in reviewers]


class ConflictForm(forms.Form):
    application = forms.TypedChoiceField(label=_("申請"), coerce=int)
    reviewer = forms.TypedChoiceField(label=_("審査委員"), coerce=int)
    kind = forms.ChoiceField(label=_("種類"), choices=ConflictKind.choices)
    note = bounds.form_text(bounds.NOTE_MAX, label=_("メモ"))

    def __init__(self, *args, applications=(), reviewers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(a.pk, f"{a.receipt_number} {a.title}") for a in applications]
        self.fields["reviewer"].choices = [(p.user_id, str(p.user)) for p in reviewers]


class DecideForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("start_review", _("書面審査開始")),
            ("invite_interview", _("面接審査へ")),
            ("accept", _("採択")),
            ("reject", _("不採択")),
        ]
    )
    note = bounds.form_text(bounds.NOTE_MAX, label=_("メモ"))
    override = forms.BooleanField(label=_("担当者判断（理由必須）"), required=False)


class BatchDecideForm(forms.Form):
    """The ranking's batch decision (rows chosen with checkboxes); the letters app previews and runs it."""

    action = forms.ChoiceField(label=_("決定"), choices=[("accept", _("採択")), ("reject", _("不採択"))])
    note = forms.CharField(label=_("メモ（内部用・通知書には載りません）"), required=False, max_length=4000)
    override = forms.BooleanField(label=_("審査数が足りない申請も担当者判断で決定する（メモ必須）"), required=False)
    send_letters = forms.BooleanField(label=_("決定した申請に通知書を送付する"), required=False)


class ExternalInvitationForm(forms.Form):
    """An officer invites an external reviewer to one call."""

    email = forms.EmailField(label=_("メールアドレス"), max_length=254)
    name = forms.CharField(label=_("氏名"), max_length=150)
    institution = forms.CharField(label=_("所属機関"), max_length=200, required=False)
    expertise = forms.CharField(label=_("専門分野キーワード"), max_length=500, required=False)


class JoinForm(forms.Form):
    """The invitation link's one use: the new reviewer sets a password."""

    password1 = forms.CharField(label=_("パスワード"), widget=forms.PasswordInput, max_length=128)
    password2 = forms.CharField(label=_("パスワード（確認）"), widget=forms.PasswordInput, max_length=128)

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("パスワードが一致しません。"))
        return data


class DeclarationForm(forms.Form):
    """One choice per application of the call (titles only): no conflict, or the kind of conflict."""

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = list(applications)
        for a in self.applications:
            self.fields[f"app_{a['id']}"] = forms.ChoiceField(
                label=a["title"],
                required=False,
                choices=[("", _("利害関係なし"))] + [(k.value, k.label) for k in DECLARABLE_KINDS],
            )

    def conflicts(self) -> dict:
        return {
            a["id"]: self.cleaned_data[f"app_{a['id']}"]
            for a in self.applications
            if self.cleaned_data[f"app_{a['id']}"]
        }

    def rows(self):
        return [self[f"app_{a['id']}"] for a in self.applications]


class DiscussionPostForm(forms.Form):
    body = bounds.form_text(
        bounds.COMMENT_MAX, label=_("本文"), required=True, widget=forms.Textarea(attrs={"rows": 3})
    )


class MetaReviewForm(forms.Form):
    recommendation = forms.ChoiceField(label=_("推薦"), choices=[("", "—")] + list(MetaRecommendation.choices))
    text = bounds.form_text(
        bounds.COMMENT_MAX, label=_("メタレビュー"), required=True, widget=forms.Textarea(attrs={"rows": 5})
    )


class ChairForm(forms.Form):
    """Designate the chair of one application (or, left blank, of the whole call)."""

    user = forms.TypedChoiceField(label=_("取りまとめ役"), coerce=int)
    application = forms.TypedChoiceField(
        label=_("申請（空欄で公募全体）"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, candidates=(), applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(u.pk, str(u)) for u in candidates]
        self.fields["application"].choices = [("", "—")] + [
            (a.pk, f"{a.receipt_number} {a.title}") for a in applications
        ]
