"""REST API of the review app. Views fetch through the scoping selectors, call one service, serialize."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from applications.models import Application
from programs.models import Call
from sangaku.pagination import Pagination

from . import services
from .models import ConflictOfInterest
from .ranking_store import ranking_page
from .scoring import application_scores
from .selectors import applications_for_officer, assignments_for_user, calls_for_officer, reviews_for_user
from .serializers import (
    ApplicationScoresSerializer,
    AssignmentResponseSerializer,
    AssignmentSerializer,
    AutoAssignRequestSerializer,
    ConflictSerializer,
    RankingRowSerializer,
    ReviewSerializer,
)


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Officers create and list assignments in scope; reviewers list theirs and accept or decline."""

    serializer_class = AssignmentSerializer
    filterset_fields = {"status": ["exact"], "application": ["exact"], "application__call": ["exact"]}

    def get_queryset(self):
        return assignments_for_user(self.request.user).order_by("due_at", "id")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not applications_for_officer(request.user).filter(pk=data["application"].pk).exists():
            raise ValidationError({"application": ["担当範囲の申請が見つかりません。申請IDを確認してください。"]})
        assignment = services.assignment_create(
            application_id=data["application"].pk,
            reviewer=data["reviewer"],
            actor=request.user,
            due_at=data.get("due_at"),
        )
        return Response(self.get_serializer(assignment).data, status=status.HTTP_201_CREATED)

    def _respond(self, request, func):
        assignment = self.get_object()
        params = AssignmentResponseSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        result = func(
            assignment_id=assignment.pk,
            actor=request.user,
            conflict_kind=params.validated_data.get("conflict_kind", ""),
            note=params.validated_data["note"],
        )
        result.refresh_from_db()
        return Response(self.get_serializer(result).data)

    @extend_schema(request=AssignmentResponseSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept the assignment (a draft review is created). Declaring a conflict turns it into a decline."""
        return self._respond(request, services.assignment_accept)

    @extend_schema(request=AssignmentResponseSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline the assignment, optionally declaring a conflict of interest (kind + note)."""
        return self._respond(request, services.assignment_decline)


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The reviewer's own reviews (PATCH autosaves the draft; submit locks it); officers read all in scope."""

    serializer_class = ReviewSerializer
    filterset_fields = {"status": ["exact"], "assignment__application": ["exact"]}
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_queryset(self):
        return reviews_for_user(self.request.user).order_by("id")

    def partial_update(self, request, pk=None):
        review = self.get_object()
        serializer = self.get_serializer(review, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        fields = {k: request.data[k] for k in services.EDITABLE_FIELDS if k in request.data}
        result = services.review_save_draft(review_id=review.pk, actor=request.user, data=fields)
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)

    @extend_schema(request=None, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Check every criterion is scored, lock the review and complete the assignment."""
        review = self.get_object()
        result = services.review_submit(review_id=review.pk, actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)


class ConflictViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Officers list conflicts in scope and record new ones (live assignments of the pair are withdrawn)."""

    serializer_class = ConflictSerializer
    filterset_fields = {"application": ["exact"], "reviewer": ["exact"], "application__call": ["exact"]}

    def get_queryset(self):
        apps = applications_for_officer(self.request.user).values("pk")
        return ConflictOfInterest.objects.filter(application__in=apps).order_by("id")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not applications_for_officer(request.user).filter(pk=data["application"].pk).exists():
            raise ValidationError({"application": ["担当範囲の申請が見つかりません。申請IDを確認してください。"]})
        conflict_row = services.conflict_record_by_officer(
            reviewer=data["reviewer"],
            application_id=data["application"].pk,
            kind=data["kind"],
            note=data["note"],
            actor=request.user,
        )
        return Response(self.get_serializer(conflict_row).data, status=status.HTTP_201_CREATED)


def _call_or_404(user, call_id):
    return get_object_or_404(calls_for_officer(user), pk=call_id)


class AutoAssignViewSet(viewsets.GenericViewSet):
    """`POST calls/{id}/auto-assign/?dry_run=true` proposes; without dry_run it saves and notifies."""

    serializer_class = AutoAssignRequestSerializer
    queryset = Call.objects.none()  # for the schema only; the call is fetched through calls_for_officer

    @extend_schema(
        parameters=[OpenApiParameter("dry_run", bool, description="true: 提案のみ（保存しない）")],
        request=AutoAssignRequestSerializer,
    )
    def create(self, request, call_id=None):
        call = _call_or_404(request.user, call_id)
        params = AutoAssignRequestSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        dry_run = request.query_params.get("dry_run", "").lower() in ("1", "true", "yes")
        result = services.reviewers_auto_assign(
            call_id=call.pk,
            actor=request.user,
            dry_run=dry_run,
            due_at=params.validated_data.get("due_at"),
        )
        body = {
            "call": call.pk,
            "dry_run": dry_run,
            "saved": result.saved,
            "total_affinity": result.total_affinity,
            "proposal": [
                {
                    "application": item["application"].pk,
                    "receipt_number": item["application"].receipt_number,
                    "reviewer": item["reviewer"].pk,
                    "reviewer_name": str(item["reviewer"]),
                    "affinity": item["affinity"],
                    "unwilling": item.get("unwilling", False),
                }
                for item in result.proposal
            ],
            "unfilled": [
                {
                    "application": item["application"].pk,
                    "receipt_number": item["application"].receipt_number,
                    "needed": item["needed"],
                    "assigned": item["assigned"],
                    "reason": item["reason"],
                }
                for item in result.unfilled
            ],
            "assignments": [a.pk for a in result.assignments],
        }
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)


class RankingViewSet(viewsets.GenericViewSet):
    """`GET calls/{id}/ranking/`: raw and calibrated scores, disagreement and rank, best first, a page at a time.

    `?page=` (from 1) and `?page_size=` (up to 200, default 50); `count` is the number of ranked applications.
    """

    serializer_class = RankingRowSerializer
    pagination_class = None
    queryset = Call.objects.none()  # for the schema only

    def list(self, request, call_id=None):
        call = _call_or_404(request.user, call_id)
        paginator = Pagination()
        size = paginator.get_page_size(request) or paginator.page_size
        page = ranking_page(call, request.query_params.get("page"), per_page=size)
        return Response(
            {
                "call": call.pk,
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": RankingRowSerializer(page.object_list, many=True).data,
            }
        )


class ScoresViewSet(viewsets.GenericViewSet):
    """`GET applications/{id}/scores/`: the application's aggregated and calibrated scores, per review."""

    serializer_class = ApplicationScoresSerializer
    pagination_class = None
    queryset = Application.objects.none()  # for the schema only; fetched through applications_for_officer

    def list(self, request, application_id=None):
        application = get_object_or_404(applications_for_officer(request.user), pk=application_id)
        return Response(ApplicationScoresSerializer(application_scores(application)).data)
