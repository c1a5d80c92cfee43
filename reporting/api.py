"""Platform report API: request a build (202), poll status and rows, download CSV/XLSX."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from reliability.idempotency import api_idempotent

from . import exports
from .models import PlatformReport, ReportBuildStatus
from .permissions import may_use_reports
from .selectors import platform_reports_for_user, report_rows_for_user
from .services import platform_report_request, platform_reports_settle_interrupted


class OfficerOrDirector(permissions.BasePermission):
    def has_permission(self, request, view):
        return may_use_reports(request.user)


class PlatformReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformReport
        fields = ["id", "status", "fiscal_year", "requested_at", "generated_at", "error"]
        read_only_fields = fields


class PlatformReportDetailSerializer(PlatformReportSerializer):
    rows = serializers.SerializerMethodField()

    class Meta(PlatformReportSerializer.Meta):
        fields = [*PlatformReportSerializer.Meta.fields, "rows"]
        read_only_fields = fields

    def get_rows(self, obj) -> list[dict]:
        return report_rows_for_user(obj, self.context["request"].user)


class PlatformReportRequestSerializer(serializers.Serializer):
    fiscal_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": "年度（fiscal_year）は 2024 のような西暦の整数で指定してください。"},
    )


class _FileRenderer(BaseRenderer):
    """Lets `?format=csv|xlsx` pass DRF's content negotiation; the view returns the file itself."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes | str):
            return data
        return json.dumps(data, ensure_ascii=False).encode()  # error bodies (404, 400)


class CsvRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"


class XlsxRenderer(_FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"


class PlatformReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated, OfficerOrDirector]
    filterset_fields = ["status", "fiscal_year"]

    def get_queryset(self):
        if not getattr(self, "swagger_fake_view", False):  # not while the schema is generated
            platform_reports_settle_interrupted()  # embedded profile only (no beat): nothing is left "running"
        return platform_reports_for_user(self.request.user)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PlatformReportDetailSerializer
        if self.action == "create":
            return PlatformReportRequestSerializer
        return PlatformReportSerializer

    @api_idempotent(always_atomic=False)  # without a key, the embedded profile builds when the row commits
    def create(self, request, *args, **kwargs):
        serializer = PlatformReportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = platform_report_request(user=request.user, fiscal_year=serializer.validated_data.get("fiscal_year"))
        report.refresh_from_db()  # eager mode builds it already
        data = PlatformReportSerializer(report).data
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": f"{request.path}{report.pk}/"})

    @action(detail=True, methods=["get"], renderer_classes=[CsvRenderer, XlsxRenderer])
    def download(self, request, pk=None):
        report = self.get_object()
        fmt = request.query_params.get("format", "csv")
        if fmt not in ("csv", "xlsx"):
            raise ValidationError({"format": [_("format は csv または xlsx を指定してください。")]})
        if report.status != ReportBuildStatus.DONE:
            return HttpResponse(
                _("集計はまだ完了していません（状態: %(status)s）。完了後にもう一度お試しください。")
                % {"status": report.get_status_display()},
                status=409,
                content_type="text/plain; charset=utf-8",
            )
        rows = report_rows_for_user(report, request.user)
        stamp = report.generated_at.strftime("%Y%m%d")
        if fmt == "csv":
            response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(exports.to_xlsx(rows), content_type=XlsxRenderer.media_type)
        response["Content-Disposition"] = f'attachment; filename="platform-report-{report.pk}-{stamp}.{fmt}"'
        return response
