"""The bench's URLconf: the project's URLs plus one bare DRF list to compare the officer API list with.

The bare list serves the same rows (every application, newest first, the same fields and the
same page size) through DRF with no scoping, no filtering and no per-row rules: what DRF
itself costs. Used only by bench/pages.py (never by the project).
"""

from django.urls import include, path
from rest_framework import generics, permissions, serializers

from applications.models import Application
from applications.serializers import ApplicationSerializer


class BareSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = [
            ("predecessor_award_id" if f == "predecessor_award" else f) for f in ApplicationSerializer.Meta.fields
        ]


class BareList(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BareSerializer
    queryset = Application.objects.order_by("-id")


urlpatterns = [path("bench/bare/", BareList.as_view()), path("", include("sangaku.urls"))]
