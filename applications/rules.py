"""The rules an application must meet to be submitted, each naming its field.

Used by the submit guard and by the review-before-submit page, so the applicant
sees exactly the problems the server will refuse.
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.fiscal import fiscal_year_of

from .guards import SUBMIT_CHECKS, Problem
from .models import AttachmentKind, BudgetCategory, MemberRole, MembershipStatus
from .program_rules import program_rule_problems

REQUIRED_FIELDS = [
    ("title", gettext_lazy("課題名")),
    ("summary", gettext_lazy("概要")),
    ("keywords", gettext_lazy("キーワード")),
    ("requested_amount", gettext_lazy("申請額")),
    ("duration_months", gettext_lazy("実施期間")),
]


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def submission_problems(application, *, now=None) -> list[Problem]:
    now = now or timezone.now()
    call = application.call
    stage = call.stage
    problems: list[Problem] = []

    if not call.is_open_at(now):
        problems.append(
            Problem(
                "call",
                _("この公募は受付期間外です（締切: %(deadline)s）。")
                % {"deadline": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M JST")},
            )
        )

    for field, label in REQUIRED_FIELDS:
        value = getattr(application, field)
        if value in (None, ""):
            problems.append(Problem(field, _("%(label)sを入力してください。") % {"label": label}))

    prefetched = getattr(application, "_prefetched_objects_cache", {}).get("members")
    members = list(prefetched if prefetched is not None else application.members.select_related("institution", "user"))
    if not any(m.role == MemberRole.PI and m.status == MembershipStatus.ACCEPTED for m in members):
        problems.append(Problem("members", _("研究代表者（PI）を実施体制に1名登録してください。")))
    problems.extend(team_problems(application, members))
    for member in members:
        if member.effort_percent is not None and not 1 <= member.effort_percent <= 100:
            problems.append(
                Problem("members", _("%(name)s のエフォートは1〜100%%で入力してください。") % {"name": member.name})
            )

    if not application.attachments.filter(kind=AttachmentKind.PROPOSAL, removed_at__isnull=True).exists():
        problems.append(
            Problem(
                "attachments",
                _("提案書が添付されていません。種類「提案書」を選んで提案書のファイルを添付してください。"),
            )
        )

    lines = list(application.budget_lines.all())
    total = sum(line.amount for line in lines)
    if not lines:
        problems.append(Problem("budget_lines", _("予算を1行以上入力してください。")))
    elif application.requested_amount is not None and total != application.requested_amount:
        problems.append(
            Problem(
                "requested_amount",
                _("予算の合計（%(total)s）が申請額（%(requested)s）と一致しません。")
                % {"total": _yen(total), "requested": _yen(application.requested_amount)},
            )
        )
    cap = call.effective_max_amount
    if application.requested_amount is not None and application.requested_amount > cap:
        problems.append(
            Problem(
                "requested_amount",
                _("【総額の上限】申請額が上限（%(cap)s）を超えています。") % {"cap": _yen(cap)},
            )
        )
    max_months = call.effective_max_duration_months
    if application.duration_months and application.duration_months > max_months:
        problems.append(
            Problem(
                "duration_months",
                _("【最長期間】実施期間は%(months)sか月以内にしてください。") % {"months": max_months},
            )
        )

    per_year = defaultdict(lambda: {"direct": 0, "indirect": 0})
    for line in lines:
        key = "indirect" if line.category == BudgetCategory.INDIRECT else "direct"
        per_year[line.fiscal_year][key] += line.amount
    direct = sum(v["direct"] for v in per_year.values())
    indirect = sum(v["indirect"] for v in per_year.values())
    rate = stage.indirect_rate_max_percent
    if indirect * 100 > direct * rate:
        problems.append(
            Problem(
                "budget_lines",
                _("間接経費（%(indirect)s）は直接経費（%(direct)s）の%(rate)s%%以内にしてください。")
                % {"indirect": _yen(indirect), "direct": _yen(direct), "rate": rate},
            )
        )
    if application.duration_months and lines:
        first_fy, last_fy = project_fiscal_years(call, application.duration_months)
        outside = sorted({line.fiscal_year for line in lines if not first_fy <= line.fiscal_year <= last_fy})
        if outside:
            problems.append(
                Problem(
                    "budget_lines",
                    _("予算の年度（%(years)s）が実施期間（%(first)s〜%(last)s年度）の外にあります。")
                    % {"years": ", ".join(map(str, outside)), "first": first_fy, "last": last_fy},
                )
            )

    problems.extend(program_rule_problems(application, members=members, lines=lines))

    for check in SUBMIT_CHECKS:
        problems.extend(check(application, now=now))
    return problems


def team_problems(application, members) -> list[Problem]:
    """What the team still lacks, counting only accepted rows (submit and accept both refuse while any is left).

    Each pending invitation by name and role; one PI only; each role the stage requires held by an accepted row;
    the PI's effort where the stage asks; the partners' confirmation where the stage asks (`consent_problems`).
    """
    from .consent import consent_problems

    stage = application.call.stage
    accepted = [m for m in members if m.status == MembershipStatus.ACCEPTED]
    problems: list[Problem] = []
    for member in members:
        if member.status == MembershipStatus.PENDING:
            problems.append(
                Problem(
                    "members",
                    _(
                        "【招待の承諾待ち】%(name)s（%(role)s）がまだ招待を承諾していません。"
                        "承諾されるまで実施体制に数えられません（不要なら実施体制から削除してください）。"
                    )
                    % {"name": member.name, "role": MemberRole(member.role).label},
                    "member_pending",
                )
            )
    pis = [m for m in members if m.role == MemberRole.PI and m.status != MembershipStatus.DECLINED]
    if len(pis) > 1:
        problems.append(
            Problem(
                "members",
                _("研究代表者は1名だけです（現在: %(names)s）。ほかの方の役割を変更してください。")
                % {"names": "、".join(m.name for m in pis)},
                "second_pi",
            )
        )
    roles = {m.role for m in accepted}
    for role in stage.required_team_roles or []:
        if role != MemberRole.PI and role in MemberRole.values and role not in roles:
            problems.append(
                Problem(
                    "members",
                    _("この段階では「%(role)s」を実施体制に含める必要があります（承諾済みの方を数えます）。")
                    % {"role": MemberRole(role).label},
                    "required_role_missing",
                )
            )
    if stage.pi_effort_required:
        pi = next((m for m in accepted if m.role == MemberRole.PI), None)
        if pi is not None and pi.effort_percent is None:
            problems.append(
                Problem(
                    "members",
                    _("【研究代表者のエフォート】%(name)s のエフォート（%%）を入力してください。") % {"name": pi.name},
                    "pi_effort_missing",
                )
            )
    problems.extend(consent_problems(application, members))
    return problems


def team_confirmed(application, **_kwargs) -> list[Problem]:
    """Guard of the accept row: an application whose team is not complete and confirmed is not accepted."""
    members = list(application.members.select_related("institution", "user"))
    return team_problems(application, members)


def fiscal_year_of_month_offset(start, months: int) -> int:
    """Fiscal year in which a project starting at `start` and lasting `months` ends."""
    local = timezone.localtime(start)
    month_index = local.year * 12 + (local.month - 1) + months - 1
    year, month = divmod(month_index, 12)
    return year if month + 1 >= 4 else year - 1


def project_fiscal_years(call, duration_months: int | None) -> tuple[int, int]:
    """First and last fiscal year a project of this call may spend money in.

    Projects start once the call has closed; without a duration only the first year is known.
    """
    start = call.closes_at
    first_fy = max(call.fiscal_year, fiscal_year_of(start))
    if not duration_months:
        return first_fy, first_fy
    return first_fy, max(first_fy, fiscal_year_of_month_offset(start, duration_months))
