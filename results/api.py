"""GET /api/v1/public/results/: the adopted projects of published calls, without sign-in."""

from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny

from .filters import ResultFilter
from .rows import result_row
from .selectors import published_results


class ResultSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField()
    program = serializers.CharField()
    platform = serializers.CharField()
    stage = serializers.CharField()
    call_id = serializers.IntegerField()
    number = serializers.CharField(help_text="課題番号")
    title = serializers.CharField()
    pi_name = serializers.CharField()
    institution = serializers.CharField()
    amount = serializers.IntegerField(allow_null=True, help_text="採択額（円）。公表しない公募では null")

    def to_representation(self, award):
        return super().to_representation(result_row(award))


class PublicResultList(generics.ListAPIView):
    """採択一覧 (public): filter by `program` and `platform` code and `fiscal_year`."""

    serializer_class = ResultSerializer
    filterset_class = ResultFilter
    permission_classes = [AllowAny]
    authentication_classes = []  # public: no session, no CSRF, same answer for everyone

    def get_queryset(self):
        return published_results()
