"""Page routes of this app, mounted at the site root by sangaku/urls.py."""

from django.urls import path

from . import autosave, bid_views, discussion_views, external_views, officer_views, views

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
    path("review/reviews/<int:pk>/revise/", discussion_views.revise, name="revise"),
    path("review/applications/<int:pk>/discussion/", discussion_views.page, name="discussion"),
    path("review/applications/<int:pk>/discussion/posts/", discussion_views.post, name="discussion_post"),
    path("review/applications/<int:pk>/meta-review/", discussion_views.meta_review, name="meta_review"),
    path("review/calls/<int:call_id>/chair/", discussion_views.chair, name="chair"),
    path("review/calls/<int:call_id>/reviewer-invitations/", external_views.invitations, name="external_invitations"),
    path("review/join/<str:token>/", external_views.join, name="external_join"),
    path("review/invitations/<int:pk>/conflicts/", external_views.declare, name="external_declare"),
    path("applications/<int:pk>/reviews/", views.applicant_reviews, name="applicant_reviews"),
]
