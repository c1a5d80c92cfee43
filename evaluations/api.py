"""Evaluations API: thin viewsets that scope through `evaluations_for_user` and call the services.

- `GET/POST awards/{award_id}/evaluations/`: the award's evaluations; an officer adds one.
- `GET evaluations/`, `GET/PATCH evaluations/{id}/` (an officer moves the due date),
  `POST evaluations/{id}/actions/{action}/` (start, an outcome, cancel), `POST evaluations/{id}/evaluators/`
  (an officer assigns an evaluator), `POST evaluations/{id}/score/` (the evaluator's scores; `submit: true`).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from awards.permissions import is_officer_for_award
from awards.selectors import awards_for_user
from sangaku.errors import Forbidden, invalid
from sangaku.nplusone import repeated_on_purpose

from . import services
from .models import Evaluation
from .permissions import is_evaluation_officer
from .selectors import evaluations_for_user
from .serializers import (
    AssignSerializer,
    EvaluationActionSerializer,
    EvaluationCreateSerializer,
    EvaluationSerializer,
    EvaluationUpdateSerializer,
    ScoreSerializer,
)
from .workflow import EVALUATION_TRANSITIONS


class AwardEvaluationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """`GET/POST awards/{award_id}/evaluations/`."""

    serializer_class = EvaluationSerializer
    queryset = Evaluation.objects.none()  # for the schema only; requests use get_queryset

    def _award(self):
        return get_object_or_404(awards_for_user(self.request.user), pk=self.kwargs["award_id"])

    def get_queryset(self):
        return evaluations_for_user(self.request.user).filter(award=self._award()).order_by("year_index", "id")

    @extend_schema(request=EvaluationCreateSerializer, responses={201: EvaluationSerializer})
    def create(self, request, award_id=None):
        award = self._award()
        if not is_officer_for_award(request.user, award):  # who may, before what was sent
            raise Forbidden(_("この採択課題の評価を登録する権限がありません。"))
        data = EvaluationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = services.evaluation_create(award_id=award.pk, actor=request.user, **data.validated_data)
        fresh = evaluations_for_user(request.user).get(pk=evaluation.pk)
        return Response(EvaluationSerializer(fresh, context={"request": request}).data, status=status.HTTP_201_CREATED)


class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """`GET evaluations/`, `GET/PATCH evaluations/{id}/` and the actions below."""

    serializer_class = EvaluationSerializer

    def get_queryset(self):
        return evaluations_for_user(self.request.user).order_by("due_on", "id")

    def _fresh(self, pk):
        return Response(EvaluationSerializer(self.get_queryset().get(pk=pk), context={"request": self.request}).data)

    @extend_schema(request=EvaluationUpdateSerializer, responses=EvaluationSerializer)
    def partial_update(self, request, pk=None):
        evaluation = self.get_object()
        data = EvaluationUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.evaluation_update(evaluation_id=evaluation.pk, actor=request.user, **data.validated_data)
        return self._fresh(evaluation.pk)

    @extend_schema(request=EvaluationActionSerializer, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<evaluation_action>[a-z_]+)", url_name="run-action")
    def run_action(self, request, pk=None, evaluation_action=None):
        action_name = evaluation_action
        evaluation = self.get_object()
        if action_name not in EVALUATION_TRANSITIONS:
            raise Http404
        data = EvaluationActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        params = dict(data.validated_data)
        if "budgets" in params:
            params["budgets"] = {row["fiscal_year"]: row["amount"] for row in params["budgets"]}
        if not params.get("conditions"):
            params.pop("conditions", None)
        services.evaluation_transition(evaluation_id=evaluation.pk, action=action_name, actor=request.user, **params)
        return self._fresh(evaluation.pk)

    @extend_schema(request=AssignSerializer, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def evaluators(self, request, pk=None):
        evaluation = self.get_object()
        if not is_evaluation_officer(request.user, evaluation):
            raise Forbidden(_("この評価に対して「評価委員の割当」を行う権限がありません。"))
        data = AssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluator = User.objects.filter(pk=data.validated_data["evaluator"]).first()
        if evaluator is None:
            raise invalid({"evaluator": _("評価委員は審査委員の名簿（有効な審査委員）から選んでください。")})
        services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=evaluator, actor=request.user)
        return self._fresh(evaluation.pk)

    @extend_schema(request=ScoreSerializer, responses=EvaluationSerializer)
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        evaluation = self.get_object()
        data = ScoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with repeated_on_purpose():  # save, then submit: two steps that each lock the evaluator's row
            services.evaluation_score_save(
                evaluation_id=evaluation.pk,
                actor=request.user,
                scores=values.get("scores"),
                comments=values.get("comments"),
                comment=values.get("comment"),
            )
            if values["submit"]:
                services.evaluation_score_submit(evaluation_id=evaluation.pk, actor=request.user)
        return self._fresh(evaluation.pk)
