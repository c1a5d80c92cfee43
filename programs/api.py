from rest_framework import viewsets

from .filters import CallFilter
from .models import Institution, Platform, Program, Stage
from .permissions import ReadForSignedInWriteForDirectors
from .selectors import calls_for_user
from .serializers import (
    CallSerializer,
    InstitutionSerializer,
    PlatformSerializer,
    ProgramSerializer,
    StageSerializer,
)


class CatalogViewSet(viewsets.ModelViewSet):
    permission_classes = [ReadForSignedInWriteForDirectors]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]


class InstitutionViewSet(CatalogViewSet):
    queryset = Institution.objects.order_by("id")
    serializer_class = InstitutionSerializer
    filterset_fields = {"name": ["exact", "icontains"], "kind": ["exact"]}


class PlatformViewSet(CatalogViewSet):
    queryset = Platform.objects.prefetch_related("lead_institutions").order_by("id")
    serializer_class = PlatformSerializer


class ProgramViewSet(CatalogViewSet):
    queryset = Program.objects.order_by("id")
    serializer_class = ProgramSerializer


class StageViewSet(CatalogViewSet):
    queryset = Stage.objects.select_related("program", "predecessor").order_by("program_id", "order")
    serializer_class = StageSerializer
    filterset_fields = {"program__code": ["iexact"]}


class CallViewSet(CatalogViewSet):
    serializer_class = CallSerializer
    filterset_class = CallFilter

    def get_queryset(self):
        return calls_for_user(self.request.user).order_by(
            "-fiscal_year", "stage__program_id", "stage__order", "platform_id", "id"
        )
