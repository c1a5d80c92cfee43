"""Every main page passes axe-core (no serious or critical violation) in Japanese and English, at desktop
width and at 390 px. axe-core comes with the pinned axe-playwright-python package (no network)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from awards.models import ProgressReport
from evaluations.services import evaluation_create, evaluation_transition
from reviews.models import Review
from reviews.services import assignment_accept, assignment_create
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, users
from tests.security.matrix_world import finance_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "390px": {"width": 390, "height": 844}}
BLOCKING = {"serious", "critical"}


def _main_pages():
    """A small world with one of each main page, built through the services; returns {user: [paths]}."""
    from applications.services import application_transition
    from tests.applications.factories import make_draft

    call, (reviewed, awarded) = screened_applications(["蓄電池の劣化診断", "高耐久電極の開発"], applicant="applicant")
    people = users()
    officer = people["officer-ksac"]
    assignment = assignment_create(application_id=reviewed.pk, reviewer=people["reviewer1"], actor=officer)
    assignment_accept(assignment_id=assignment.pk, actor=people["reviewer1"])
    review = Review.objects.get(assignment=assignment)
    application_transition(application_id=reviewed.pk, action="start_review", actor=officer, override=True, note="準備")
    for action in ("start_review", "accept"):
        application_transition(application_id=awarded.pk, action=action, actor=officer, override=True, note="準備")
    report = ProgressReport.objects.filter(award__application=awarded).order_by("due_on").first()
    draft = make_draft(call, people["applicant"], title="下書きの課題")
    evaluation = evaluation_create(award_id=report.award_id, actor=officer, year_index=1)
    evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=officer)
    contract, _invoice = finance_world(report.award, people["applicant"], officer)
    return {
        "applicant": [
            "/",
            f"/calls/{call.pk}/",
            "/applications/mine/",
            f"/applications/{draft.pk}/edit/",
            f"/applications/{draft.pk}/submit/",
            "/awards/mine/",
            f"/awards/reports/{report.pk}/",
            f"/finance/awards/{report.award_id}/allocation/",
            "/notifications/",
        ],
        "reviewer1": ["/review/", f"/review/reviews/{review.pk}/"],
        "officer-ksac": [
            "/applications/",
            f"/applications/{reviewed.pk}/",
            f"/review/calls/{call.pk}/",
            f"/review/calls/{call.pk}/ranking/",
            f"/review/applications/{reviewed.pk}/",
            f"/review/applications/{reviewed.pk}/discussion/",
            f"/review/calls/{call.pk}/reviewer-invitations/",
            "/awards/",
            f"/awards/{report.award_id}/",
            "/office/",
            "/reporting/dashboard/",
            "/evaluations/",
            f"/evaluations/{evaluation.pk}/",
            "/finance/contracts/",
            f"/finance/contracts/{contract.pk}/",
        ],
    }


def test_main_pages_have_no_serious_accessibility_violations(browser, live_server, catalog):
    pages = _main_pages()
    axe = Axe()
    failures = []
    checked = 0
    for viewport_name, viewport in VIEWPORTS.items():
        for username, paths in pages.items():
            context = browser.new_context(locale="ja-JP", viewport=viewport)
            page = context.new_page()
            page.set_default_timeout(15_000)
            page.base_url = live_server.url
            login(page, username)
            for language in ("ja", "en"):
                context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
                for path in paths:
                    page.goto(live_server.url + path)
                    assert page.evaluate("document.documentElement.lang") == language, path
                    result = axe.run(page)
                    checked += 1
                    for violation in result.response["violations"]:
                        if violation["impact"] in BLOCKING:
                            targets = [n["target"] for n in violation["nodes"][:3]]
                            failures.append(f"{viewport_name} {language} {path}: {violation['id']} {targets}")
            context.close()
    assert checked == 2 * 2 * sum(len(p) for p in pages.values())
    # The checker itself sees a violation when there is one (an unlabelled input is serious/critical).
    context = browser.new_context()
    probe = context.new_page()
    probe.set_content('<html lang="ja"><title>t</title><main><input type="number"></main></html>')
    assert {v["impact"] for v in axe.run(probe).response["violations"] if v["id"] == "label"} & BLOCKING
    context.close()
    assert not failures, "\n".join(failures)
