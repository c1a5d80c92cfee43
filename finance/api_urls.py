"""API routes of this app, mounted under /api/v1/ by sangaku/urls.py."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("contracts", api.ContractViewSet, basename="contract")
router.register("invoices", api.InvoiceViewSet, basename="invoice")

urlpatterns = [
    path("awards/<int:award_id>/allocation/", api.AllocationView.as_view(), name="award-allocation"),
    path(
        "awards/<int:award_id>/allocation/actions/<str:allocation_action>/",
        api.AllocationActionView.as_view(),
        name="award-allocation-action",
    ),
    *router.urls,
]
