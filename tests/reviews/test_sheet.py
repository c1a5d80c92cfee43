"""The officer's review sheet: every review with scores per criterion and both comments, reviewer status,
conflicts; scoped like every officer page; the ranking links to it and flags too few reviews."""

from applications.models import Status
from reviews.models import ConflictKind, ConflictOfInterest, ConflictSource
from reviews.services import assignment_create
from tests.factories import UserFactory

from .factories import ApplicationFactory, ReviewerFactory
from .helpers import login, scored


def test_officer_reads_every_review_with_the_confidential_comment(setup, client):
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title="量子センサの社会実装")
    first = ReviewerFactory(display_name="審査 一郎")
    scored(app, first, setup["officer"], novelty=4, market=2, comment="市場分析が丁寧", confidential="人件費が過大")
    pending = ReviewerFactory(display_name="審査 二郎")
    assignment_create(application_id=app.pk, reviewer=pending, actor=setup["officer"])
    conflicted = ReviewerFactory(display_name="審査 三郎")
    ConflictOfInterest.objects.create(
        reviewer=conflicted, application=app, kind=ConflictKind.RELATIVE, source=ConflictSource.DECLARED
    )

    login(client, setup["officer"])
    page = client.get(f"/review/applications/{app.pk}/").content.decode()
    assert "市場分析が丁寧" in page and "人件費が過大" in page
    assert "審査 一郎" in page and "審査 二郎" in page
    assert "依頼中" in page  # the second reviewer has not answered yet
    assert "親族関係" in page and "審査 三郎" in page
    # weighted score (novelty ×2, market ×1): (4·2 + 2·1) / 3 = 3.33
    assert "3.33" in page
    assert "1件（必要数 2件）" in page and "審査数不足" in page

    ranking = client.get(f"/review/calls/{setup['call'].pk}/ranking/").content.decode()
    assert f'href="/review/applications/{app.pk}/"' in ranking
    assert "審査数不足（必要2件）" in ranking


def test_review_sheet_is_404_for_officers_out_of_scope_and_for_reviewers(setup, client):
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    reviewer = ReviewerFactory()
    scored(app, reviewer, setup["officer"], novelty=3, market=3, confidential="秘密")
    for outsider in (UserFactory(role="officer"), reviewer, app.applicant):
        login(client, outsider)
        assert client.get(f"/review/applications/{app.pk}/").status_code == 404
