"""GET/PUT /api/v1/calls/{id}/bids/: the signed-in reviewer's own bids on a call's conflict-free applications."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import bidding
from .models import BidChoice


class BidRowSerializer(serializers.Serializer):
    application = serializers.IntegerField(source="application.pk")
    receipt_number = serializers.CharField(source="application.receipt_number")
    title = serializers.CharField(source="application.title")
    summary = serializers.CharField(source="application.summary")
    bid = serializers.CharField(help_text="eager / willing / not_willing / conflict, or empty")


class BidSheetSerializer(serializers.Serializer):
    call = serializers.IntegerField(source="call.pk")
    open = serializers.BooleanField()
    bids_due_at = serializers.DateTimeField(source="call.bids_due_at", allow_null=True)
    rows = BidRowSerializer(many=True)


class BidsInSerializer(serializers.Serializer):
    bids = serializers.DictField(
        child=serializers.ChoiceField(choices=[("", "")] + list(BidChoice.choices), allow_blank=True),
        help_text="{application id: choice}; an empty choice removes the bid",
    )


class CallBids(APIView):
    """審査希望 (bidding): a reviewer in the call's pool reads and sets their own bids; anyone else 404."""

    @extend_schema(responses=BidSheetSerializer)
    def get(self, request, call_id: int):
        return Response(BidSheetSerializer(bidding.bids_for(call_id, request.user)).data)

    @extend_schema(request=BidsInSerializer, responses=BidSheetSerializer)
    def put(self, request, call_id: int):
        sheet = bidding.bids_for(call_id, request.user)  # 404 outside the pool, before reading the body
        data = BidsInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sheet = bidding.bids_save(call_id=sheet["call"].pk, reviewer=request.user, bids=data.validated_data["bids"])
        return Response(BidSheetSerializer(sheet).data)
