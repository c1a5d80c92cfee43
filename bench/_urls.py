"""The bench's URLconf: the project's URLs plus bare views to compare Sangaku's requests with.

- `bench/bare/`: the same rows as the officer API list (every application, newest first, the same fields
  and the same page size) through DRF with no scoping, no filtering and no per-row rules: what DRF itself
  costs (bench/pages.py).
- `bench/bare/json/`: a JSON answer with no database at all; `bench/bare/session/`: the signed-in person's
  session read and one indexed query. What Django costs on the same gunicorn, through the same middleware
  (bench/load.py, which serves this URLconf through bench/_settings.py).

Used only by the benches (never by the project).
"""

from django.contrib.auth import SESSION_KEY
from django.http import JsonResponse
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


def bare_json(request):
    return JsonResponse({"ok": True})


def bare_session(request):
    from accounts.models import User

    user_id = request.session.get(SESSION_KEY)
    name = User.objects.filter(pk=user_id).values_list("username", flat=True).first() if user_id else None
    return JsonResponse({"user": name})


urlpatterns = [
    path("bench/bare/", BareList.as_view()),
    path("bench/bare/json/", bare_json),
    path("bench/bare/session/", bare_session),
    path("", include("sangaku.urls")),
]
