"""Wire format of applications and their parts (field names as in the models; docs/api.md). No business rules here."""

from django.urls import reverse
from rest_framework import serializers

from programs.models import Call, Institution
from sangaku import bounds

from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    AttachmentKind,
    BudgetCategory,
    BudgetLine,
    MemberAccess,
    MemberRole,
    MembershipStatus,
)
from .models import TeamMember as TeamMemberModel


class ApplicationSerializer(serializers.ModelSerializer):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all())
    # The PI's affiliation, set by the service (an officer corrects it: POST …/institution/); never the applicant's choice.
    institution = serializers.PrimaryKeyRelatedField(read_only=True)
    # The id of the award this application is promoted from; the awards app checks it (a draft check).
    predecessor_award = serializers.IntegerField(
        source="predecessor_award_id", min_value=1, required=False, allow_null=True
    )
    duration_months = bounds.api_months(required=False, allow_null=True)
    requested_amount = bounds.api_yen(required=False, allow_null=True)
    summary = bounds.api_text(bounds.SUMMARY_MAX)
    # The version the editor loaded; a write naming an older one is refused (409) so nobody overwrites
    # a co-applicant's newer change. Optional on write; always returned.
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "status",
            "receipt_number",
            "title",
            "title_en",
            "summary",
            "keywords",
            "requested_amount",
            "duration_months",
            "predecessor_award",
            "applicant",
            "institution",
            "submitted_at",
            "version",
        ]
        read_only_fields = ["id", "status", "receipt_number", "applicant", "submitted_at"]

    def validate_call(self, call):
        if self.instance is not None and call.pk != self.instance.call_id:
            raise serializers.ValidationError("公募（call）は作成後に変更できません。新しい申請を作成してください。")
        return call


class BudgetLineSerializer(serializers.ModelSerializer):
    category = serializers.ChoiceField(choices=BudgetCategory.choices)
    fiscal_year = bounds.api_fiscal_year()
    amount = bounds.api_yen()
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, write_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "fiscal_year", "category", "amount", "version"]


class TeamMemberSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=MemberRole.choices)
    effort_percent = serializers.IntegerField(
        min_value=1,
        max_value=100,
        required=False,
        allow_null=True,
        error_messages={
            "min_value": "エフォート（effort_percent）は1〜100の整数で入力してください。",
            "max_value": "エフォート（effort_percent）は1〜100の整数で入力してください。",
        },
    )
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )

    # Naming a person: an account id or an e-mail address. Either way the row is pending until they accept,
    # and the answer is the same whether or not such a person exists (no enumeration).
    user = serializers.IntegerField(source="user_id", min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    email = serializers.EmailField(source="invite_email", required=False, allow_blank=True, max_length=254)
    status = serializers.CharField(read_only=True)
    # What the person may do once they accept (set by the PI): edit = co-applicant, read = reads only.
    access = serializers.ChoiceField(choices=MemberAccess.choices, required=False)
    researcher_number = serializers.CharField(required=False, allow_blank=True, max_length=8)
    consented_at = serializers.DateTimeField(read_only=True)
    contribution = serializers.JSONField(read_only=True)

    class Meta:
        model = TeamMemberModel
        fields = [
            "id",
            "name",
            "user",
            "email",
            "institution",
            "role",
            "effort_percent",
            "status",
            "access",
            "researcher_number",
            "consented_at",
            "contribution",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # Who the row names is shown only once they accepted: a pending row looks the same for anyone.
        data["user"] = instance.user_id if instance.status == MembershipStatus.ACCEPTED else None
        data["researcher_number"] = instance.effective_researcher_number if data["user"] else instance.researcher_number
        return data


class ConsentSerializer(serializers.Serializer):
    """A partner's confirmation: `contribution` {"2025": yen, …} (JSON object, or its text in a multipart form)
    and `letter` (the consent letter file) where the stage asks for them."""

    contribution = serializers.JSONField(required=False, default=dict)
    letter = serializers.FileField(required=False, allow_null=True, default=None)

    def validate_contribution(self, value):
        if isinstance(value, str):
            import json

            try:
                value = json.loads(value or "{}")
            except ValueError:
                raise serializers.ValidationError(
                    '負担額（contribution）は {"2025": 1000000} の形で指定してください。'
                ) from None
        if not isinstance(value, dict) or len(value) > 20:
            raise serializers.ValidationError('負担額（contribution）は {"2025": 1000000} の形で指定してください。')
        return value


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation to a team, as the invitee sees it."""

    application = serializers.IntegerField(source="application_id", read_only=True)
    application_title = serializers.CharField(source="application.title", read_only=True)
    call_title = serializers.CharField(source="application.call.title", read_only=True)
    applicant_name = serializers.SerializerMethodField()

    class Meta:
        model = TeamMemberModel
        fields = [
            "id",
            "application",
            "application_title",
            "call_title",
            "applicant_name",
            "name",
            "role",
            "effort_percent",
            "status",
            "invited_at",
        ]
        read_only_fields = fields

    def get_applicant_name(self, obj) -> str:
        return str(obj.application.applicant)


class AttachmentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    kind = serializers.ChoiceField(choices=AttachmentKind.choices, default=AttachmentKind.PROPOSAL)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "file", "original_name", "size", "sha256", "content_type", "download_url"]
        read_only_fields = ["id", "original_name", "size", "sha256", "content_type", "download_url"]

    def get_download_url(self, obj) -> str:
        url = reverse("application-attachment-download", kwargs={"application_pk": obj.application_id, "pk": obj.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class EventSerializer(serializers.ModelSerializer):
    """One event; who acted as the caller may know them (`applications.identity`, context `shown`)."""

    actor = serializers.SerializerMethodField()
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ApplicationEvent
        fields = ["action", "from_status", "to_status", "actor", "actor_name", "note", "at"]

    def get_actor(self, obj) -> int | None:
        return self.context["shown"].person_id(obj.actor) if obj.actor_id else None

    def get_actor_name(self, obj) -> str | None:
        return self.context["shown"].name(obj.actor) if obj.actor_id else None

    def to_representation(self, obj):
        data = super().to_representation(obj)
        if self.context.get("hide_notes"):
            data["note"] = ""  # reviewers never read officers' or applicants' notes
        return data


class InstitutionCorrectionSerializer(serializers.Serializer):
    """An officer's correction of the application's institution: the institution's id and the reason."""

    institution = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = bounds.api_note()


class TransitionSerializer(serializers.Serializer):
    note = bounds.api_note()
    override = serializers.BooleanField(required=False, default=False)
    due_at = serializers.DateTimeField(required=False, allow_null=True, default=None)  # request_info only
