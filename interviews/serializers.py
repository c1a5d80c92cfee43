"""API shapes of interviews. Dates and times of a slot are Japan time (JST)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from programs.fiscal import JST
from sangaku import bounds

from .models import MEETING_URL_MAX, PLACE_MAX, Interview, InterviewSlot, PanelMember
from .permissions import interview_actor_may
from .workflow import Actor

ID_MAX = 2**31 - 1  # the database's integer ids


def _id(**kwargs):
    message = _("正しいIDを指定してください。")
    return serializers.IntegerField(
        min_value=1,
        max_value=ID_MAX,
        error_messages={"min_value": message, "max_value": message, "invalid": message},
        **kwargs,
    )


class SlotSerializer(serializers.ModelSerializer):
    date = serializers.SerializerMethodField()
    start_time = serializers.SerializerMethodField()
    end_time = serializers.SerializerMethodField()
    taken = serializers.BooleanField(read_only=True, required=False)

    class Meta:
        model = InterviewSlot
        fields = [
            "id",
            "call",
            "starts_at",
            "ends_at",
            "date",
            "start_time",
            "end_time",
            "place",
            "meeting_url",
            "taken",
        ]

    def get_date(self, slot) -> str:
        return timezone.localtime(slot.starts_at, JST).date().isoformat()

    def get_start_time(self, slot) -> str:
        return timezone.localtime(slot.starts_at, JST).strftime("%H:%M")

    def get_end_time(self, slot) -> str:
        return timezone.localtime(slot.ends_at, JST).strftime("%H:%M")


class PanelMemberSerializer(serializers.ModelSerializer):
    reviewer_name = serializers.CharField(source="reviewer", read_only=True)

    class Meta:
        model = PanelMember
        fields = ["id", "reviewer", "reviewer_name", "scores", "comment", "weighted_score", "scored_at"]


class InterviewSerializer(serializers.ModelSerializer):
    receipt_number = serializers.CharField(source="application.receipt_number", read_only=True)
    title = serializers.CharField(source="application.title", read_only=True)
    call = serializers.IntegerField(source="application.call_id", read_only=True)
    slot = SlotSerializer(read_only=True)
    panel = serializers.SerializerMethodField()
    interview_score = serializers.SerializerMethodField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "receipt_number",
            "title",
            "call",
            "status",
            "slot",
            "change_note",
            "invited_at",
            "panel",
            "interview_score",
        ]

    def _is_officer(self, interview) -> bool:
        request = self.context.get("request")
        return bool(request and interview_actor_may(request.user, interview, Actor.OFFICER))

    def get_panel(self, interview) -> list[dict]:
        """Officers see the whole panel and every score; a panelist their own seat; the applicant nothing."""
        request = self.context.get("request")
        members = list(interview.panel.all())
        if not self._is_officer(interview):
            members = [m for m in members if request and m.reviewer_id == request.user.pk]
        return PanelMemberSerializer(members, many=True).data

    def get_interview_score(self, interview) -> float | None:
        from .services import interview_score

        return interview_score(interview) if self._is_officer(interview) else None


class ScheduleSerializer(serializers.Serializer):
    """POST calls/{id}/interviews/: a new slot (date, times, place or link), an invitation, or both."""

    application = _id(required=False)
    slot = _id(required=False)
    date = bounds.api_date(required=False)
    start_time = serializers.TimeField(required=False, format="%H:%M")
    end_time = serializers.TimeField(required=False, format="%H:%M")
    place = bounds.api_text(PLACE_MAX)
    meeting_url = bounds.api_text(MEETING_URL_MAX)

    def validate(self, data):
        new_slot = any(k in data for k in ("date", "start_time", "end_time"))
        if not new_slot and "application" not in data:
            raise serializers.ValidationError(
                {"date": [_("面接枠の日付と時刻、または招へいする申請を指定してください。")]}
            )
        if "application" in data and not new_slot and "slot" not in data:
            raise serializers.ValidationError({"slot": [_("面接枠を選ぶか、新しい枠の日時を入力してください。")]})
        return data


class InterviewPatchSerializer(serializers.Serializer):
    slot = _id()
    note = bounds.api_note()


class InterviewActionSerializer(serializers.Serializer):
    note = bounds.api_note()
    slot = _id(required=False)


class PanelAddSerializer(serializers.Serializer):
    reviewer = _id()


class ScoreSerializer(serializers.Serializer):
    scores = serializers.DictField(child=serializers.JSONField())
    comment = bounds.api_text(bounds.COMMENT_MAX)
