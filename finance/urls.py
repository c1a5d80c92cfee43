from django.urls import path

from . import pages

app_name = "finance"

urlpatterns = [
    path("finance/awards/<int:award_id>/allocation/", pages.allocation_page, name="allocation"),
    path(
        "finance/awards/<int:award_id>/allocation/<str:allocation_action>/",
        pages.allocation_action,
        name="allocation_action",
    ),
    path("finance/contracts/", pages.board, name="board"),
    path("finance/contracts/<int:pk>/", pages.contract_page, name="contract"),
    path("finance/contracts/<int:pk>/pdf/", pages.contract_download, name="contract_pdf"),
    path("finance/contracts/<int:pk>/actions/<str:contract_action>/", pages.contract_action, name="contract_action"),
    path("finance/contracts/<int:pk>/invoices/", pages.invoice_new, name="invoice_new"),
    path("finance/invoices/<int:pk>/actions/<str:invoice_action>/", pages.invoice_action, name="invoice_action"),
]
