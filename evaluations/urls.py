"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("evaluations/", views.board, name="board"),
    path("evaluations/<int:pk>/", views.detail, name="detail"),
    path("evaluations/<int:pk>/evaluators/", views.assign, name="assign"),
    path("evaluations/<int:pk>/score/", views.score, name="score"),
    path("evaluations/<int:pk>/actions/<slug:evaluation_action>/", views.action, name="action"),
    path("awards/<int:award_pk>/evaluations/new/", views.create, name="create"),
]
