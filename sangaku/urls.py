from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from applications import call_page
from programs import api as programs_api
from programs import views as programs_views
from sangaku.routers import DefaultRouter


def api_docs(view):
    """The API docs and schema: open when settings.API_DOCS_PUBLIC, otherwise for signed-in people only."""

    def wrapped(request, *args, **kwargs):
        if not settings.API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


# A database fault raised outside any view (loading the session or the user) is a 503 too (sangaku.unavailable).
handler500 = "sangaku.unavailable.server_error"

router = DefaultRouter()
router.register("programs", programs_api.ProgramViewSet, basename="program")
router.register("stages", programs_api.StageViewSet, basename="stage")
router.register("platforms", programs_api.PlatformViewSet, basename="platform")
router.register("institutions", programs_api.InstitutionViewSet, basename="institution")
router.register("calls", programs_api.CallViewSet, basename="call")

urlpatterns = [
    path("", programs_views.home, name="home"),
    path("calls/<int:pk>/", call_page.call_page, name="call_detail"),
    path("", include("health.urls")),
    path("", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("applications.urls")),
    path("", include("reviews.urls")),
    path("", include("conversations.urls")),
    path("", include("interviews.urls")),
    path("", include("awards.urls")),
    path("", include("evaluations.urls")),
    path("", include("finance.urls")),
    path("", include("notifications.urls")),
    path("", include("reporting.urls")),
    path("", include("results.urls")),
    path("", include("letters.urls")),
    path("api/v1/", include(router.urls)),
    path("api/v1/", include("applications.api_urls")),
    path("api/v1/", include("reviews.api_urls")),
    path("api/v1/", include("conversations.api_urls")),
    path("api/v1/", include("interviews.api_urls")),
    path("api/v1/", include("awards.api_urls")),
    path("api/v1/", include("evaluations.api_urls")),
    path("api/v1/", include("finance.api_urls")),
    path("api/v1/", include("notifications.api_urls")),
    path("api/v1/", include("reporting.api_urls")),
    path("api/v1/", include("results.api_urls")),
    path("api/v1/", include("letters.api_urls")),
    # Behind sign-in in production (API_DOCS_PUBLIC); the split view serves Swagger UI's script as a file (CSP).
    path("api/schema/", api_docs(SpectacularAPIView.as_view()), name="schema"),
    path("api/docs/", api_docs(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
]
