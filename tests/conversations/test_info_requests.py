"""追加資料・回答依頼: asked in screening or review, answered by the applicant, back to the prior state; reminders once."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Application, ApplicationEvent, InfoRequest, InfoResponse, Status
from applications.services import application_transition
from conversations.reminders import sweep_info_requests
from notifications.models import Notification
from reporting.aggregates import application_figures
from tests.applications.factories import PDF_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def action_url(application, action):
    return f"/api/v1/applications/{application.pk}/actions/{action}/"


def ask(people, *, days=7, note="予算の根拠資料を追加してください。"):
    return application_transition(
        application_id=people["application"].pk,
        action="request_info",
        actor=people["officer"],
        note=note,
        due_at=timezone.now() + dt.timedelta(days=days),
    )


@pytest.mark.parametrize("start", [Status.IN_REVIEW, Status.SCREENING])
def test_round_trip_returns_to_the_state_it_was_in_with_events(api_client, people, start):
    application = people["application"]
    Application.objects.filter(pk=application.pk).update(status=start)
    submitted = Application.objects.values("title", "summary", "submitted_at", "requested_amount").get(
        pk=application.pk
    )

    api_client.force_authenticate(people["officer"])
    due = (timezone.now() + dt.timedelta(days=14)).isoformat()
    asked = api_client.post(
        action_url(application, "request_info"),
        {"note": "予算の根拠資料を追加してください。", "due_at": due},
        format="json",
    )
    assert asked.status_code == 200, asked.data
    assert asked.data["status"] == "info_requested"
    request = InfoRequest.objects.get(application=application)
    assert request.previous_status == start and request.answered_at is None

    api_client.force_authenticate(people["reviewer"])  # the reviewer still sees it while info is requested
    assert api_client.get(f"/api/v1/applications/{application.pk}/").status_code == 200

    api_client.force_authenticate(people["applicant"])
    answered = api_client.post(
        action_url(application, "respond_info"),
        {"note": "見積書を添付します。", "attachments": [SimpleUploadedFile("見積書.pdf", PDF_BYTES)]},
        format="multipart",
    )
    assert answered.status_code == 200, answered.data
    assert answered.data["status"] == start
    events = list(
        ApplicationEvent.objects.filter(application=application, action__in=["request_info", "respond_info"])
        .order_by("id")
        .values_list("action", "from_status", "to_status", "actor__username")
    )
    assert events == [
        ("request_info", start, "info_requested", "officer-in"),
        ("respond_info", "info_requested", start, "owner"),
    ]
    response = InfoResponse.objects.get(request=request)
    assert response.body == "見積書を添付します。" and response.author == people["applicant"]
    assert [f.original_name for f in response.files.all()] == ["見積書.pdf"]
    # The answer is a new record: what was submitted is untouched.
    assert (
        Application.objects.values("title", "summary", "submitted_at", "requested_amount").get(pk=application.pk)
        == submitted
    )


def test_reviewers_are_told_of_the_request_and_the_answer_and_the_applicant_of_the_question(people):
    ask(people)
    asked = set(
        Notification.objects.filter(kind__startswith="info_requested").values_list("recipient__username", "kind")
    )
    assert asked == {("owner", "info_requested"), ("reviewer", "info_requested_reviewer")}
    application_transition(
        application_id=people["application"].pk, action="respond_info", actor=people["applicant"], note="回答です"
    )
    answered = set(Notification.objects.filter(kind="info_answered").values_list("recipient__username", flat=True))
    assert answered == {"officer-in", "reviewer"}  # never the conflicted reviewer


@pytest.mark.parametrize(
    "due_at, reason",
    [(None, "回答期限を入力してください。"), (-1, "現在より後"), (61, "60 日以内")],
)
def test_the_due_date_is_required_in_the_future_and_at_most_60_days_ahead(api_client, people, due_at, reason):
    application = people["application"]
    api_client.force_authenticate(people["officer"])
    body = {"note": "質問"}
    if due_at is not None:
        body["due_at"] = (timezone.now() + dt.timedelta(days=due_at)).isoformat()
    response = api_client.post(action_url(application, "request_info"), body, format="json")
    assert response.status_code == 400
    assert reason in response.data["errors"]["due_at"][0]
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW
    assert not InfoRequest.objects.exists()


def test_only_officers_ask_and_only_the_applicant_answers(api_client, people):
    application = people["application"]
    due = (timezone.now() + dt.timedelta(days=7)).isoformat()
    for who, status in [("applicant", 403), ("reviewer", 403), ("officer_out", 404), ("conflicted", 404)]:
        api_client.force_authenticate(people[who])
        response = api_client.post(
            action_url(application, "request_info"), {"note": "質問", "due_at": due}, format="json"
        )
        assert response.status_code == status, who
    ask(people)
    for who, status in [("officer", 403), ("reviewer", 403), ("member", 403)]:
        api_client.force_authenticate(people[who])
        assert (
            api_client.post(action_url(application, "respond_info"), {"note": "回答"}, format="json").status_code
            == status
        )
    assert Application.objects.get(pk=application.pk).status == Status.INFO_REQUESTED


def test_an_answer_is_never_an_edit_a_second_answer_is_refused(api_client, people):
    ask(people)
    api_client.force_authenticate(people["applicant"])
    first = api_client.post(action_url(people["application"], "respond_info"), {"note": "一回目"}, format="json")
    assert first.status_code == 200
    second = api_client.post(action_url(people["application"], "respond_info"), {"note": "書き直し"}, format="json")
    assert second.status_code == 409
    assert list(InfoResponse.objects.values_list("body", flat=True)) == ["一回目"]


def test_the_reminder_and_the_escalation_are_each_sent_once(people):
    ask(people, days=1)
    now = timezone.now()
    first = sweep_info_requests(now=now)
    second = sweep_info_requests(now=now + dt.timedelta(hours=1))
    assert (first, second) == ({"reminded": 1, "escalated": 0}, {"reminded": 0, "escalated": 0})
    assert Notification.objects.filter(kind="info_due_soon", recipient=people["applicant"]).count() == 1
    late = now + dt.timedelta(days=2)
    assert sweep_info_requests(now=late) == {"reminded": 0, "escalated": 1}
    assert sweep_info_requests(now=late) == {"reminded": 0, "escalated": 0}
    escalation = Notification.objects.get(kind="info_overdue_officer")
    assert escalation.recipient == people["officer"] and "田中 太郎" in escalation.body


def test_an_answered_request_is_not_chased(people):
    ask(people, days=1)
    application_transition(
        application_id=people["application"].pk, action="respond_info", actor=people["applicant"], note="回答です"
    )
    assert sweep_info_requests(now=timezone.now() + dt.timedelta(days=3)) == {"reminded": 0, "escalated": 0}


def test_an_application_waiting_for_an_answer_still_counts_as_received_and_in_review(people):
    ask(people)
    [row] = [r for r in application_figures() if r.get("received")]
    assert row["received"] == 1 and row["in_review"] == 1


def test_the_officer_asks_and_the_applicant_answers_from_the_page(client, people):
    application = people["application"]
    page = f"/applications/{application.pk}/"
    client.force_login(people["officer"])
    assert "追加資料・回答依頼" in client.get(page).content.decode()
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client.post(
        f"{page}actions/request_info/", {"request_info-note": "見積書を添付してください。", "request_info-due_at": due}
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.INFO_REQUESTED
    client.force_login(people["applicant"])
    html = client.get(page).content.decode()
    assert "追加資料依頼中" in html and "見積書を添付してください。" in html and "依頼への回答" in html
    response = client.post(
        f"{page}actions/respond_info/",
        {
            "respond_info-note": "添付しました。",
            "respond_info-attachments": [SimpleUploadedFile("見積.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW
    html = client.get(page).content.decode()
    assert "添付しました。" in html and "見積.pdf" in html
    stored = InfoResponse.objects.get().files.get()
    download = client.get(f"/applications/{application.pk}/info-files/{stored.pk}/")
    assert download.status_code == 200


def test_a_past_due_date_on_the_page_is_refused_beside_the_field(client, people):
    application = people["application"]
    client.force_login(people["officer"])
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"/applications/{application.pk}/actions/request_info/",
        {"request_info-note": "質問", "request_info-due_at": yesterday},
    )
    assert response.status_code == 400
    assert "回答期限は現在より後の日時にしてください。" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.IN_REVIEW


def test_asking_twice_by_a_double_click_records_one_request(api_client, people):
    api_client.force_authenticate(people["officer"])
    body = {"note": "質問です", "due_at": (timezone.now() + dt.timedelta(days=5)).isoformat()}
    first = api_client.post(action_url(people["application"], "request_info"), body, format="json")
    second = api_client.post(action_url(people["application"], "request_info"), body, format="json")
    assert first.status_code == second.status_code == 200
    assert InfoRequest.objects.count() == 1
    assert ApplicationEvent.objects.filter(application=people["application"], action="request_info").count() == 1
