import copy

from rest_framework import serializers

from .models import Call, Institution, Platform, Program, Stage


class ConstraintsChecked(serializers.ModelSerializer):
    """Check the model's constraints before saving, so a violation is a 400 with a reason, never a 500."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {f.name for f in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        instance.validate_constraints()
        return attrs


class InstitutionSerializer(ConstraintsChecked):
    class Meta:
        model = Institution
        fields = ["id", "name", "name_en", "kind", "email_domains"]


class PlatformSerializer(ConstraintsChecked):
    lead_institutions = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)

    class Meta:
        model = Platform
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "region",
            "region_en",
            "institution_count",
            "lead_institutions",
        ]


class ProgramSerializer(ConstraintsChecked):
    class Meta:
        model = Program
        fields = ["id", "code", "name", "name_en", "uses_platforms", "uses_fields"]


class StageSerializer(ConstraintsChecked):
    program = serializers.SlugRelatedField(slug_field="code", queryset=Program.objects.all())
    predecessor = serializers.SlugRelatedField(
        slug_field="code", queryset=Stage.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Stage
        fields = [
            "id",
            "program",
            "order",
            "code",
            "name",
            "name_en",
            "max_amount",
            "max_duration_months",
            "predecessor",
            "predecessor_required",
            "uses_interviews",
            "document_weight",
            "interview_weight",
            "reviewers_per_application",
            "indirect_rate_max_percent",
            "required_team_roles",
            "max_amount_per_year",
            "min_institutions",
            "required_institution_kinds",
            "representative_kinds",
            "required_attachments",
        ]


class CallSerializer(ConstraintsChecked):
    stage = serializers.SlugRelatedField(slug_field="code", queryset=Stage.objects.all())
    program = serializers.SerializerMethodField()
    platform = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Platform.objects.all(),
        allow_null=True,
        required=False,
    )
    is_open = serializers.SerializerMethodField()
    max_amount = serializers.SerializerMethodField()
    max_amount_per_year = serializers.SerializerMethodField()
    max_duration_months = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "code",
            "title",
            "title_en",
            "stage",
            "program",
            "platform",
            "field",
            "sub_field",
            "fiscal_year",
            "opens_at",
            "closes_at",
            "is_open",
            "max_amount",
            "max_amount_per_year",
            "max_duration_months",
            "published",
        ]

    def get_program(self, obj) -> str:
        return obj.stage.program.code

    def get_is_open(self, obj) -> bool:
        return obj.is_open

    def get_max_amount(self, obj) -> int:
        return obj.effective_max_amount

    def get_max_amount_per_year(self, obj) -> int | None:
        return obj.effective_max_amount_per_year

    def get_max_duration_months(self, obj) -> int:
        return obj.effective_max_duration_months

    def validate(self, attrs):
        opens_at = attrs.get("opens_at", getattr(self.instance, "opens_at", None))
        closes_at = attrs.get("closes_at", getattr(self.instance, "closes_at", None))
        if opens_at and closes_at and closes_at <= opens_at:
            raise serializers.ValidationError({"closes_at": "締切は受付開始より後の日時にしてください。"})
        return super().validate(attrs)
