from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("results/", views.index, name="index"),
    path("results/calls/<int:call_id>/", views.call_results, name="call"),
    path("results/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("results/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("results/manage/calls/<int:call_id>/", views.manage, name="manage"),
]
