from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts import views as accounts_views
from applications import call_page
from programs import api as programs_api
from programs import views as programs_views

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
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/start/", accounts_views.start, name="start"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("applications.urls")),
    path("", include("reviews.urls")),
    path("", include("conversations.urls")),
    path("", include("awards.urls")),
    path("", include("notifications.urls")),
    path("", include("reporting.urls")),
    path("api/v1/", include(router.urls)),
    path("api/v1/", include("applications.api_urls")),
    path("api/v1/", include("reviews.api_urls")),
    path("api/v1/", include("conversations.api_urls")),
    path("api/v1/", include("awards.api_urls")),
    path("api/v1/", include("notifications.api_urls")),
    path("api/v1/", include("reporting.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
