"""GET/POST /api/v1/calls/{id}/reviewer-invitations/: an officer invites external reviewers to a call."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from sangaku.errors import invalid

from .external import invitations_of_call, reviewer_invite
from .selectors import calls_for_officer
from .serializers import ReviewerInvitationOutSerializer, ReviewerInvitationSerializer


class CallReviewerInvitations(APIView):
    """外部審査委員の招待: officers of the call list and send invitations; anyone else 404."""

    @extend_schema(responses=ReviewerInvitationOutSerializer(many=True))
    def get(self, request, call_id: int):
        call = get_object_or_404(calls_for_officer(request.user), pk=call_id)
        rows = invitations_of_call(call)[:500]
        return Response({"call": call.pk, "results": ReviewerInvitationOutSerializer(rows, many=True).data})

    @extend_schema(request=ReviewerInvitationSerializer, responses={201: ReviewerInvitationOutSerializer})
    def post(self, request, call_id: int):
        get_object_or_404(calls_for_officer(request.user), pk=call_id)  # 404 before reading the body
        if not hasattr(request.data, "get"):
            raise invalid(
                {"non_field_errors": _("招待は {email, name, institution, expertise} の形式で送ってください。")}
            )
        data = {k: request.data.get(k, "") for k in ("email", "name", "institution", "expertise")}
        invitation = reviewer_invite(call_id=call_id, actor=request.user, data=data)
        return Response(ReviewerInvitationOutSerializer(invitation).data, status=status.HTTP_201_CREATED)
