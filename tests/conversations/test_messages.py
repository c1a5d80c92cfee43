"""Messages on an application: who reads and writes which visibility, files, notifications, unread, digest."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conversations import services
from conversations.models import Message, MessageFile
from notifications.models import Channel, Notification
from programs.fiscal import JST
from tests.applications.factories import ELF_BYTES, PDF_BYTES
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def url(application) -> str:
    return f"/api/v1/applications/{application.pk}/messages/"


def post_as(people, who, visibility, body="本文"):
    return services.message_post(
        application_id=people["application"].pk, actor=people[who], body=body, visibility=visibility
    )


@pytest.fixture
def thread(people):
    """One message of each visibility, all written by the officer in scope."""
    for visibility in ("team", "reviewers", "internal"):
        post_as(people, "officer", visibility, body=f"{visibility} の本文")
    return people


READS = {
    "applicant": {"team"},
    "member": {"team"},
    "reviewer": {"reviewers"},
    "officer": {"team", "reviewers", "internal"},
    "director": {"team", "reviewers", "internal"},
}


@pytest.mark.parametrize("who", list(READS))
def test_each_persona_reads_exactly_the_messages_of_its_visibility(api_client, thread, who):
    api_client.force_authenticate(thread[who])
    response = api_client.get(url(thread["application"]))
    assert response.status_code == 200
    assert {m["visibility"] for m in response.data["results"]} == READS[who]
    assert all(m["body"] == f"{m['visibility']} の本文" for m in response.data["results"])


@pytest.mark.parametrize("who", ["conflicted", "unassigned", "officer_out", "outsider"])
def test_people_who_may_not_see_the_application_get_404_for_its_messages(api_client, thread, who):
    api_client.force_authenticate(thread[who])
    assert api_client.get(url(thread["application"])).status_code == 404
    response = api_client.post(url(thread["application"]), {"body": "こんにちは", "visibility": "team"}, format="json")
    assert response.status_code == 404
    assert Message.objects.count() == 3


def test_anonymous_is_refused(api_client, thread):
    assert api_client.get(url(thread["application"])).status_code in (401, 403)


POSTS = {
    "applicant": {"team"},
    "member": {"team"},
    "reviewer": {"reviewers"},
    "officer": {"team", "reviewers", "internal"},
    "director": {"team", "reviewers", "internal"},
}


@pytest.mark.parametrize("who", list(POSTS))
@pytest.mark.parametrize("visibility", ["team", "reviewers", "internal"])
def test_who_may_post_which_visibility(api_client, people, who, visibility):
    api_client.force_authenticate(people[who])
    response = api_client.post(
        url(people["application"]), {"body": "質問です", "visibility": visibility}, format="json"
    )
    if visibility in POSTS[who]:
        assert response.status_code == 201, response.data
        assert response.data["visibility"] == visibility and response.data["author"] == people[who].pk
        assert Message.objects.filter(author=people[who], visibility=visibility).count() == 1
    else:
        assert response.status_code == 400
        assert "visibility" in response.data["errors"] and "見える範囲" in response.data["errors"]["visibility"][0]
        assert not Message.objects.exists()


def test_bad_bodies_are_refused_with_the_field_and_reason(api_client, people):
    api_client.force_authenticate(people["applicant"])
    empty = api_client.post(url(people["application"]), {"body": " ", "visibility": "team"}, format="json")
    assert empty.status_code == 400 and "body" in empty.data["errors"]
    long = api_client.post(url(people["application"]), {"body": "あ" * 4001, "visibility": "team"}, format="json")
    assert long.status_code == 400 and "body" in long.data["errors"]
    unknown = api_client.post(url(people["application"]), {"body": "x", "visibility": "public"}, format="json")
    assert unknown.status_code == 400 and "visibility" in unknown.data["errors"]
    assert not Message.objects.exists()


def test_attachments_pass_the_upload_checks_and_follow_the_message_visibility(client, api_client, people):
    api_client.force_authenticate(people["applicant"])
    bad = api_client.post(
        url(people["application"]),
        {"body": "資料です", "visibility": "team", "attachments": [SimpleUploadedFile("tool.pdf", ELF_BYTES)]},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.data["errors"]
    assert not Message.objects.exists() and not MessageFile.objects.exists()
    good = api_client.post(
        url(people["application"]),
        {"body": "資料です", "visibility": "team", "attachments": [SimpleUploadedFile("計画.pdf", PDF_BYTES)]},
        format="multipart",
    )
    assert good.status_code == 201, good.data
    [stored] = good.data["files"]
    assert stored["original_name"] == "計画.pdf" and stored["content_type"] == "application/pdf"
    client.force_login(people["officer"])
    download = client.get(stored["download_url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    client.force_login(people["reviewer"])  # a team message is never shown to reviewers
    assert client.get(stored["download_url"]).status_code == 404


def test_every_reader_but_the_author_is_notified_once(people):
    message = post_as(people, "officer", "team")
    told = set(Notification.objects.filter(kind="message").values_list("recipient__username", flat=True))
    assert told == {"owner", "member"}
    services._notify_recipients(message)  # a retry creates nothing new
    assert Notification.objects.filter(kind="message").count() == 2
    post_as(people, "reviewer", "reviewers")
    told = set(
        Notification.objects.filter(kind="message", dedup_key__startswith=f"message:{message.pk + 1}:").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"officer-in"}  # officers ↔ reviewers: never the applicant
    post_as(people, "officer", "internal")
    assert Notification.objects.filter(kind="message").count() == 3  # nobody else to tell of an internal note


@pytest.mark.parametrize("answer", ["pending", "declined"])
def test_an_invitee_who_has_not_accepted_is_told_nothing_and_reads_nothing(api_client, people, answer):
    from applications.models import TeamMember

    invitee = UserFactory(username="invitee")
    TeamMember.objects.create(
        application=people["application"], name="招待 中", user=invitee, role="co_investigator", status=answer
    )
    post_as(people, "officer", "team")
    told = set(Notification.objects.filter(kind="message").values_list("recipient__username", flat=True))
    assert told == {"owner", "member"}
    api_client.force_authenticate(invitee)
    assert api_client.get(url(people["application"])).status_code == 404


def test_the_daily_digest_sends_one_mail_per_person_and_day(people):
    people["applicant"].message_delivery = "digest"
    people["applicant"].save(update_fields=["message_delivery"])
    post_as(people, "officer", "team", body="一通目")
    post_as(people, "officer", "team", body="二通目")
    mine = Notification.objects.filter(recipient=people["applicant"], kind="message")
    assert mine.count() == 2 and set(mine.values_list("channel", flat=True)) == {Channel.IN_APP}
    member_mail = Notification.objects.get(recipient=people["member"], kind="message", body__contains="一通目")
    assert member_mail.channel == Channel.EMAIL  # the member kept immediate mail
    today = timezone.now().astimezone(JST).date()
    assert services.message_digests_send(day=today) == 1
    assert services.message_digests_send(day=today) == 0  # a second beat the same day sends nothing
    digest = Notification.objects.get(kind="message_digest")
    assert digest.recipient == people["applicant"] and digest.channel == Channel.EMAIL
    assert "2" in digest.subject and str(people["application"]) in digest.body
    assert services.message_digests_send(day=today - dt.timedelta(days=1)) == 0


def test_unread_markers_count_what_others_wrote_since_the_last_visit(api_client, client, people):
    post_as(people, "officer", "team", body="確認をお願いします")
    post_as(people, "officer", "internal", body="内部のメモ")
    client.force_login(people["applicant"])
    page = client.get(f"/applications/{people['application'].pk}/").content.decode()
    assert "未読メッセージ 1 件" in page and "確認をお願いします" in page and "内部のメモ" not in page
    again = client.get(f"/applications/{people['application'].pk}/").content.decode()
    assert "未読メッセージ 1 件" not in again
    api_client.force_authenticate(people["officer"])
    [first, second] = api_client.get(url(people["application"])).data["results"]
    assert first["unread"] is False and second["unread"] is False  # the officer wrote them
    post_as(people, "applicant", "team", body="回答します")
    results = api_client.get(url(people["application"])).data["results"]
    assert [m["unread"] for m in results] == [False, False, True]
    assert [m["unread"] for m in api_client.get(url(people["application"])).data["results"]] == [False] * 3


def test_the_page_offers_only_the_visibilities_the_person_may_use(client, people):
    page_url = f"/applications/{people['application'].pk}/"
    client.force_login(people["applicant"])
    page = client.get(page_url).content.decode()
    assert "申請者とやり取り" in page and "審査委員とやり取り" not in page and "内部メモ" not in page
    client.force_login(people["officer"])
    page = client.get(page_url).content.decode()
    assert all(label in page for label in ("申請者とやり取り", "審査委員とやり取り", "内部メモ", "見える範囲"))


def test_posting_from_the_page_and_a_refusal_beside_the_field(client, people):
    client.force_login(people["applicant"])
    post_url = f"/applications/{people['application'].pk}/messages/"
    response = client.post(post_url, {"visibility": "team", "body": "予算について質問があります"})
    assert response.status_code == 302 and response["Location"].endswith("#messages")
    assert Message.objects.get().body == "予算について質問があります"
    refused = client.post(post_url, {"visibility": "internal", "body": "内部に書きたい"})
    assert refused.status_code == 400
    assert "あなたはこの見える範囲（内部メモ）でメッセージを送れません。" in refused.content.decode()
    assert Message.objects.count() == 1
    client.force_login(people["unassigned"])
    assert client.post(post_url, {"visibility": "reviewers", "body": "x"}).status_code == 404


def test_the_delivery_choice_is_saved_from_the_page(client, people):
    client.force_login(people["applicant"])
    response = client.post(
        "/account/message-delivery/",
        {"message_delivery": "digest", "next": f"/applications/{people['application'].pk}/"},
    )
    assert response.status_code == 302
    people["applicant"].refresh_from_db()
    assert people["applicant"].message_delivery == "digest"
    bad = client.post("/account/message-delivery/", {"message_delivery": "hourly"})
    assert bad.status_code == 302
    people["applicant"].refresh_from_db()
    assert people["applicant"].message_delivery == "digest"


def test_a_reviewers_message_reaches_the_assigned_reviewer_never_the_conflicted_one_or_the_applicant(people):
    message = post_as(people, "officer", "reviewers", body="評価の観点について")
    told = set(
        Notification.objects.filter(dedup_key__startswith=f"message:{message.pk}:").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"reviewer"}
