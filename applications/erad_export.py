"""e-Rad-ready export of one call (公募ごとの申請一覧): one row per application the funder received.

Receipt number, title, the PI and every co-investigator with 研究者番号, institution and effort, and the
budget per fiscal year split into direct and indirect costs; Japanese headers. Every cell goes through
`sangaku.spreadsheet.safe_row` (no formula injection). Only accepted team rows count.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from programs.models import Call
from programs.selectors import officer_scope_q
from sangaku.errors import NotFound
from sangaku.spreadsheet import safe_row

from .models import BudgetCategory, MemberRole, MembershipStatus, Status
from .selectors import applications_for_user


def export_call_for_user(user, call_id) -> Call:
    """The call, if `user` is a director or an officer in its scope; anything else is a 404."""
    qs = Call.objects.select_related("stage__program", "platform")
    if getattr(user, "is_authenticated", False) and not user.is_director and user.is_officer:
        qs = qs.filter(officer_scope_q(user, platform_path="platform", program_path="stage__program"))
    elif not (getattr(user, "is_authenticated", False) and user.is_director):
        qs = qs.none()
    call = qs.filter(pk=call_id).first()
    if call is None:
        raise NotFound(_("公募が見つかりません。"))
    return call


def _researchers(application):
    members = [m for m in application.members.all() if m.status == MembershipStatus.ACCEPTED]
    pi = next((m for m in members if m.role == MemberRole.PI), None)
    co = [m for m in members if m.role == MemberRole.CO_INVESTIGATOR]
    return pi, co


def export_table(user, call) -> tuple[list[str], list[list]]:
    """Headers and rows (one per received application of `call` that `user` may see)."""
    applications = list(
        applications_for_user(user)
        .filter(call=call, receipt_number__isnull=False)
        .exclude(status=Status.INSTITUTION_REVIEW)
        .select_related("applicant", "institution")
        .prefetch_related("members__user", "members__institution", "budget_lines")
        .order_by("receipt_number")
    )
    years = sorted({line.fiscal_year for a in applications for line in a.budget_lines.all()})
    co_max = max((len(_researchers(a)[1]) for a in applications), default=0)
    headers = [
        _("受付番号"),
        _("課題名"),
        _("状態"),
        _("研究代表者"),
        _("研究代表者 研究者番号"),
        _("研究代表機関"),
        _("研究代表者 エフォート（%）"),
    ]
    for n in range(1, co_max + 1):
        headers += [
            _("共同研究者%(n)s 氏名") % {"n": n},
            _("共同研究者%(n)s 研究者番号") % {"n": n},
            _("共同研究者%(n)s 所属機関") % {"n": n},
            _("共同研究者%(n)s エフォート（%%）") % {"n": n},
        ]
    for year in years:
        headers += [
            _("%(year)s年度 直接経費（円）") % {"year": year},
            _("%(year)s年度 間接経費（円）") % {"year": year},
        ]
    headers += [_("直接経費 合計（円）"), _("間接経費 合計（円）"), _("合計（円）")]
    rows = []
    for application in applications:
        pi, co = _researchers(application)
        row = [
            application.receipt_number,
            application.title,
            str(Status(application.status).label),
            pi.name if pi else str(application.applicant),
            (pi.effective_researcher_number if pi else "") or application.applicant.researcher_number or "",
            application.institution.name,
            pi.effort_percent if pi else None,
        ]
        for n in range(co_max):
            if n < len(co):
                m = co[n]
                row += [
                    m.name,
                    m.effective_researcher_number,
                    m.institution.name if m.institution_id else "",
                    m.effort_percent,
                ]
            else:
                row += ["", "", "", None]
        per_year = {}
        for line in application.budget_lines.all():
            kind = "indirect" if line.category == BudgetCategory.INDIRECT else "direct"
            per_year.setdefault(line.fiscal_year, {"direct": 0, "indirect": 0})[kind] += line.amount
        for year in years:
            amounts = per_year.get(year, {"direct": 0, "indirect": 0})
            row += [amounts["direct"], amounts["indirect"]]
        direct = sum(v["direct"] for v in per_year.values())
        indirect = sum(v["indirect"] for v in per_year.values())
        row += [direct, indirect, direct + indirect]
        rows.append(row)
    return headers, rows


def to_csv(headers, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(headers))
    for row in rows:
        writer.writerow(safe_row(row))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("申請一覧"))
    sheet.append(safe_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(safe_row(row))
    for column, header in enumerate(headers, start=1):
        if "（円）" in header:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
