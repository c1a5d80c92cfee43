"""Awards API: thin viewsets that scope through the selectors and call the services."""

from collections.abc import Mapping

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from applications.attachments import attachment_response
from applications.models import Application
from applications.permissions import is_officer_for
from applications.selectors import applications_for_user
from sangaku.parsers import JSONParser

from . import services
from .checks import application_checks, checks_as_dict
from .figures import award_totals
from .filters import AwardFilter, ReportFilter
from .selectors import award_events, awards_for_user, report_attachments_for_user, report_events, reports_for_user
from .serializers import (
    ActionSerializer,
    ApplicationChecksSerializer,
    AwardEventSerializer,
    AwardSerializer,
    AwardTotalsSerializer,
    BudgetAdjustSerializer,
    EndDateSerializer,
    ProgressReportSerializer,
    ReportAttachmentSerializer,
    ReportBodySerializer,
)


class AwardViewSet(viewsets.ReadOnlyModelViewSet):
    """採択課題: `GET awards/`, `GET awards/{id}/`, reports, events and officer actions."""

    serializer_class = AwardSerializer
    filterset_class = AwardFilter

    def get_queryset(self):
        return awards_for_user(self.request.user).prefetch_related("budgets").order_by("-starts_on", "award_number")

    @extend_schema(responses=AwardTotalsSerializer)
    @action(detail=False, methods=["get"])
    def totals(self, request):
        """The figures of the awards the list would show with the same filters (the page's 「N件（採択額の合計）」)."""
        return Response(AwardTotalsSerializer(award_totals(self.filter_queryset(self.get_queryset()))).data)

    @extend_schema(responses=ProgressReportSerializer(many=True))
    @action(detail=True, methods=["get"])
    def reports(self, request, pk=None):
        award = self.get_object()
        qs = reports_for_user(request.user).filter(award=award).prefetch_related("attachments").order_by("due_on", "id")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(ProgressReportSerializer(page, many=True).data)

    @extend_schema(responses=AwardEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        award = self.get_object()
        page = self.paginate_queryset(award_events(award))
        return self.get_paginated_response(AwardEventSerializer(page, many=True).data)

    def _run(self, func, **kwargs):
        award = func(**kwargs)
        return Response(AwardSerializer(self.get_queryset().get(pk=award.pk)).data)

    @extend_schema(request=BudgetAdjustSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"], url_path="budgets")
    def adjust_budgets(self, request, pk=None):
        award = self.get_object()
        services.require_officer(request.user, award, _("予算の調整"))  # who may, before what was sent
        data = BudgetAdjustSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        budgets = {b["fiscal_year"]: b["amount"] for b in data.validated_data["budgets"]}
        return self._run(
            services.award_budgets_adjust,
            award_id=award.pk,
            budgets=budgets,
            actor=request.user,
            note=data.validated_data["note"],
        )

    @extend_schema(request=EndDateSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"], url_path="end-date")
    def end_date(self, request, pk=None):
        award = self.get_object()
        services.require_officer(request.user, award, _("終了日の変更"))  # who may, before what was sent
        data = EndDateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(
            services.award_change_end_date,
            award_id=award.pk,
            ends_on=data.validated_data["ends_on"],
            actor=request.user,
            note=data.validated_data["note"],
        )

    @extend_schema(request=ActionSerializer, responses=AwardSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<award_action>start|complete|terminate)")
    def award_action(self, request, pk=None, award_action=None):
        award = self.get_object()
        data = ActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._run(
            services.award_transition,
            award_id=award.pk,
            action=award_action,
            actor=request.user,
            note=data.validated_data["note"],
        )


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """進捗報告: list/detail, `POST reports/{id}/actions/{action}/`, draft text and attachments."""

    serializer_class = ProgressReportSerializer
    filterset_class = ReportFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return reports_for_user(self.request.user).prefetch_related("attachments").order_by("due_on", "id")

    def partial_update(self, request, pk=None):
        report = self.get_object()
        body = request.data.get("body") if isinstance(request.data, Mapping) else None
        if not isinstance(body, str):
            raise ValidationError({"body": [_("報告の本文（body）を文字列で指定してください。")]})
        ReportBodySerializer(data={"body": body}).is_valid(raise_exception=True)
        services.report_update_body(report_id=report.pk, actor=request.user, body=body)
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=ActionSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<report_action>[a-z_]+)")
    def run_action(self, request, pk=None, report_action=None):
        report = self.get_object()
        data = ActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_transition(
            report_id=report.pk,
            action=report_action,
            actor=request.user,
            note=data.validated_data["note"],
            body=data.validated_data["body"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(responses=AwardEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        report = self.get_object()
        page = self.paginate_queryset(report_events(report))
        return self.get_paginated_response(AwardEventSerializer(page, many=True).data)

    @extend_schema(responses=ReportAttachmentSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def attachments(self, request, pk=None):
        report = self.get_object()
        if request.method == "POST":
            uploaded = request.FILES.get("file")
            if uploaded is None:
                raise ValidationError({"file": [_("ファイル（file）を選んでください。")]})
            attachment = services.report_attachment_add(report_id=report.pk, actor=request.user, uploaded=uploaded)
            return Response(ReportAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        serializer = ReportAttachmentSerializer(
            report_attachments_for_user(request.user).filter(report=report), many=True
        )
        return Response(serializer.data)

    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>\d+)/download",
        url_name="attachment-download",
    )
    def download(self, request, pk=None, attachment_id=None):
        attachment = get_object_or_404(report_attachments_for_user(request.user), pk=attachment_id, report_id=pk)
        return attachment_response(attachment)


class ApplicationChecksViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """`GET applications/{id}/checks/`: 不合理な重複・過度の集中 for officers in scope (else 404)."""

    pagination_class = None
    serializer_class = ApplicationChecksSerializer
    queryset = Application.objects.none()  # for the schema; list() scopes through applications_for_user

    def list(self, request, application_id=None):
        application = applications_for_user(request.user).filter(pk=application_id).first()
        if application is None or not is_officer_for(request.user, application):
            raise Http404
        return Response(checks_as_dict(application_checks(application)))
