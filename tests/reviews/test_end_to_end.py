"""An officer runs a call from submitted to decided through the API, reviewers doing their part."""

from applications.models import Application, BudgetLine, Status
from notifications.models import Notification

from .factories import ReviewableApplicationFactory, ReviewerFactory


def act(client, user, method, url, data=None):
    client.force_authenticate(user)
    response = getattr(client, method)(url, data or {}, format="json")
    assert response.status_code < 300, (url, response.status_code, response.content)
    return response.json()


def test_call_from_submission_to_decision_through_the_api(setup, api_client):
    call, officer = setup["call"], setup["officer"]
    apps = []
    for title in ("全固体電池の量産技術", "がん免疫の新規抗体"):
        app = ReviewableApplicationFactory(call=call, title=title, status=Status.DRAFT, receipt_number=None)
        BudgetLine.objects.create(application=app, fiscal_year=call.fiscal_year, category="equipment", amount=1_000_000)
        act(api_client, app.applicant, "post", f"/api/v1/applications/{app.pk}/actions/submit/")
        apps.append(app)
    reviewers = [
        ReviewerFactory(profile__expertise="電池 材料"),
        ReviewerFactory(profile__expertise="抗体 免疫 創薬"),
        ReviewerFactory(profile__expertise="事業化 電池 抗体"),
        ReviewerFactory(affiliation=apps[0].institution, profile__expertise="電池"),  # conflicted with the first
    ]
    for app in apps:
        act(api_client, officer, "post", f"/api/v1/applications/{app.pk}/actions/screen/")

    base = f"/api/v1/calls/{call.pk}/auto-assign/"
    preview = act(api_client, officer, "post", base + "?dry_run=true")
    assert preview["unfilled"] == [] and len(preview["proposal"]) == 4
    saved = act(api_client, officer, "post", base)
    assert len(saved["assignments"]) == 4
    assert (apps[0].pk, reviewers[3].pk) not in {(p["application"], p["reviewer"]) for p in saved["proposal"]}
    # One invitation per reviewer, listing the applications the run gave them.
    invited = Notification.objects.filter(kind="assignment_invitations")
    assert sorted(invited.values_list("recipient_id", flat=True)) == sorted({p["reviewer"] for p in saved["proposal"]})
    for p in saved["proposal"]:
        number = Application.objects.get(pk=p["application"]).receipt_number
        assert number in invited.get(recipient_id=p["reviewer"]).body

    # start_review is refused until the reviewers accept.
    api_client.force_authenticate(officer)
    early = api_client.post(f"/api/v1/applications/{apps[0].pk}/actions/start_review/")
    assert early.status_code == 400

    review_ids = {}
    for reviewer in reviewers:
        mine = act(api_client, reviewer, "get", "/api/v1/assignments/")["results"]
        for assignment in mine:
            accepted = act(api_client, reviewer, "post", f"/api/v1/assignments/{assignment['id']}/accept/")
            review_ids[(reviewer.pk, assignment["application"])] = accepted["review"]
    for app in apps:
        assert (
            act(api_client, officer, "post", f"/api/v1/applications/{app.pk}/actions/start_review/")["status"]
            == "in_review"
        )

    for (reviewer_id, app_id), review_id in review_ids.items():
        reviewer = next(r for r in reviewers if r.pk == reviewer_id)
        good = app_id == apps[0].pk
        act(
            api_client,
            reviewer,
            "patch",
            f"/api/v1/reviews/{review_id}/",
            {
                "scores": {"novelty": 5 if good else 2, "market": 4 if good else 2},
                "recommendation": "fund" if good else "do_not_fund",
                "comment_to_applicant": "コメント",
            },
        )
        act(api_client, reviewer, "post", f"/api/v1/reviews/{review_id}/submit/")

    ranking = act(api_client, officer, "get", f"/api/v1/calls/{call.pk}/ranking/")["results"]
    assert [row["application"] for row in ranking] == [apps[0].pk, apps[1].pk]
    assert ranking[0]["rank"] == 1 and ranking[0]["review_count"] == 2
    scores = act(api_client, officer, "get", f"/api/v1/applications/{apps[0].pk}/scores/")
    assert scores["raw_score"] > 4 and len(scores["reviews"]) == 2

    act(api_client, officer, "post", f"/api/v1/applications/{apps[0].pk}/actions/accept/")
    act(api_client, officer, "post", f"/api/v1/applications/{apps[1].pk}/actions/reject/", {"note": "評点が基準未満"})
    assert dict(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("id", "status")) == {
        apps[0].pk: Status.ACCEPTED,
        apps[1].pk: Status.REJECTED,
    }
