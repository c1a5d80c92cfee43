"""Dashboard drill-down: each count of the platform report links to the officer list it counts,
with the row's program, stage, platform, field and year (and the column's status) chosen in its filters."""

from urllib.parse import urlencode

from django.urls import reverse

# column → (list, extra filter parameters); columns absent here are not links.
APPLICATION_COLUMNS = {
    "received": {},
    "screening": {"phase": "screening"},
    "in_review": {"phase": "in_review"},
    "accepted": {"status": "accepted"},
    "rejected": {"phase": "rejected"},
    "withdrawn": {"status": "withdrawn"},
    "amount_requested": {},
}
AWARD_COLUMNS = {
    "awards_planned": {"status": "planned"},
    "awards_active": {"status": "active"},
    "awards_completed": {"status": "completed"},
    "awards_terminated": {"status": "terminated"},
    "awards_promoted": {"status": "promoted"},
    "amount_awarded": {},
    "reports_overdue": {"overdue": "true"},
}


def drill_url(row: dict, key: str) -> str:
    """The filtered list behind one cell of a report row, or "" when the column has no list."""
    if key in APPLICATION_COLUMNS:
        params = {"stage": row.get("stage"), "platform": row.get("platform"), "fiscal_year": row.get("fiscal_year")}
        params.update(field=row.get("field"), **APPLICATION_COLUMNS[key])
        return _url("applications:officer_list", params)
    if key in AWARD_COLUMNS:
        params = {
            "program": row.get("program"),
            "stage": row.get("stage"),
            "platform": row.get("platform"),
            "fiscal_year": row.get("fiscal_year"),
            "field": row.get("field"),
        }
        params.update(AWARD_COLUMNS[key])
        return _url("awards:officer_list", params)
    return ""


def _url(name: str, params: dict) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"
