"""所属機関承認 (institutional approval): the research office of the applicant's institution approves first.

A stage asks for it (`Stage.institution_approval_required`); an institution has research-office users
(`accounts.User.is_research_office` with `affiliation`). When both hold, the PI's submit moves the draft to
`institution_review` (row `submit_to_institution`); the research office approves (`institution_approve`: the
funder receives it with its receipt number) or returns it with a note (`institution_return`: back to draft).
Institutions without research-office users skip the step (row `submit`).
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from sangaku.workflow import allowed, refused


def research_office_users(institution_id):
    return get_user_model().objects.filter(is_active=True, is_research_office=True, affiliation_id=institution_id)


def needs_institution_approval(application) -> bool:
    return bool(
        application.call.stage.institution_approval_required
        and research_office_users(application.institution_id).exists()
    )


def submit_action(application) -> str:
    """The row the PI's submit runs: to the research office first where required, else to the funder."""
    return "submit_to_institution" if needs_institution_approval(application) else "submit"


def institution_approval_needed(application, **_context):
    if not needs_institution_approval(application):
        return refused(
            "non_field_errors",
            "no_institution_approval",
            _("この申請には所属機関の承認は不要です。そのまま提出してください。"),
        )
    return allowed()


def institution_approval_not_needed(application, **_context):
    if needs_institution_approval(application):
        return refused(
            "non_field_errors",
            "institution_approval_required",
            _("この段階では、所属機関（%(name)s）の承認を経て提出されます。") % {"name": application.institution.name},
        )
    return allowed()


def notify_research_office(application) -> None:
    """Tell the institution's research office that an application waits for its approval (once per submission)."""
    from notifications.services import notify

    from .models import ApplicationEvent

    count = ApplicationEvent.objects.filter(application=application, action="submit_to_institution").count()
    for user in research_office_users(application.institution_id):
        notify(
            recipient=user,
            kind="institution_review",
            subject=_("所属機関承認の依頼: %(title)s") % {"title": application.title or application.pk},
            body=_("%(applicant)s さんの申請「%(title)s」（%(call)s）が所属機関の承認を待っています。")
            % {"applicant": application.applicant, "title": application.title, "call": application.call.title},
            link=f"/applications/{application.pk}/",
            dedup_key=f"institution_review:application{application.pk}:user{user.pk}:{count}",
        )
