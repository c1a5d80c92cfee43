"""REST API of interviews.

- `GET/POST calls/{id}/interviews/`: officers in scope list a call's slots and interviews, add a slot, invite
  an application (into an existing free slot or a new one);
- `GET/PATCH interviews/{id}/`: read one (scoped by `interviews_for_user`); PATCH `{"slot": id}` re-offers;
- `POST interviews/{id}/actions/{action}/`: the workflow's rows (`confirm`, `request_change`, `reoffer`, `hold`,
  `cancel`) with `{"note": "…", "slot": id}`;
- `POST interviews/{id}/panel/` `{"reviewer": user id}` (officer), `POST interviews/{id}/score/`
  `{"scores": {criterion: n}, "comment": "…"}` (a panelist).
"""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from programs.models import Call
from sangaku.errors import Forbidden

from . import services
from .models import Interview
from .permissions import interview_actor_may
from .selectors import call_interviews, call_slots, interview_calls_for_officer, interviews_for_user, panel_seat
from .serializers import (
    InterviewActionSerializer,
    InterviewPatchSerializer,
    InterviewSerializer,
    PanelAddSerializer,
    PanelMemberSerializer,
    ScheduleSerializer,
    SlotSerializer,
)
from .workflow import Actor


class CallInterviewViewSet(viewsets.GenericViewSet):
    serializer_class = InterviewSerializer
    pagination_class = None
    queryset = Call.objects.none()  # for the schema only; the call is fetched through interview_calls_for_officer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.call = get_object_or_404(interview_calls_for_officer(request.user), pk=self.kwargs["call_id"])

    def list(self, request, call_id=None):
        return Response(
            {
                "call": self.call.pk,
                "slots": SlotSerializer(call_slots(self.call), many=True).data,
                "results": self.get_serializer(call_interviews(self.call), many=True).data,
            }
        )

    @extend_schema(request=ScheduleSerializer, responses=InterviewSerializer)
    @transaction.atomic
    def create(self, request, call_id=None):
        data = ScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        slot_id = values.get("slot")
        slot = None
        if "date" in values or "start_time" in values or "end_time" in values:
            slot = services.slot_create(
                call_id=self.call.pk,
                actor=request.user,
                date=values.get("date"),
                start_time=values.get("start_time"),
                end_time=values.get("end_time"),
                place=values.get("place", ""),
                meeting_url=values.get("meeting_url", ""),
            )
            slot_id = slot.pk
        if "application" not in values:
            return Response({"slot": SlotSerializer(slot).data}, status=status.HTTP_201_CREATED)
        interview = services.interview_invite(application_id=values["application"], slot_id=slot_id, actor=request.user)
        interview = interviews_for_user(request.user).get(pk=interview.pk)
        return Response(self.get_serializer(interview).data, status=status.HTTP_201_CREATED)


class InterviewViewSet(viewsets.GenericViewSet):
    serializer_class = InterviewSerializer
    queryset = Interview.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return interviews_for_user(self.request.user)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def _fresh(self, pk):
        return self.get_serializer(self.get_queryset().get(pk=pk)).data

    @extend_schema(request=InterviewPatchSerializer, responses=InterviewSerializer)
    def partial_update(self, request, pk=None):
        interview = self.get_object()
        data = InterviewPatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.interview_action(
            interview_id=interview.pk,
            action="reoffer",
            actor=request.user,
            note=data.validated_data["note"],
            slot_id=data.validated_data["slot"],
        )
        return Response(self._fresh(interview.pk))

    @extend_schema(request=InterviewActionSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<interview_action>[a-z_]+)")
    def run_action(self, request, pk=None, interview_action=None):
        interview = self.get_object()
        data = InterviewActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.interview_action(
            interview_id=interview.pk,
            action=interview_action,
            actor=request.user,
            note=data.validated_data["note"],
            slot_id=data.validated_data.get("slot"),
        )
        return Response(self._fresh(interview.pk))

    @extend_schema(request=PanelAddSerializer, responses=PanelMemberSerializer)
    @action(detail=True, methods=["post"])
    def panel(self, request, pk=None):
        interview = self.get_object()
        if not interview_actor_may(request.user, interview, Actor.OFFICER):  # who may, before what was sent
            raise Forbidden(_("面接審査委員を追加できるのは担当者だけです。"))
        data = PanelAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.panel_add(
            interview_id=interview.pk, reviewer_id=data.validated_data["reviewer"], actor=request.user
        )
        return Response(PanelMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=PanelMemberSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        from .serializers import ScoreSerializer

        interview = self.get_object()
        if panel_seat(interview, request.user) is None:  # who may, before what was sent
            raise Forbidden(_("採点できるのはこの面接審査の審査委員だけです。"))
        data = ScoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.panel_score(
            interview_id=interview.pk,
            actor=request.user,
            scores=data.validated_data["scores"],
            comment=data.validated_data.get("comment", ""),
        )
        return Response(PanelMemberSerializer(member).data)
