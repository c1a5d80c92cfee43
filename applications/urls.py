"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import invitation_views, list_views, views

app_name = "applications"

urlpatterns = [
    path("calls/<int:call_id>/apply/", views.apply, name="apply"),
    path("applications/mine/", list_views.mine, name="mine"),
    path("applications/", list_views.officer_list, name="officer_list"),
    path("applications/export.csv", list_views.officer_export, name="officer_export"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/edit/", views.edit, name="edit"),
    path("applications/<int:pk>/members/<int:member_id>/delete/", views.member_delete, name="member_delete"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path(
        "applications/<int:pk>/attachments/<int:attachment_id>/download/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/consent/", views.consent, name="consent"),
    path("applications/<int:pk>/institution/", views.institution_correct, name="institution_correct"),
    path("applications/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/actions/<slug:action>/", views.run_action, name="action"),
    path("invitations/<int:member_id>/<slug:action>/", invitation_views.answer, name="invitation_answer"),
    path("invitations/join/<str:token>/", invitation_views.join, name="invitation_join"),
    path("applications/<int:pk>/info-files/<int:file_id>/", views.info_file_download, name="info_file"),
]
