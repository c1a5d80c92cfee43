from django import forms
from django.utils.translation import gettext_lazy as _

from sangaku import bounds

from .models import YEAR_INDEX_MAX, YEAR_INDEX_MIN


class EvaluationCreateForm(forms.Form):
    year_index = forms.IntegerField(
        label=_("採択後の年度（何年度目）"), min_value=YEAR_INDEX_MIN, max_value=YEAR_INDEX_MAX
    )


class AssignForm(forms.Form):
    evaluator = forms.ModelChoiceField(label=_("評価委員"), queryset=None, empty_label=_("選んでください"))

    def __init__(self, *args, evaluators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = evaluators
        self.fields["evaluator"].label_from_instance = lambda u: u.display_name or u.username


class ScoreForm(forms.Form):
    """One score field per criterion of the evaluation rubric, and the evaluator's overall comment."""

    comment = bounds.form_text(
        bounds.COMMENT_MAX, label=_("総評"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.code}"] = forms.IntegerField(
                label=f"{c.label}（{c.scale_min}〜{c.scale_max}）",
                required=False,
                initial=(initial_scores or {}).get(c.code),
            )
            if c.comment_required:
                self.fields[f"comment_{c.code}"] = bounds.form_text(
                    bounds.COMMENT_MAX, label=_("「%(label)s」へのコメント") % {"label": c.label}
                )

    def scores(self) -> dict:
        return {c.code: self.cleaned_data.get(f"score_{c.code}") for c in self.criteria}

    def comments(self) -> dict:
        return {c.code: self.cleaned_data.get(f"comment_{c.code}", "") for c in self.criteria if c.comment_required}


class OutcomeForm(forms.Form):
    note = bounds.form_text(bounds.NOTE_MAX, label=_("メモ・理由"), required=False)
    conditions = bounds.form_text(
        bounds.NOTE_MAX, label=_("継続の条件"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    stop_on = bounds.form_date(label=_("中止日（空欄なら評価年度の末日）"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        for fy in self.years:
            self.fields[f"fy_{fy}"] = bounds.form_yen(label=_("%(fy)s年度（円）") % {"fy": fy}, required=False)

    def budgets(self) -> dict[int, int]:
        return {fy: self.cleaned_data[f"fy_{fy}"] for fy in self.years if self.cleaned_data.get(f"fy_{fy}") is not None}
