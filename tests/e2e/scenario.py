"""A small, real review scenario built through the services (the pages are what the journeys test)."""

import io

from django.contrib.auth import get_user_model
from django.utils import timezone

from applications.services import application_transition
from programs.models import Call
from reviews import demo as reviews_demo
from tests.applications.factories import make_complete


def users():
    User = get_user_model()
    return {u.username: u for u in User.objects.all()}


def ksac_step1_call() -> Call:
    return Call.objects.open_at(timezone.now()).get(platform__code="KSAC", stage__code="STEP1")


def screened_applications(titles: list[str], applicant: str = "applicant2"):
    """Submitted and screened applications in KSAC's open Step 1 call, with the demo reviewer pool."""
    reviews_demo.load(today=timezone.localdate(), out=io.StringIO())
    people = users()
    call = ksac_step1_call()
    result = []
    for title in titles:
        application = make_complete(call, people[applicant], title=title)
        application_transition(application_id=application.pk, action="submit", actor=people[applicant])
        application_transition(application_id=application.pk, action="screen", actor=people["officer-ksac"])
        result.append(application)
    return call, result


def start_review(application, officer):
    """The officer opens document review (reviews can be saved only while it runs)."""
    return application_transition(
        application_id=application.pk, action="start_review", actor=officer, note="審査開始（テスト）", override=True
    )
