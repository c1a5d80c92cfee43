from rest_framework import serializers

from sangaku import bounds

from .models import YEAR_INDEX_MAX, YEAR_INDEX_MIN, Evaluation, EvaluationAssignment


class PanelMemberSerializer(serializers.ModelSerializer):
    evaluator_name = serializers.CharField(source="evaluator.__str__", read_only=True)

    class Meta:
        model = EvaluationAssignment
        fields = ["id", "evaluator", "evaluator_name", "status", "scores", "comments", "comment", "weighted_score"]
        read_only_fields = fields


class OwnScoresSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluationAssignment
        fields = ["id", "status", "scores", "comments", "comment", "weighted_score", "submitted_at"]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    """An evaluation. `panel` and `panel_score` are for officers in scope only (null for anybody else);
    `my_scores` is the requesting evaluator's own row (null otherwise)."""

    award_number = serializers.CharField(source="award.award_number", read_only=True)
    rubric = serializers.CharField(source="rubric.code", read_only=True, default=None)
    panel = serializers.SerializerMethodField()
    panel_score = serializers.SerializerMethodField()
    my_scores = serializers.SerializerMethodField()

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "award",
            "award_number",
            "year_index",
            "fiscal_year",
            "due_on",
            "rubric",
            "status",
            "outcome",
            "conditions",
            "new_budgets",
            "stop_on",
            "decided_at",
            "panel",
            "panel_score",
            "my_scores",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def _sees_panel(self, obj) -> bool:
        from .permissions import sees_panel

        user = self._user()
        return bool(user) and sees_panel(user, obj)

    def get_panel(self, obj) -> list[dict] | None:
        if not self._sees_panel(obj):
            return None
        return PanelMemberSerializer(obj.assignments.select_related("evaluator").order_by("id"), many=True).data

    def get_panel_score(self, obj) -> float | None:
        if not self._sees_panel(obj):
            return None
        return getattr(obj, "panel_score", None)

    def get_my_scores(self, obj) -> dict | None:
        from .selectors import own_assignment

        mine = own_assignment(self._user(), obj)
        return OwnScoresSerializer(mine).data if mine else None


class EvaluationCreateSerializer(serializers.Serializer):
    year_index = serializers.IntegerField(min_value=YEAR_INDEX_MIN, max_value=YEAR_INDEX_MAX)
    due_on = bounds.api_date(required=False)


class EvaluationUpdateSerializer(serializers.Serializer):
    due_on = bounds.api_date()


class BudgetRowSerializer(serializers.Serializer):
    fiscal_year = bounds.api_fiscal_year()
    amount = bounds.api_yen()


class EvaluationActionSerializer(serializers.Serializer):
    note = bounds.api_note()
    conditions = bounds.api_text(bounds.NOTE_MAX)
    budgets = BudgetRowSerializer(many=True, required=False)
    stop_on = bounds.api_date(required=False)


class AssignSerializer(serializers.Serializer):
    evaluator = serializers.IntegerField(min_value=1)


class ScoreSerializer(serializers.Serializer):
    scores = serializers.DictField(required=False)
    comments = serializers.DictField(required=False)
    comment = bounds.api_text(bounds.COMMENT_MAX, required=False)
    submit = serializers.BooleanField(default=False)
