"""Reactions of this app to its own workflow (connected in `ApplicationsConfig.ready()`).

- the research office of the applicant's institution is told when an application waits for its approval;
- the accepted team members are told of the application's moves according to their role: co-applicants and
  members of every move, partner contacts of the submission and the decision only.
"""

from django.utils.translation import gettext as _

from .consent import is_partner_row
from .models import Status
from .selectors import accepted_team

PARTNER_ACTIONS = ("submit", "institution_approve")


def on_transition_committed(sender, *, application, transition, actor, event, **_kwargs) -> None:
    from notifications.services import notify

    if transition.action == "submit_to_institution":
        from .institution import notify_research_office

        notify_research_office(application)
    members = accepted_team(application).filter(user__isnull=False).select_related("user", "institution")
    for member in members:
        if member.user_id in (application.applicant_id, getattr(actor, "pk", None)):
            continue
        if is_partner_row(member) and not (transition.action in PARTNER_ACTIONS or transition.decides):
            continue
        notify(
            recipient=member.user,
            kind="team_application_status",
            subject=_("申請「%(title)s」: %(status)s")
            % {"title": application.title, "status": Status(application.status).label},
            body=_("参加している申請「%(title)s」が「%(action)s」により「%(status)s」になりました。")
            % {"title": application.title, "action": transition.label, "status": Status(application.status).label},
            link=f"/applications/{application.pk}/",
            dedup_key=f"team_status:event{event.pk}:user{member.user_id}",
        )


def connect() -> None:
    from .signals import application_transition_committed

    application_transition_committed.connect(on_transition_committed, dispatch_uid="applications.team_status")
