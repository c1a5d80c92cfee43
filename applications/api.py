"""REST API of applications. Views fetch through the scoping selector, call one service, serialize."""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from reliability.idempotency import api_idempotent
from sangaku.clock import received_at
from sangaku.errors import Forbidden
from sangaku.parsers import JSONParser

from . import erad_export, services
from .attachments import attachment_response
from .filters import ApplicationFilter
from .identity import shown_to
from .invitations import invitation_answer
from .models import Attachment, BudgetLine, TeamMember
from .permissions import is_officer_for, notes_visible
from .selectors import application_events, applications_for_user, attachments_for_user, invitations_for_user
from .serializers import (
    ApplicationSerializer,
    AttachmentSerializer,
    BudgetLineSerializer,
    ConsentSerializer,
    EventSerializer,
    InstitutionCorrectionSerializer,
    InvitationSerializer,
    TeamMemberSerializer,
    TransitionSerializer,
)


class ApplicationViewSet(viewsets.ModelViewSet):
    """Applications in the caller's scope. POST creates a draft; PATCH/DELETE only while a draft."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return applications_for_user(self.request.user).order_by("-id")

    def _pk(self) -> int:
        """The id in the URL, for the services that lock the row from the caller's scope; anything but a number
        is "not found", as `get_object` answers."""
        value = str(self.kwargs.get("pk", ""))
        if not value.isdecimal() or len(value) > 18:
            raise Http404
        return int(value)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        call = data.pop("call")
        application = services.application_create_draft(call=call, applicant=request.user, **data)
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        # Save draft, the closing day's busiest request: the service locks the row from the caller's scope
        # (out of scope: 404) and writes it once; the answer is the row it wrote (no second read).
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        application = services.application_update_draft(
            application_id=self._pk(),
            actor=request.user,
            within=self.get_queryset(),
            **serializer.validated_data,
        )
        serializer.instance = application  # the answer is the row as written, by the serializer already built
        return Response(serializer.data)

    def destroy(self, request, *args, **kwargs):
        application = self.get_object()
        services.application_delete_draft(application_id=application.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=TransitionSerializer, responses=ApplicationSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"actions/(?P<action_name>[a-z_]+)",
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    @api_idempotent
    def run_action(self, request, pk=None, action_name=None):
        """Run one workflow action (submit, withdraw, return, screen, …) with an optional note.

        request_info also takes `due_at`; respond_info takes the answer as `note` and files as
        `attachments` (multipart)."""
        params = TransitionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        # The row is locked from the caller's scope (out of scope: 404): scope, lock and read are one query.
        application = services.application_transition(
            application_id=self._pk(),
            within=self.get_queryset(),
            action=action_name,
            actor=request.user,
            note=params.validated_data["note"],
            override=params.validated_data["override"],
            due_at=params.validated_data["due_at"],
            files=request.FILES.getlist("attachments") if request.FILES else None,
            judged_at=received_at(request),
        )
        return Response(self.get_serializer(application).data)

    @extend_schema(request=InstitutionCorrectionSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], url_path="institution")
    def correct_institution(self, request, pk=None):
        """An officer in scope corrects the application's institution (the PI's affiliation), with a reason."""
        application = self.get_object()
        if not is_officer_for(request.user, application):
            raise Forbidden(_("代表機関を訂正できるのは、この公募の担当者だけです。"))
        params = InstitutionCorrectionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        services.application_institution_correct(
            application_id=application.pk,
            actor=request.user,
            institution_id=params.validated_data["institution"],
            reason=params.validated_data["reason"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=application.pk)).data)

    @extend_schema(responses=EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        """The audit trail of one application, oldest first."""
        application = self.get_object()
        queryset = application_events(application)
        page = self.paginate_queryset(queryset)
        context = {
            "hide_notes": not notes_visible(request.user, application),
            "shown": shown_to(request.user, application),
        }
        serializer = EventSerializer(page, many=True, context=context)
        return self.get_paginated_response(serializer.data)


class NestedViewSet(viewsets.GenericViewSet):
    """Parts of an application the caller can see; writes go to the draft-only services."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.get_application()  # out of scope is a 404 before any validation

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = get_object_or_404(
                applications_for_user(self.request.user), pk=self.kwargs["application_pk"]
            )
        return self._application

    def run(self, func, **kwargs):
        return func(application_id=self.get_application().pk, actor=self.request.user, **kwargs)


class BudgetLineViewSet(NestedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = BudgetLineSerializer

    queryset = BudgetLine.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):
        return self.get_application().budget_lines.order_by("fiscal_year", "category", "id")

    def create(self, request, application_pk=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = self.run(services.budget_line_upsert, **serializer.validated_data)
        return Response(self.get_serializer(line).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, application_pk=None, pk=None):
        line = self.get_object()
        serializer = self.get_serializer(line, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        values = {
            "fiscal_year": line.fiscal_year,
            "category": line.category,
            "amount": line.amount,
            **serializer.validated_data,
        }  # `version`, when sent, is checked by the service (409 when stale)
        line = self.run(services.budget_line_upsert, line_id=line.pk, **values)
        return Response(self.get_serializer(line).data)

    def destroy(self, request, application_pk=None, pk=None):
        line = self.get_object()
        self.run(services.budget_line_delete, line_id=line.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamMemberViewSet(NestedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = TeamMemberSerializer

    queryset = TeamMember.objects.none()

    def get_queryset(self):
        return self.get_application().members.select_related("user", "institution").order_by("id")

    @staticmethod
    def _person(data: dict) -> dict:
        person = {}
        if "user_id" in data:
            person["user_id"] = data.pop("user_id")
        if "invite_email" in data:
            person["email"] = data.pop("invite_email")
        return person

    def create(self, request, application_pk=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = {"user_id": None, **self._person(data)}
        member = self.run(services.member_upsert, **data, **person)
        return Response(self.get_serializer(member).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, application_pk=None, pk=None):
        member = self.get_object()
        serializer = self.get_serializer(member, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = self._person(data)
        values = {
            "name": member.name,
            "role": member.role,
            "institution": member.institution,
            "effort_percent": member.effort_percent,
            "access": member.access,
            "researcher_number": member.researcher_number,
            **data,
        }
        member = self.run(services.member_upsert, member_id=member.pk, **values, **person)
        return Response(self.get_serializer(member).data)

    def destroy(self, request, application_pk=None, pk=None):
        member = self.get_object()
        self.run(services.member_delete, member_id=member.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ConsentSerializer, responses=TeamMemberSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, MultiPartParser, FormParser])
    def consent(self, request, application_pk=None, pk=None):
        """The partner's named contact confirms participation (contribution per fiscal year and letter if asked)."""
        member = self.get_object()
        params = ConsentSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        member = self.run(
            services.partner_consent,
            member_id=member.pk,
            contribution=params.validated_data["contribution"],
            letter=params.validated_data["letter"],
        )
        return Response(self.get_serializer(member).data)


class AttachmentViewSet(NestedViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    queryset = Attachment.objects.none()

    def get_queryset(self):
        return attachments_for_user(self.request.user).filter(application=self.get_application()).order_by("id")

    def create(self, request, application_pk=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = self.run(
            services.attachment_add,
            uploaded=serializer.validated_data["file"],
            kind=serializer.validated_data["kind"],
        )
        return Response(self.get_serializer(attachment).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, application_pk=None, pk=None):
        attachment = self.get_object()
        services.attachment_delete(attachment_id=attachment.pk, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, application_pk=None, pk=None):
        """The file itself, as an attachment download (permission-checked; no public URL exists)."""
        return attachment_response(self.get_object())


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


class CallExportView(APIView):
    """GET /api/v1/calls/{id}/export/?format=xlsx|csv — the e-Rad-ready list of one call (officers in scope)."""

    renderer_classes = [XlsxRenderer, CsvRenderer, JSONRenderer]

    @extend_schema(responses={(200, "text/csv"): bytes, (200, XlsxRenderer.media_type): bytes})
    def get(self, request, call_id):
        call = erad_export.export_call_for_user(request.user, call_id)
        fmt = request.query_params.get("format", "xlsx")
        if fmt not in ("csv", "xlsx"):
            raise ValidationError({"format": [_("format は csv または xlsx を指定してください。")]})
        headers, rows = erad_export.export_table(request.user, call)
        if fmt == "csv":
            response = HttpResponse(erad_export.to_csv(headers, rows), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(erad_export.to_xlsx(headers, rows), content_type=XlsxRenderer.media_type)
        response["Content-Disposition"] = f'attachment; filename="call-{call.pk}-applications.{fmt}"'
        return response


class InvitationViewSet(viewsets.ReadOnlyModelViewSet):
    """My invitations to other people's teams; accept or decline a pending one (the workflow table)."""

    serializer_class = InvitationSerializer
    queryset = TeamMember.objects.none()

    def get_queryset(self):
        return invitations_for_user(self.request.user)

    def _answer(self, request, action_name):
        member = self.get_object()  # someone else's invitation is a 404
        member = invitation_answer(member_id=member.pk, actor=request.user, action=action_name)
        return Response(self.get_serializer(self.get_queryset().get(pk=member.pk)).data)

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept: from now on the membership counts (conflicts, effort, co-work, visibility)."""
        return self._answer(request, "accept")

    @extend_schema(request=None, responses=InvitationSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """Decline: the row stays on the team as declined and counts for nothing."""
        return self._answer(request, "decline")
