"""Finance API: thin views that scope through `finance.selectors` and call `finance.services`.

- `GET/PUT awards/{award_id}/allocation/` (the holder saves the 配分; a research office reads its own rows),
  `POST awards/{award_id}/allocation/actions/{action}/` (propose, approve, return);
- `GET contracts/` (filters: award, institution, fiscal_year, status), `GET contracts/{id}/`,
  `GET contracts/{id}/pdf/`, `POST contracts/{id}/actions/{action}/`, `PUT contracts/{id}/payment-plan/`,
  `GET/POST contracts/{id}/invoices/`;
- `GET invoices/`, `GET invoices/{id}/`, `POST invoices/{id}/actions/{action}/` (approve, return, pay).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .documents import contract_pdf
from .models import Allocation, Contract
from .selectors import (
    allocation_lines_for_user,
    awards_with_finance_for_user,
    contracts_for_user,
    instalments_of,
    invoices_for_user,
)
from .serializers import (
    AllocationInput,
    AllocationSerializer,
    ContractActionSerializer,
    ContractSerializer,
    InstalmentSerializer,
    InvoiceActionSerializer,
    InvoiceInput,
    InvoiceSerializer,
    NoteSerializer,
    PlanInput,
)
from .workflow import ALLOCATION_WORKFLOW, CONTRACT_WORKFLOW, INVOICE_WORKFLOW


def _allocation_payload(user, award) -> dict:
    allocation = Allocation.objects.filter(award=award).first()
    lines = allocation_lines_for_user(user, award)
    full = lines.count() == (allocation.lines.count() if allocation else 0)
    problems = [p.message for p in services.allocation_problems(allocation)] if allocation and full else []
    return {
        "award": award.pk,
        "status": allocation.status if allocation else "draft",
        "lines": list(lines.order_by("fiscal_year", "institution_id", "id")),
        "problems": problems,
    }


class AllocationView(APIView):
    """`GET/PUT awards/{award_id}/allocation/`."""

    def _award(self, request, award_id):
        return get_object_or_404(awards_with_finance_for_user(request.user), pk=award_id)

    @extend_schema(responses=AllocationSerializer)
    def get(self, request, award_id):
        award = self._award(request, award_id)
        return Response(AllocationSerializer(_allocation_payload(request.user, award)).data)

    @extend_schema(request=AllocationInput, responses=AllocationSerializer)
    def put(self, request, award_id):
        award = self._award(request, award_id)
        data = AllocationInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.allocation_save(award_id=award.pk, actor=request.user, lines=data.validated_data["lines"])
        return Response(AllocationSerializer(_allocation_payload(request.user, award)).data)


class AllocationActionView(APIView):
    """`POST awards/{award_id}/allocation/actions/{action}/`."""

    @extend_schema(request=NoteSerializer, responses=AllocationSerializer)
    def post(self, request, award_id, allocation_action):
        action_name = allocation_action
        award = get_object_or_404(awards_with_finance_for_user(request.user), pk=award_id)
        if action_name not in ALLOCATION_WORKFLOW.table:
            raise Http404
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.allocation_transition(
            award_id=award.pk, action=action_name, actor=request.user, note=data.validated_data["note"]
        )
        return Response(AllocationSerializer(_allocation_payload(request.user, award)).data)


class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ContractSerializer
    queryset = Contract.objects.none()

    def get_queryset(self):
        qs = contracts_for_user(self.request.user).prefetch_related("lines").order_by("fiscal_year", "number")
        for name in ("award", "institution", "fiscal_year"):
            value = self.request.query_params.get(name)
            if value:
                if not value.isdigit() or len(value) > 9:
                    return qs.none()
                qs = qs.filter(**{name: int(value)})
        if self.request.query_params.get("status"):
            qs = qs.filter(status=self.request.query_params["status"][:16])
        return qs

    def _fresh(self, pk):
        return Response(ContractSerializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(request=ContractActionSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<contract_action>[a-z_]+)")
    def actions(self, request, pk=None, contract_action=None):
        action_name = contract_action
        contract = self.get_object()
        if action_name not in CONTRACT_WORKFLOW.table:
            raise Http404
        data = ContractActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.contract_transition(
            contract_id=contract.pk,
            action=action_name,
            actor=request.user,
            note=data.validated_data["note"],
            signed_copy=data.validated_data.get("signed_copy"),
        )
        return self._fresh(contract.pk)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        contract = self.get_object()
        response = HttpResponse(contract_pdf(contract), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{contract.number}.pdf"'
        return response

    @extend_schema(request=PlanInput, responses=InstalmentSerializer(many=True))
    @action(detail=True, methods=["get", "put"], url_path="payment-plan")
    def payment_plan(self, request, pk=None):
        contract = self.get_object()
        if request.method == "PUT":
            data = PlanInput(data=request.data)
            data.is_valid(raise_exception=True)
            services.payment_plan_set(
                contract_id=contract.pk, actor=request.user, instalments=data.validated_data["instalments"]
            )
        return Response(InstalmentSerializer(instalments_of(contract), many=True).data)

    @extend_schema(request=InvoiceInput, responses=InvoiceSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def invoices(self, request, pk=None):
        contract = self.get_object()
        if request.method == "POST":
            data = InvoiceInput(data=request.data)
            data.is_valid(raise_exception=True)
            invoice = services.invoice_file(
                contract_id=contract.pk,
                actor=request.user,
                instalment_id=data.validated_data["instalment"],
                amount=data.validated_data["amount"],
            )
            return Response(InvoiceSerializer(invoice).data, status=status.HTTP_201_CREATED)
        qs = invoices_for_user(request.user).filter(contract_id=contract.root_id).order_by("filed_at", "id")
        return Response(InvoiceSerializer(qs, many=True).data)


class InvoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = InvoiceSerializer

    def get_queryset(self):
        return invoices_for_user(self.request.user).order_by("filed_at", "id")

    @extend_schema(request=InvoiceActionSerializer, responses=InvoiceSerializer)
    @action(detail=True, methods=["post"], url_path=r"actions/(?P<invoice_action>[a-z_]+)")
    def actions(self, request, pk=None, invoice_action=None):
        action_name = invoice_action
        invoice = self.get_object()
        if action_name not in INVOICE_WORKFLOW.table:
            raise Http404
        data = InvoiceActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.invoice_transition(
            invoice_id=invoice.pk,
            action=action_name,
            actor=request.user,
            note=data.validated_data["note"],
            paid_on=data.validated_data.get("paid_on"),
        )
        return Response(InvoiceSerializer(self.get_queryset().get(pk=invoice.pk)).data)
