"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import views

app_name = "interviews"

urlpatterns = [
    path("review/calls/<int:call_id>/interviews/", views.call_page, name="call"),
    path("review/calls/<int:call_id>/interviews/slots/", views.add_slot, name="add_slot"),
    path("review/calls/<int:call_id>/interviews/invite/", views.invite, name="invite"),
    path("interviews/", views.mine, name="mine"),
    path("interviews/<int:pk>/action/", views.act, name="action"),
    path("interviews/<int:pk>/panel/", views.add_panelist, name="panel_add"),
    path("interviews/<int:pk>/score/", views.score, name="score"),
]
