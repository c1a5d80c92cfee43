"""Wire format of assignments, reviews, conflicts and scores. No business rules here."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from applications.models import Application
from sangaku import bounds

from .conflicts import DECLARABLE_KINDS
from .models import Assignment, ConflictKind, ConflictOfInterest, Recommendation, Review
from .permissions import is_review_staff, sees_officer_comments


class AssignmentSerializer(serializers.ModelSerializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    reviewer = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    due_at = bounds.api_datetime(required=False)
    review = serializers.SerializerMethodField()
    application_title = serializers.CharField(source="application.title", read_only=True)
    receipt_number = serializers.CharField(source="application.receipt_number", read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "application",
            "reviewer",
            "status",
            "due_at",
            "affinity",
            "review",
            "application_title",
            "receipt_number",
            "created_at",
            "responded_at",
        ]
        read_only_fields = ["id", "status", "affinity", "created_at", "responded_at"]

    def get_review(self, obj) -> int | None:
        review = getattr(obj, "review", None)
        return review.pk if review else None


class AssignmentResponseSerializer(serializers.Serializer):
    conflict_kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in DECLARABLE_KINDS], required=False)
    note = bounds.api_note()


class ReviewSerializer(serializers.ModelSerializer):
    """`comment_to_officer` only for the author and officers; reviewer identity only for officers."""

    application = serializers.IntegerField(source="assignment.application_id", read_only=True)
    scores = serializers.JSONField(required=False)  # shape and range checked against the rubric (scoresheet)
    # {criterion code: text}, keyed like `scores`; applicant-facing (checked in the scoresheet)
    comments = serializers.JSONField(required=False)
    recommendation = serializers.ChoiceField(choices=Recommendation.choices, required=False, allow_blank=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "assignment",
            "application",
            "scores",
            "comments",
            "comment_to_applicant",
            "comment_to_officer",
            "recommendation",
            "status",
            "weighted_score",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = ["id", "assignment", "status", "weighted_score", "submitted_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        officer = is_review_staff(user)
        if not sees_officer_comments(user, instance):
            data.pop("comment_to_officer")
        if officer:
            data["reviewer"] = instance.assignment.reviewer_id
        return data


class ConflictSerializer(serializers.ModelSerializer):
    reviewer = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    kind = serializers.ChoiceField(choices=ConflictKind.choices)
    note = bounds.api_note()

    class Meta:
        model = ConflictOfInterest
        fields = ["id", "reviewer", "application", "kind", "source", "note", "created_at"]
        read_only_fields = ["id", "source", "created_at"]


class AutoAssignRequestSerializer(serializers.Serializer):
    due_at = bounds.api_datetime(required=False)


class RankingRowSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    receipt_number = serializers.CharField(source="application.receipt_number")
    title = serializers.CharField(source="application.title")
    status = serializers.CharField(source="application.status")
    raw_score = serializers.FloatField(allow_null=True)
    calibrated_score = serializers.FloatField(allow_null=True)
    review_count = serializers.IntegerField()
    assigned_count = serializers.IntegerField()
    spread = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)
    raw_rank = serializers.IntegerField(allow_null=True)
    meta_recommendation = serializers.CharField(source="meta_review.recommendation", default=None, allow_null=True)
    meta_review = serializers.CharField(source="meta_review.text", default=None, allow_null=True)
    # Present only when the call's stage uses interviews (filled by the interviews app's ranking extension;
    # no allow_null: a missing key then leaves the field out, a None value is still written as null).
    document_percent = serializers.FloatField(required=False)
    interview_score = serializers.FloatField(required=False)
    interview_percent = serializers.FloatField(required=False)
    combined_score = serializers.FloatField(required=False)
    combined_rank = serializers.IntegerField(required=False)


class ScoreReviewSerializer(serializers.Serializer):
    review = serializers.IntegerField(source="review.pk")
    reviewer = serializers.IntegerField(source="review.assignment.reviewer_id")
    reviewer_name = serializers.CharField(source="review.assignment.reviewer")
    scores = serializers.JSONField(source="review.scores")
    comments = serializers.JSONField(source="review.comments")
    recommendation = serializers.CharField(source="review.recommendation")
    weighted_score = serializers.FloatField()
    calibrated_score = serializers.FloatField()


class ApplicationScoresSerializer(RankingRowSerializer):
    criterion_means = serializers.DictField(child=serializers.FloatField(allow_null=True))
    reviews = ScoreReviewSerializer(many=True)


class ReviewerInvitationSerializer(serializers.Serializer):
    """`POST calls/{id}/reviewer-invitations/`: the service checks every field (bounds, Japanese errors)."""

    email = serializers.CharField(required=False, allow_blank=True, help_text="≤ 254")
    name = serializers.CharField(required=False, allow_blank=True, help_text="≤ 150")
    institution = serializers.CharField(required=False, allow_blank=True, help_text="≤ 200")
    expertise = serializers.CharField(required=False, allow_blank=True, help_text="≤ 500")


class ReviewerInvitationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    call = serializers.IntegerField(source="call_id")
    email = serializers.CharField()
    name = serializers.CharField()
    institution = serializers.CharField()
    expertise = serializers.CharField()
    status = serializers.CharField(help_text="invited / joined / declared")
    created_at = serializers.DateTimeField()
    joined_at = serializers.DateTimeField()
    conflicts_declared_at = serializers.DateTimeField()
