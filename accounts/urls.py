"""Sign-in pages: log in and out (django-axes counts failures), password reset by e-mail, the second factor."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import two_factor_views, views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/start/", views.start, name="start"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/2fa/", two_factor_views.overview, name="two_factor"),
    path("accounts/2fa/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("accounts/2fa/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("accounts/2fa/recovery-codes/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
]
