"""The draft editor tells the call's limits on save, marks what submission needs, names each budget box;
the check page lists the team and the files."""

from django.test import Client

from .factories import first_budget_year, make_complete, make_draft


def _client(user) -> Client:
    client = Client()
    user.refresh_from_db()
    client.force_login(user)
    return client


def test_saving_over_the_cap_saves_and_warns_with_the_limit(world):
    owner, call = world["owner"], world["call"]
    application = make_draft(call, owner)
    client = _client(owner)
    year = first_budget_year(call)
    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "section": "main",
            "title": "上限超過の課題",
            "requested_amount": "6000000",
            "duration_months": "18",
            f"budget_{year}_equipment": "6000000",
        },
        follow=True,
    )
    page = response.content.decode()
    application.refresh_from_db()
    assert application.requested_amount == 6_000_000  # the draft is saved…
    assert "申請額が上限（5,000,000円）を超えています。" in page  # …and the limits are said at once
    assert "実施期間は12か月以内にしてください。" in page


def test_editor_marks_fields_needed_for_submission_and_labels_budget_boxes(world):
    owner, call = world["owner"], world["call"]
    application = make_draft(call, owner)
    page = _client(owner).get(f"/applications/{application.pk}/edit/").content.decode()
    assert "は提出に必要な項目です" in page
    assert page.count('<span class="req" aria-hidden="true">*</span>') >= 5
    year = first_budget_year(call)
    assert f'aria-label="令和{year - 2018}年度 ' in page


def test_check_page_lists_team_and_files(world):
    owner, call = world["owner"], world["call"]
    application = make_complete(call, owner, title="確認ページの課題")
    page = _client(owner).get(f"/applications/{application.pk}/submit/").content.decode()
    assert "実施体制" in page and "研究代表者" in page
    assert "添付ファイル" in page and "提案書.pdf" in page
