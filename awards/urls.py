"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("awards/", views.officer_list, name="officer_list"),
    path("awards/mine/", views.mine, name="mine"),
    path("awards/<int:pk>/", views.detail, name="detail"),
    path("awards/<int:pk>/budgets/", views.adjust_budgets, name="adjust_budgets"),
    path("awards/<int:pk>/end-date/", views.change_end_date, name="change_end_date"),
    path("awards/<int:pk>/actions/<slug:action>/", views.award_action, name="award_action"),
    path("awards/reports/<int:pk>/", views.report, name="report"),
    path("awards/reports/<int:pk>/actions/<slug:action>/", views.report_action, name="report_action"),
    path("awards/reports/<int:pk>/attachments/", views.report_attach, name="report_attach"),
    path(
        "awards/reports/<int:pk>/attachments/<int:attachment_id>/",
        views.report_attachment_download,
        name="report_attachment_download",
    ),
    path("awards/checks/<int:application_id>/", views.application_checks_page, name="checks"),
]
