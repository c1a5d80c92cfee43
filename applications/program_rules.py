"""The program's own rules as data (`Stage` / `Call`): caps per fiscal year, composition, required files.

Each problem names its rule in 【】 so the applicant knows which requirement of the call it breaks.
Only accepted team rows count (as everywhere, see docs/domain.md); rows naming only an institution
are accepted without asking.
"""

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.models import InstitutionKind, TeamRequirement

from .guards import Problem
from .models import AttachmentKind, MemberRole, MembershipStatus


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _rule(name: str, text: str) -> str:
    return _("【%(rule)s】%(text)s") % {"rule": name, "text": text}


def per_year_cap_problems(call, lines) -> list[Problem]:
    cap = call.effective_max_amount_per_year
    if not cap:
        return []
    per_year = defaultdict(int)
    for line in lines:
        per_year[line.fiscal_year] += line.amount
    return [
        Problem(
            "budget_lines",
            _rule(
                _("年度あたりの上限"),
                _("%(year)s年度の予算（%(amount)s）が年度あたりの上限（%(cap)s、間接経費を含む）を超えています。")
                % {"year": year, "amount": _yen(amount), "cap": _yen(cap)},
            ),
        )
        for year, amount in sorted(per_year.items())
        if amount > cap
    ]


def _has_requirement(requirement: str, members) -> bool:
    if requirement == TeamRequirement.COMPANY:
        return any(m.institution and m.institution.kind == InstitutionKind.COMPANY for m in members)
    if requirement == TeamRequirement.LEAD_MUNICIPALITY:
        return any(m.institution and m.institution.kind == InstitutionKind.MUNICIPALITY for m in members)
    if requirement == TeamRequirement.COMMERCIALISATION_PARTNER:
        return any(
            m.role == MemberRole.COMMERCIALISATION_PARTNER
            or (m.institution and m.institution.kind == InstitutionKind.VC)
            for m in members
        )
    return True


REQUIREMENT_TEXT = {
    TeamRequirement.COMPANY: gettext_lazy("民間企業を少なくとも1機関、実施体制に含めてください。"),
    TeamRequirement.LEAD_MUNICIPALITY: gettext_lazy("幹事自治体（自治体）を少なくとも1つ、実施体制に含めてください。"),
    TeamRequirement.COMMERCIALISATION_PARTNER: gettext_lazy("事業化推進機関を実施体制に含めてください。"),
}


def composition_problems(application, members) -> list[Problem]:
    call, stage = application.call, application.call.stage
    accepted = [m for m in members if m.status == MembershipStatus.ACCEPTED]
    problems: list[Problem] = []

    minimum = call.effective_min_institutions
    institutions = {application.institution_id} | {m.institution_id for m in accepted if m.institution_id}
    if minimum and len(institutions) < minimum:
        problems.append(
            Problem(
                "members",
                _rule(
                    _("参画機関数"),
                    _(
                        "代表機関を含めて%(minimum)s機関以上の連名が必要です（現在: %(count)s機関。承諾済みの体制を数えます）。"
                    )
                    % {"minimum": minimum, "count": len(institutions)},
                ),
            )
        )

    kinds = stage.representative_kinds or []
    if kinds and application.institution.kind not in kinds:
        problems.append(
            Problem(
                "institution",
                _rule(
                    _("代表機関"),
                    _("代表機関は%(kinds)sである必要があります（現在: %(name)s・%(kind)s）。")
                    % {
                        "kinds": "・".join(str(InstitutionKind(k).label) for k in kinds),
                        "name": application.institution.name,
                        "kind": InstitutionKind(application.institution.kind).label,
                    },
                ),
            )
        )

    for requirement in call.effective_required_institution_kinds:
        if requirement in TeamRequirement.values and not _has_requirement(requirement, accepted):
            problems.append(
                Problem(
                    "members",
                    _rule(TeamRequirement(requirement).label, str(REQUIREMENT_TEXT[TeamRequirement(requirement)])),
                )
            )
    return problems


def attachment_problems(application) -> list[Problem]:
    required = [k for k in application.call.stage.required_attachments or [] if k != AttachmentKind.PROPOSAL]
    if not required:
        return []
    present = set(application.attachments.filter(removed_at__isnull=True).values_list("kind", flat=True))
    return [
        Problem(
            "attachments",
            _rule(
                _("必須の添付ファイル"),
                _("「%(kind)s」が添付されていません。種類「%(kind)s」を選んで添付してください。")
                % {"kind": AttachmentKind(kind).label if kind in AttachmentKind.values else kind},
            ),
        )
        for kind in required
        if kind not in present
    ]


def program_rule_problems(application, *, members, lines) -> list[Problem]:
    return (
        per_year_cap_problems(application.call, lines)
        + composition_problems(application, members)
        + attachment_problems(application)
    )
