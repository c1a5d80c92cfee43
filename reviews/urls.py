"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import autosave, bid_views, officer_views, views

app_name = "reviews"

urlpatterns = [
    path("review/", views.workspace, name="workspace"),
    path("review/calls/<int:call_id>/bids/", bid_views.bids, name="bids"),
    path("review/assignments/<int:pk>/accept/", views.assignment_accept, name="accept"),
    path("review/assignments/<int:pk>/decline/", views.assignment_decline, name="decline"),
    path("review/reviews/<int:pk>/", views.review_form, name="review"),
    path("review/reviews/<int:pk>/autosave/", autosave.review_autosave, name="autosave"),
    path("review/calls/", views.officer_calls, name="calls"),
    path("review/calls/<int:call_id>/", views.board, name="board"),
    path("review/calls/<int:call_id>/auto-assign/", views.board_auto_assign, name="auto_assign"),
    path("review/calls/<int:call_id>/assign/", views.board_assign, name="assign"),
    path("review/calls/<int:call_id>/conflicts/", views.board_conflict, name="conflict"),
    path("review/calls/<int:call_id>/ranking/", views.ranking, name="ranking"),
    path("review/applications/<int:pk>/", officer_views.review_sheet_page, name="sheet"),
    path("review/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("applications/<int:pk>/reviews/", views.applicant_reviews, name="applicant_reviews"),
]
