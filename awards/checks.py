"""不合理な重複・過度の集中: duplication and effort checks across a team's other projects.

For the PI and every team member with an account, list their other running awards
and pending applications with the effort they put into each, flag anyone whose
total effort (this application included) would exceed 100 %, and flag a project of
the same person whose title or summary nearly repeats this one (character-bigram
Jaccard similarity ≥ `NEAR_DUPLICATE_THRESHOLD`).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from applications.models import Application, MemberRole, Status, TeamMember
from applications.rules import team_problems
from applications.selectors import accepted_team
from applications.workflow import PENDING_STATES

from .models import AwardStatus

NEAR_DUPLICATE_THRESHOLD = 0.6
PENDING_APPLICATION_STATES = PENDING_STATES
MAX_EFFORT_PERCENT = 100


def _bigrams(text: str) -> set[str]:
    text = "".join((text or "").split())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two texts (0.0 … 1.0); whitespace ignored."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


@dataclass
class Project:
    kind: str  # "award" or "application"
    id: int
    number: str
    title: str
    status: str
    effort_percent: int | None
    similarity: float
    near_duplicate: bool

    @property
    def status_label(self) -> str:
        """The status in words (an award's or an application's)."""
        choices = AwardStatus if self.kind == "award" else Status
        return str(choices(self.status).label)


@dataclass
class PersonCheck:
    user_id: int
    name: str
    role: str
    effort_this: int | None
    projects: list[Project] = field(default_factory=list)
    researcher_number: str = ""  # 研究者番号 (the member row's, else the account's): the evidence shown
    affiliation: str = ""

    @property
    def effort_total(self) -> int:
        return (self.effort_this or 0) + sum(p.effort_percent or 0 for p in self.projects)

    @property
    def over_limit(self) -> bool:
        return self.effort_total > MAX_EFFORT_PERCENT


@dataclass
class Flag:
    kind: str  # "team_incomplete", "effort_over_100" or "near_duplicate"
    user_id: int | None  # None: the team as a whole
    message: str


@dataclass
class ApplicationChecks:
    application_id: int
    people: list[PersonCheck]
    flags: list[Flag]


def _effort_of(members: list[TeamMember], application: Application, user_id: int) -> int | None:
    """A person's effort in one project: their own member row, or the PI row for the applicant."""
    for m in members:
        if m.user_id == user_id and m.effort_percent is not None:
            return m.effort_percent
    if application.applicant_id == user_id:
        for m in members:
            if m.role == MemberRole.PI and m.effort_percent is not None:
                return m.effort_percent
    return None


def application_checks(application: Application) -> ApplicationChecks:
    """The duplication / effort picture of one application's team (a fixed number of queries)."""
    # Only accepted rows count: a person named without their consent changes nothing.
    own_members = list(accepted_team(application).select_related("user", "institution"))
    people: dict[int, PersonCheck] = {}
    pi_row = next((m for m in own_members if m.role == MemberRole.PI), None)
    people[application.applicant_id] = PersonCheck(
        user_id=application.applicant_id,
        name=str(application.applicant),
        role=MemberRole.PI,
        effort_this=_effort_of(own_members, application, application.applicant_id),
        researcher_number=(pi_row.effective_researcher_number if pi_row else "")
        or application.applicant.researcher_number
        or "",
        affiliation=application.institution.name,
    )
    for m in own_members:
        if m.user_id and m.user_id not in people:
            people[m.user_id] = PersonCheck(
                user_id=m.user_id,
                name=str(m.user),
                role=m.role,
                effort_this=_effort_of(own_members, application, m.user_id),
                researcher_number=m.effective_researcher_number,
                affiliation=m.institution.name if m.institution_id else "",
            )
    ids = list(people)

    involves = Q(applicant_id__in=ids) | Q(pk__in=accepted_team().filter(user_id__in=ids).values("application_id"))
    others = list(
        Application.objects.filter(involves)
        .filter(Q(status__in=PENDING_APPLICATION_STATES) | Q(award__status=AwardStatus.ACTIVE))
        .exclude(pk=application.pk)
        .distinct()
        .prefetch_related(Prefetch("members", queryset=accepted_team()))
        .select_related("award")
        .order_by("id")
    )
    by_person: dict[int, list[Application]] = defaultdict(list)
    for other in others:
        persons = {other.applicant_id} | {m.user_id for m in other.members.all() if m.user_id}
        for pid in persons & set(ids):
            by_person[pid].append(other)

    # The team itself first: each pending invitation by name and role, a required role or partner confirmation
    # missing, the PI's effort where the stage asks (the rules of submit and accept, `applications.rules`).
    team = team_problems(application, list(application.members.select_related("institution", "user")))
    flags: list[Flag] = [Flag("team_incomplete", None, str(p.message)) for p in team]
    for pid, person in people.items():
        for other in by_person[pid]:
            award = getattr(other, "award", None) if other.status == Status.ACCEPTED else None
            score = max(similarity(application.title, other.title), similarity(application.summary, other.summary))
            project = Project(
                kind="award" if award else "application",
                id=award.pk if award else other.pk,
                number=award.award_number if award else (other.receipt_number or ""),
                title=other.title,
                status=award.status if award else other.status,
                effort_percent=_effort_of(list(other.members.all()), other, pid),
                similarity=round(score, 2),
                near_duplicate=score >= NEAR_DUPLICATE_THRESHOLD,
            )
            person.projects.append(project)
            if project.near_duplicate:
                flags.append(
                    Flag(
                        "near_duplicate",
                        pid,
                        _(
                            "%(name)s の「%(title)s」（%(number)s）と課題名・概要が類似しています（類似度 %(score).2f）。不合理な重複でないか確認してください。"
                        )
                        % {"name": person.name, "title": other.title, "number": project.number, "score": score},
                    )
                )
        if person.over_limit:
            flags.append(
                Flag(
                    "effort_over_100",
                    pid,
                    _("%(name)s のエフォートの合計が %(total)s%% になり、100%% を超えます（過度の集中）。")
                    % {"name": person.name, "total": person.effort_total},
                )
            )
    return ApplicationChecks(application_id=application.pk, people=list(people.values()), flags=flags)


def checks_as_dict(checks: ApplicationChecks) -> dict:
    return {
        "application": checks.application_id,
        "people": [
            {
                "user": p.user_id,
                "name": p.name,
                "role": p.role,
                "researcher_number": p.researcher_number,
                "affiliation": p.affiliation,
                "effort_this": p.effort_this,
                "effort_total": p.effort_total,
                "over_100": p.over_limit,
                "projects": [
                    {
                        "kind": x.kind,
                        "id": x.id,
                        "number": x.number,
                        "title": x.title,
                        "status": x.status,
                        "effort_percent": x.effort_percent,
                        "similarity": x.similarity,
                        "near_duplicate": x.near_duplicate,
                    }
                    for x in p.projects
                ],
            }
            for p in checks.people
        ],
        "flags": [{"kind": f.kind, "user": f.user_id, "message": str(f.message)} for f in checks.flags],
    }
