"""The authorization matrix: every route of the URL configuration × every persona, with the expected answer.

`MATRIX` is the one table: for each route (by URL name) the status a GET and a
POST answer for each persona of `tests/security/matrix_world.py`, in the order of
`PERSONAS`. Each request runs in a transaction that is rolled back, so a POST that
is allowed changes nothing for the next persona. A route that is added to the URL
configuration without a row fails `test_every_route_has_a_row`.

Reading a row: 200/201/202/204 answered; 302 sent elsewhere (to sign-in for
anonymous pages, or back to a page after a POST); 400 refused the empty body
(the persona may act, but must say what); 401 not signed in (API); 403 not allowed; 404 nobody learns
the object exists; 405 method not offered; 409 not in this state.
The Django admin is left out of the table (its routes are the admin's own);
`test_the_admin_is_for_staff_only` checks that no persona here gets into it.
"""

import os

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from .matrix_world import PERSONAS, build_world

pytestmark = pytest.mark.django_db

# Route parameters → the object of the world they name, per route (default: by parameter name).
PARAMS = {
    "call_id": "call",
    "application_pk": "app",
    "application_id": "app",
    "member_id": "member",
    "award_id": "award",
    "award_pk": "award",
}
OBJECT_OF_ROUTE = {
    "call_detail": "call",
    "call-detail": "call",
    "program-detail": "program",
    "stage-detail": "stage",
    "platform-detail": "platform",
    "institution-detail": "institution",
    "application-detail": "app",
    "application-events": "app",
    "application-run-action": "app",
    "application-budget-line-detail": "budget_line",
    "application-member-detail": "member",
    "application-member-consent": "member",
    "application-attachment-detail": "attachment",
    "application-attachment-download": "attachment",
    "assignment-detail": "assignment",
    "assignment-accept": "invited_assignment",
    "assignment-decline": "invited_assignment",
    "review-detail": "review",
    "review-submit": "review",
    "notification-detail": "notification",
    "notification-read": "notification",
    "platform-report-detail": "platform_report",
    "platform-report-download": "platform_report",
    "reviews:accept": "invited_assignment",
    "reviews:decline": "invited_assignment",
    "reviews:review": "review",
    "reviews:autosave": "review",
    "reviews:revise": "review",
    "reviews:external_declare": "reviewer_invitation",
    "notifications:mark_read": "notification",
    "letters:letter": "letter",
    "letters:pdf": "letter",
    "evaluation-detail": "evaluation",
    "evaluation-run-action": "evaluation",
    "evaluation-evaluators": "evaluation",
    "evaluation-score": "evaluation",
    "evaluations:detail": "evaluation",
    "evaluations:assign": "evaluation",
    "evaluations:score": "evaluation",
    "evaluations:action": "evaluation",
    "interview-detail": "interview",
    "interview-run-action": "interview",
    "interview-panel": "interview",
    "interview-score": "interview",
    "interviews:action": "interview",
    "interviews:panel_add": "interview",
    "interviews:score": "interview",
    "contract-detail": "contract",
    "contract-actions": "contract",
    "contract-pdf": "contract",
    "contract-payment-plan": "contract",
    "contract-invoices": "contract",
    "invoice-detail": "invoice",
    "invoice-actions": "invoice",
    "finance:contract": "contract",
    "finance:contract_pdf": "contract",
    "finance:contract_action": "contract",
    "finance:invoice_new": "contract",
    "finance:invoice_action": "invoice",
}
# A route whose parameter names another object than its name usually does.
ROUTE_PARAMS = {
    ("letters:compose", "application_id"): "award_app",
    ("call-interviews-list", "call_id"): "interview_call",
    ("interviews:call", "call_id"): "interview_call",
    ("interviews:add_slot", "call_id"): "interview_call",
    ("interviews:invite", "call_id"): "interview_call",
}
# Readiness answers 503 while no worker heartbeat is in Redis: the same for everybody.
SERVICE_DEPENDENT = {"readyz"}
ACTIONS = {
    "action": "accept",
    "action_name": "accept",
    "award_action": "terminate",
    "report_action": "submit",
    "evaluation_action": "cancel",
    "interview_action": "confirm",
    "allocation_action": "approve",
    "contract_action": "activate",
    "invoice_action": "approve",
}


def _object_for(name: str, param: str) -> str:
    if (name, param) in ROUTE_PARAMS:
        return ROUTE_PARAMS[(name, param)]
    if param in PARAMS:
        return PARAMS[param]
    if param == "file_id":
        return "info_file" if name == "applications:info_file" else "message_file"
    if param == "attachment_id":
        return "report_attachment" if name.startswith(("awards:", "report-")) else "attachment"
    if name in OBJECT_OF_ROUTE:
        return OBJECT_OF_ROUTE[name]
    if name.startswith(("awards:report", "report-")):
        return "report"
    if name.startswith(("awards:", "award-")):
        return "award"
    return "app"  # applications:*, reviews:sheet/decide/applicant_reviews, awards:checks


def routes():
    """(name, parameter names) of every route, once per name; format-suffix twins and the admin left out."""

    def walk(patterns, prefix="", ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(
                    p.url_patterns, prefix + str(p.pattern), ns + (p.namespace + ":" if p.namespace else "")
                )
            else:
                yield prefix + str(p.pattern), ns + (p.name or ""), sorted(p.pattern.regex.groupindex)

    seen = {}
    for route, name, params in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or "format" in params or not name:
            continue
        seen.setdefault(name, params)
    return seen


def url_for(name: str, params: list[str], world: dict) -> str:
    kwargs = {}
    for param in params:
        if param in ACTIONS:
            kwargs[param] = ACTIONS[param]
        else:
            kwargs[param] = world[_object_for(name, param)].pk
    return reverse(name, kwargs=kwargs)


def ask(client, method: str, url: str) -> int:
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response.status_code


def persona_clients(world) -> dict:
    """One client per persona, signed in once (signing in and out per route cost a third of the run)."""
    clients = {}
    for persona in PERSONAS:
        clients[persona] = Client()
        if persona != "anonymous":
            clients[persona].force_login(world["people"][persona])
    return clients


def observe(world, clients, name, params) -> tuple[tuple[int, ...], tuple[int, ...]]:
    url = url_for(name, params, world)
    got = {"get": [], "post": []}
    for persona in PERSONAS:
        for method in ("get", "post"):
            got[method].append(ask(clients[persona], method, url))
        if persona != "anonymous" and "_auth_user_id" not in clients[persona].session:  # that route signed out
            clients[persona].force_login(world["people"][persona])
    return tuple(got["get"]), tuple(got["post"])


# fmt: off
#          anonymous applicant stranger invited reviewer conflicted unassigned officer officer_out director
MATRIX = {
    'api-docs': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'api-root': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'application-attachment-detail': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 405, 404, 405, 405, 404, 404, 405, 404, 405)),
    'application-attachment-download': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 405, 404, 405, 405, 404, 404, 405, 404, 405)),
    'application-attachment-list': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 400, 404, 400, 400, 404, 404, 400, 404, 400)),
    'application-budget-line-detail': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 405, 404, 405, 405, 404, 404, 405, 404, 405)),
    'application-budget-line-list': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 400, 404, 400, 400, 404, 404, 400, 404, 400)),
    'application-checks-list': ((401, 404, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'application-correct-institution': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 403, 403, 404, 404, 400, 404, 400)),
    'application-detail': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'application-events': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'application-letters': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'application-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    'application-member-consent': ((401, 405, 404, 405, 405, 404, 404, 405, 404, 405), (401, 409, 404, 403, 403, 404, 404, 403, 404, 403)),
    'application-member-detail': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 405, 404, 405, 405, 404, 404, 405, 404, 405)),
    'application-member-list': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 400, 404, 400, 400, 404, 404, 400, 404, 400)),
    'application-message-list': ((401, 200, 404, 200, 200, 404, 404, 200, 404, 200), (401, 400, 404, 400, 400, 404, 404, 400, 404, 400)),
    'application-run-action': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 403, 403, 404, 404, 400, 404, 400)),
    'application-scores-list': ((401, 404, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'applications:action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 403, 404, 403, 403, 404, 404, 400, 404, 400)),
    'applications:apply': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    'applications:attachment_delete': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 200, 404, 403, 403, 404, 404, 403, 404, 403)),
    'applications:attachment_download': ((302, 200, 404, 200, 200, 404, 404, 200, 404, 200), (302, 200, 404, 200, 200, 404, 404, 200, 404, 200)),
    'applications:consent': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    'applications:detail': ((302, 200, 404, 200, 200, 404, 404, 200, 404, 200), (302, 200, 404, 200, 200, 404, 404, 200, 404, 200)),
    'applications:edit': ((302, 302, 404, 302, 302, 404, 404, 302, 404, 302), (302, 302, 404, 302, 302, 404, 404, 302, 404, 302)),
    'applications:info_file': ((302, 200, 404, 200, 200, 404, 404, 200, 404, 200), (302, 200, 404, 200, 200, 404, 404, 200, 404, 200)),
    'applications:invitation_answer': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    'applications:institution_correct': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'applications:invitation_join': ((400, 400, 400, 400, 400, 400, 400, 400, 400, 400), (400, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    'applications:member_delete': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 200, 404, 403, 403, 404, 404, 403, 404, 403)),
    'applications:mine': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'applications:officer_export': ((302, 404, 404, 404, 404, 404, 404, 200, 200, 200), (302, 404, 404, 404, 404, 404, 404, 200, 200, 200)),
    'applications:officer_list': ((302, 404, 404, 404, 404, 404, 404, 200, 200, 200), (302, 404, 404, 404, 404, 404, 404, 200, 200, 200)),
    'applications:receipt': ((302, 200, 404, 200, 200, 404, 404, 200, 404, 200), (302, 200, 404, 200, 200, 404, 404, 200, 404, 200)),
    'applications:submit': ((302, 200, 404, 404, 404, 404, 404, 404, 404, 404), (302, 409, 404, 404, 404, 404, 404, 404, 404, 404)),
    'applications:withdraw': ((302, 200, 404, 404, 404, 404, 404, 404, 404, 404), (302, 200, 404, 404, 404, 404, 404, 404, 404, 404)),
    'assignment-accept': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    'assignment-decline': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 404, 404, 200, 404, 404, 404, 404, 404, 404)),
    'assignment-detail': ((401, 404, 404, 404, 200, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'assignment-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    'award-adjust-budgets': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 404, 404, 404, 400, 404, 400)),
    'award-allocation': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'award-allocation-action': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 404, 404, 404, 200, 404, 409)),
    'award-award-action': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 404, 404, 404, 400, 404, 400)),
    'award-detail': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'award-end-date': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 404, 404, 404, 400, 404, 400)),
    'award-evaluation-list': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 403, 404, 404, 404, 404, 404, 400, 404, 400)),
    'award-events': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'award-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'award-totals': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'award-reports': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'awards:adjust_budgets': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 404, 404, 404, 302, 404, 302)),
    'awards:award_action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 404, 404, 404, 302, 404, 302)),
    'awards:change_end_date': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 404, 404, 404, 302, 404, 302)),
    'awards:checks': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    'awards:detail': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'awards:mine': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'awards:officer_list': ((302, 302, 302, 302, 302, 302, 302, 200, 200, 200), (302, 302, 302, 302, 302, 302, 302, 200, 200, 200)),
    'awards:report': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 302, 404, 404, 404, 404, 404, 404, 404, 404)),
    'awards:report_action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 403, 404, 404, 404, 404, 404, 409, 404, 409)),
    'awards:report_attach': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 404, 404, 404, 302, 404, 302)),
    'awards:report_attachment_download': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'call-auto-assign-list': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 404, 404, 404, 404, 404, 404, 201, 404, 201)),
    'call-bids': ((401, 404, 404, 200, 200, 200, 200, 404, 404, 404), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'call-detail': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 405)),
    'call-export': ((401, 404, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'call-interviews-list': ((401, 404, 404, 404, 404, 404, 404, 200, 404, 200), (401, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'call-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 400)),
    'call-ranking-list': ((401, 404, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'call-reviewer-invitations': ((401, 404, 404, 404, 404, 404, 404, 200, 404, 200), (401, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'call_detail': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'conflict-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    'contract-actions': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 404, 404, 404, 200, 404, 200)),
    'contract-detail': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'contract-invoices': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 400, 404, 404, 404, 404, 404, 400, 404, 400)),
    'contract-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'contract-payment-plan': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'contract-pdf': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'conversations:delivery': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    'conversations:file': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'conversations:post': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 400, 404, 400, 400, 404, 404, 400, 404, 400)),
    'evaluation-detail': ((401, 200, 404, 404, 200, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'evaluation-evaluators': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 403, 404, 404, 400, 404, 400)),
    'evaluation-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'evaluation-run-action': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 403, 404, 404, 400, 404, 400)),
    'evaluation-score': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 404, 404, 404, 200, 404, 404, 404, 404, 404)),
    'evaluations:action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 302, 404, 404, 302, 404, 302)),
    'evaluations:assign': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 302, 404, 404, 302, 404, 302)),
    'evaluations:board': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'evaluations:create': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 404, 404, 404, 302, 404, 302)),
    'evaluations:detail': ((302, 200, 404, 404, 200, 404, 404, 200, 404, 200), (302, 200, 404, 404, 200, 404, 404, 200, 404, 200)),
    'evaluations:score': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 302, 404, 404, 404, 404, 404)),
    'finance:allocation': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'finance:allocation_action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 403, 404, 404, 404, 404, 404, 409, 404, 409)),
    'finance:board': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'finance:contract': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'finance:contract_action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 403, 404, 404, 404, 404, 404, 200, 404, 200)),
    'finance:contract_pdf': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'finance:invoice_action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 403, 404, 404, 404, 404, 404, 200, 404, 200)),
    'finance:invoice_new': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 404, 404, 404, 302, 404, 302)),
    'healthz': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'home': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'institution-detail': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 405)),
    'institution-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 400)),
    'interview-detail': ((401, 200, 404, 404, 200, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'interview-panel': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 403, 404, 404, 400, 404, 400)),
    'interview-run-action': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 200, 404, 404, 403, 404, 404, 403, 404, 403)),
    'interview-score': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 400, 404, 404, 403, 404, 403)),
    'interviews:action': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 400, 404, 404, 400, 404, 404, 400, 404, 400)),
    'interviews:add_slot': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'interviews:call': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    'interviews:invite': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'interviews:mine': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'interviews:panel_add': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 302, 404, 302)),
    'interviews:score': ((302, 404, 404, 404, 200, 404, 404, 404, 404, 404), (302, 404, 404, 404, 400, 404, 404, 404, 404, 404)),
    'invitation-accept': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    'invitation-decline': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    'invitation-detail': ((401, 404, 404, 404, 404, 404, 404, 404, 404, 404), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'invitation-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'invoice-actions': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 403, 404, 404, 404, 404, 404, 200, 404, 200)),
    'invoice-detail': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'invoice-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'letters:batch': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'letters:compose': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'letters:letter': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'letters:pdf': ((302, 200, 404, 404, 404, 404, 404, 200, 404, 200), (302, 200, 404, 404, 404, 404, 404, 200, 404, 200)),
    'letters:templates': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'login': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'logout': ((405, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    'notification-detail': ((401, 200, 404, 404, 404, 404, 404, 404, 404, 404), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'notification-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'notification-read': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 200, 404, 404, 404, 404, 404, 404, 404, 404)),
    'notification-read-all': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'notification-unread-count': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'notifications:inbox': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'notifications:mark_all_read': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    'notifications:mark_read': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 404, 404, 404, 404, 404, 404, 404, 404)),
    'password_reset': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'password_reset_complete': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'password_reset_confirm': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'password_reset_done': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'platform-detail': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 405)),
    'platform-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 400)),
    'platform-report-detail': ((401, 403, 403, 403, 403, 403, 403, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 405, 405, 405)),
    'platform-report-download': ((401, 403, 403, 403, 403, 403, 403, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 405, 405, 405)),
    'platform-report-list': ((401, 403, 403, 403, 403, 403, 403, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 202, 202, 202)),
    'program-detail': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 405)),
    'program-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 400)),
    'public-results': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'readyz': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'report-attachment-download': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'report-attachments': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 400, 404, 404, 404, 404, 404, 400, 404, 400)),
    'report-detail': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'report-events': ((401, 200, 404, 404, 404, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'report-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'report-run-action': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 200, 404, 404, 404, 404, 404, 403, 404, 403)),
    'reporting:dashboard': ((302, 404, 404, 404, 404, 404, 404, 200, 200, 200), (302, 404, 404, 404, 404, 404, 404, 200, 200, 200)),
    'reporting:office': ((302, 404, 404, 404, 404, 404, 404, 200, 200, 200), (302, 404, 404, 404, 404, 404, 404, 200, 200, 200)),
    'reporting:rebuild': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 302, 302, 302)),
    'results:call': ((404, 404, 404, 404, 404, 404, 404, 404, 404, 404), (404, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    'results:export_csv': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'results:export_xlsx': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'results:index': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'results:manage': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'review-detail': ((401, 404, 404, 404, 200, 404, 404, 200, 404, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'review-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'review-submit': ((401, 405, 405, 405, 405, 405, 405, 405, 405, 405), (401, 404, 404, 404, 400, 404, 404, 404, 404, 404)),
    'reviews:accept': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 302, 404, 404, 404, 404, 404, 404)),
    'reviews:applicant_reviews': ((302, 404, 404, 404, 404, 404, 404, 404, 404, 404), (302, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    'reviews:assign': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 302, 404, 302)),
    'reviews:auto_assign': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 302, 404, 302)),
    'reviews:autosave': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 200, 404, 404, 404, 404, 404)),
    'reviews:bids': ((302, 404, 404, 200, 200, 200, 200, 404, 404, 404), (302, 404, 404, 302, 302, 302, 302, 404, 404, 404)),
    'reviews:board': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    'reviews:calls': ((302, 404, 404, 404, 404, 404, 404, 200, 200, 200), (302, 404, 404, 404, 404, 404, 404, 200, 200, 200)),
    'reviews:chair': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 302, 404, 302)),
    'reviews:conflict': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 302, 404, 302)),
    'reviews:decide': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 302, 404, 302)),
    'reviews:decline': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 302, 404, 404, 404, 404, 404, 404)),
    'reviews:discussion': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    'reviews:discussion_post': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'reviews:external_declare': ((302, 404, 404, 404, 404, 404, 302, 404, 404, 404), (302, 404, 404, 404, 404, 404, 302, 404, 404, 404)),
    'reviews:external_invitations': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    'reviews:external_join': ((400, 400, 400, 400, 400, 400, 400, 400, 400, 400), (400, 400, 400, 400, 400, 400, 400, 400, 400, 400)),
    'reviews:meta_review': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 400, 404, 400)),
    'reviews:ranking': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    'reviews:review': ((302, 404, 404, 404, 200, 404, 404, 404, 404, 404), (302, 404, 404, 404, 200, 404, 404, 404, 404, 404)),
    'reviews:revise': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 404, 404, 404, 404, 404, 404, 404, 404, 404)),
    'reviews:sheet': ((302, 404, 404, 404, 404, 404, 404, 200, 404, 200), (302, 404, 404, 404, 404, 404, 404, 200, 404, 200)),
    'reviews:workspace': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'schema': ((200, 200, 200, 200, 200, 200, 200, 200, 200, 200), (405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    'set_language': ((302, 302, 302, 302, 302, 302, 302, 302, 302, 302), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    'stage-detail': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 405)),
    'stage-list': ((401, 200, 200, 200, 200, 200, 200, 200, 200, 200), (401, 403, 403, 403, 403, 403, 403, 403, 403, 400)),
    'start': ((302, 302, 302, 302, 302, 302, 302, 302, 302, 302), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    'two_factor': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'two_factor_recovery_codes': ((302, 405, 405, 405, 405, 405, 405, 405, 405, 405), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
    'two_factor_setup': ((302, 200, 200, 200, 200, 200, 200, 200, 200, 200), (302, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    'two_factor_verify': ((302, 302, 302, 302, 302, 302, 302, 302, 302, 302), (302, 302, 302, 302, 302, 302, 302, 302, 302, 302)),
}
# fmt: on


@pytest.fixture
def world(catalog):
    return build_world(catalog)


def test_every_route_has_a_row():
    missing = sorted(set(routes()) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(routes()))
    assert not missing, f"routes without a row in MATRIX: {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_every_route_answers_every_persona_as_the_matrix_says(world):
    wrong = {}
    observed = {}
    clients = persona_clients(world)
    for name, params in sorted(routes().items()):
        got = observe(world, clients, name, params)
        observed[name] = got
        if name in SERVICE_DEPENDENT:  # the answer depends on the services running, never on who asks
            assert len(set(got[0])) == 1 and got[0][0] in (200, 503), (name, got)
            got = (MATRIX[name][0], got[1])
        if MATRIX.get(name) != got:
            wrong[name] = {"expected": MATRIX.get(name), "got": got}
    if os.environ.get("MATRIX_PRINT"):
        for name, (get, post) in observed.items():
            print(f"    {name!r}: ({get}, {post}),")
    assert not wrong, wrong


def test_the_admin_is_for_staff_only(world, client):
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(world["people"][persona])
        for url in ("/admin/", f"/admin/applications/application/{world['app'].pk}/change/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), (persona, url)
