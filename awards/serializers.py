from django.urls import reverse
from rest_framework import serializers

from sangaku import bounds

from .models import Award, AwardBudget, ProgressReport, ReportAttachment


class AwardBudgetSerializer(serializers.ModelSerializer):
    fiscal_year = bounds.api_fiscal_year()
    amount = bounds.api_yen()

    class Meta:
        model = AwardBudget
        fields = ["fiscal_year", "amount"]


class AwardSerializer(serializers.ModelSerializer):
    holder_name = serializers.CharField(source="holder.__str__", read_only=True)
    title = serializers.CharField(source="application.title", read_only=True)
    budgets = AwardBudgetSerializer(many=True, read_only=True)
    program = serializers.CharField(source="application.call.stage.program.code", read_only=True)
    stage = serializers.CharField(source="application.call.stage.code", read_only=True)
    platform = serializers.SerializerMethodField()
    field = serializers.CharField(source="application.call.field", read_only=True)
    fiscal_year = serializers.IntegerField(source="application.call.fiscal_year", read_only=True)
    successor = serializers.SerializerMethodField()
    overdue_reports = serializers.IntegerField(read_only=True)

    class Meta:
        model = Award
        fields = [
            "id",
            "award_number",
            "application",
            "title",
            "holder",
            "holder_name",
            "responsible_officer",
            "program",
            "stage",
            "platform",
            "field",
            "fiscal_year",
            "amount_total",
            "budgets",
            "starts_on",
            "ends_on",
            "status",
            "predecessor",
            "successor",
            "overdue_reports",
        ]
        read_only_fields = fields

    def get_platform(self, obj) -> str | None:
        platform = obj.application.call.platform
        return platform.code if platform else None

    def get_successor(self, obj) -> int | None:
        try:
            return obj.successor.pk
        except Award.successor.RelatedObjectDoesNotExist:
            return None


class AwardTotalsSerializer(serializers.Serializer):
    """The award list's figures (`awards.figures.award_totals`): counts and the amount awarded in whole yen."""

    awards = serializers.IntegerField()
    amount_awarded = serializers.IntegerField()
    awards_planned = serializers.IntegerField()
    awards_active = serializers.IntegerField()
    awards_completed = serializers.IntegerField()
    awards_terminated = serializers.IntegerField()
    awards_promoted = serializers.IntegerField()


class ReportAttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ["id", "original_name", "size", "sha256", "content_type", "uploaded_at", "download_url"]

    def get_download_url(self, obj) -> str:
        return reverse("report-attachment-download", kwargs={"pk": obj.report_id, "attachment_id": obj.pk})


class ProgressReportSerializer(serializers.ModelSerializer):
    award_number = serializers.CharField(source="award.award_number", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    attachments = ReportAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "award",
            "award_number",
            "kind",
            "fiscal_year",
            "due_on",
            "status",
            "overdue",
            "body",
            "submitted_at",
            "attachments",
        ]
        read_only_fields = fields


class AwardEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.SerializerMethodField()
    note = serializers.CharField()
    at = serializers.DateTimeField()

    def get_actor(self, obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class ActionSerializer(serializers.Serializer):
    note = bounds.api_note()
    body = bounds.api_text(bounds.REPORT_BODY_MAX, allow_null=True, default=None)


class ReportBodySerializer(serializers.Serializer):
    body = bounds.api_text(bounds.REPORT_BODY_MAX, required=True)


class BudgetAdjustSerializer(serializers.Serializer):
    budgets = AwardBudgetSerializer(many=True, max_length=bounds.MONTHS_MAX // 12 + 1)
    note = bounds.api_note()


class EndDateSerializer(serializers.Serializer):
    ends_on = bounds.api_date()
    note = bounds.api_note()


class CheckProjectSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["award", "application"])
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    effort_percent = serializers.IntegerField(allow_null=True)
    similarity = serializers.FloatField()
    near_duplicate = serializers.BooleanField()


class CheckPersonSerializer(serializers.Serializer):
    user = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    effort_this = serializers.IntegerField(allow_null=True)
    effort_total = serializers.IntegerField()
    over_100 = serializers.BooleanField()
    projects = CheckProjectSerializer(many=True)


class CheckFlagSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["effort_over_100", "near_duplicate"])
    user = serializers.IntegerField()
    message = serializers.CharField()


class ApplicationChecksSerializer(serializers.Serializer):
    """不合理な重複・過度の集中: each person's other projects, effort total and flags."""

    application = serializers.IntegerField()
    people = CheckPersonSerializer(many=True)
    flags = CheckFlagSerializer(many=True)
