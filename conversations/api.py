"""REST API of messages: `GET/POST /api/v1/applications/{id}/messages/`, scoped like the application."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from applications.identity import shown_to
from applications.selectors import applications_for_user
from reliability.idempotency import api_idempotent

from . import services
from .models import Message
from .selectors import last_read_at, messages_for
from .serializers import MessageCreateSerializer, MessageSerializer


class MessageViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The messages of one application the caller may read (listing them marks them read)."""

    serializer_class = MessageSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    queryset = Message.objects.none()  # for the schema; requests use get_queryset

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.get_application()  # out of scope is a 404 before any validation

    def get_application(self):
        if not hasattr(self, "_application"):
            self._application = get_object_or_404(
                applications_for_user(self.request.user), pk=self.kwargs["application_pk"]
            )
        return self._application

    def get_queryset(self):
        return messages_for(self.request.user, self.get_application())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self.request.user, "is_authenticated", False) and "application_pk" in self.kwargs:
            context["last_read_at"] = last_read_at(self.request.user, self.get_application())
            context["shown"] = shown_to(self.request.user, self.get_application())
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        services.messages_mark_read(user=request.user, application=self.get_application())
        return response

    @extend_schema(request=MessageCreateSerializer, responses=MessageSerializer)
    @api_idempotent
    def create(self, request, application_pk=None):
        serializer = MessageCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.message_post(
            application_id=self.get_application().pk,
            actor=request.user,
            body=serializer.validated_data["body"],
            visibility=serializer.validated_data["visibility"],
            files=serializer.validated_data["attachments"],
        )
        return Response(self.get_serializer(message).data, status=status.HTTP_201_CREATED)
