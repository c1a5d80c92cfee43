"""Removing a budget line or a team member: only from one's own draft, and the history says what went."""

import pytest

from applications import services
from applications.models import ApplicationEvent, MemberRole
from applications.services import WorkflowError

from .factories import make_complete

pytestmark = pytest.mark.django_db


def test_owner_removes_a_budget_line_and_a_member_from_a_draft_with_an_event_each(world):
    application = make_complete(world["call"], world["owner"])
    line = application.budget_lines.get(category="personnel")
    member = services.member_upsert(
        application_id=application.pk,
        actor=world["owner"],
        name="佐藤 花子",
        role=MemberRole.CO_INVESTIGATOR,
        effort_percent=10,
    )
    services.budget_line_delete(application_id=application.pk, actor=world["owner"], line_id=line.pk)
    services.member_delete(application_id=application.pk, actor=world["owner"], member_id=member.pk)

    assert not application.budget_lines.filter(pk=line.pk).exists()
    assert not application.members.filter(pk=member.pk).exists()
    notes = dict(
        ApplicationEvent.objects.filter(
            application=application, action__in=["budget_delete", "member_remove"]
        ).values_list("action", "note")
    )
    assert notes["budget_delete"].endswith("人件費・謝金")
    assert notes["member_remove"] == "佐藤 花子（共同研究者）"


def test_someone_elses_draft_part_is_not_found_and_stays(world):
    application = make_complete(world["call"], world["owner"])
    line = application.budget_lines.first()
    with pytest.raises(WorkflowError) as refused:
        services.budget_line_delete(application_id=application.pk, actor=world["other"], line_id=line.pk)
    assert refused.value.status_code in (403, 404)
    assert application.budget_lines.filter(pk=line.pk).exists()
