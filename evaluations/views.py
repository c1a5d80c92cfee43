"""Pages: the evaluation section of the award page, the officer's evaluation board, one evaluation.

Views fetch through `evaluations_for_user` (anything else is a 404), call one service and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.selectors import applications_for_user
from awards.models import Award
from awards.permissions import is_officer_for_award
from awards.schedule import fiscal_years_between
from awards.selectors import award_chain, awards_for_user
from programs.consequences import consequence_text
from programs.models import Program
from sangaku.confirm import confirmation_page, confirmed
from sangaku.nplusone import repeated_on_purpose
from sangaku.web_errors import refusal

from . import services
from .forms import AssignForm, EvaluationCreateForm, OutcomeForm, ScoreForm
from .models import EvaluationStatus, Outcome
from .permissions import is_evaluation_holder, is_evaluation_officer, is_evaluation_staff, sees_panel
from .selectors import evaluation_assignments_for_user, evaluations_for_user, evaluations_of_award, own_assignment
from .workflow import EVALUATION_TRANSITIONS, EVALUATION_WORKFLOW, OUTCOME_ACTIONS


def _chain(request, award) -> list[dict]:
    """award → its evaluations → the promotion application citing it → the next award, for each stage."""
    links = []
    visible_apps = applications_for_user(request.user)
    for link in award_chain(award):
        successor = Award.objects.select_related("application").filter(predecessor=link).first()
        promotion = successor.application if successor is not None else None
        if promotion is None:
            promotion = visible_apps.filter(predecessor_award_id=link.pk).order_by("-id").first()
        links.append(
            {
                "award": link,
                "current": link.pk == award.pk,
                "evaluations": list(evaluations_of_award(request.user, link)),
                "promotion": promotion,
            }
        )
    return links


def award_section(request, award) -> dict:
    """The award page's 中間評価・ステージゲート section (registered in EvaluationsConfig.ready)."""
    officer = is_officer_for_award(request.user, award)
    section = {
        "template": "evaluations/_award_section.html",
        "evaluations": list(evaluations_of_award(request.user, award)),
        "chain": _chain(request, award),
        "is_officer": officer,
        "replaces_chain": True,
    }
    if officer and award.status in ("planned", "active"):
        section["create_form"] = EvaluationCreateForm()
    return section


@login_required
def board(request):
    """評価一覧: officers see the evaluations in their scope per program, by status and outcome;
    anybody else the evaluations they are assigned to as an evaluator."""
    user = request.user
    qs = evaluations_for_user(user)
    staff = is_evaluation_staff(user)
    if not staff:
        qs = qs.filter(assignments__evaluator=user).distinct()
    programs = Program.objects.filter(stages__calls__applications__award__evaluations__in=qs.values("pk")).distinct()
    program = request.GET.get("program", "")
    if program:
        qs = qs.filter(award__application__call__stage__program__code=program)
    status = request.GET.get("status", "")
    if status in EvaluationStatus.values:
        qs = qs.filter(status=status)
    outcome = request.GET.get("outcome", "")
    if outcome in Outcome.values:
        qs = qs.filter(outcome=outcome)
    counts = {
        (row["status"], row["outcome"]): row["n"]
        for row in qs.order_by().values("status", "outcome").annotate(n=Count("id", distinct=True))
    }
    summary = [
        {"label": label, "count": counts.get((value, ""), 0), "status": value, "outcome": ""}
        for value, label in EvaluationStatus.choices
        if value != EvaluationStatus.DECIDED
    ] + [
        {"label": label, "count": counts.get((EvaluationStatus.DECIDED, value), 0), "status": "", "outcome": value}
        for value, label in Outcome.choices
    ]
    return render(
        request,
        "evaluations/board.html",
        {
            "evaluations": qs.order_by("due_on", "id")[:500],
            "programs": programs,
            "program": program,
            "status": status,
            "outcome": outcome,
            "summary": summary,
            "staff": staff,
        },
    )


def _evaluation(request, pk):
    return get_object_or_404(evaluations_for_user(request.user), pk=pk)


def _criteria(evaluation):
    rubric = evaluation.rubric or evaluation.award.application.call.stage.rubric
    return list(rubric.criteria.all()) if rubric else []


def _events(evaluation) -> list[dict]:
    """The history in words: each row's action label and state labels (the stored values stay codes)."""
    rows = []
    for e in evaluation.events.select_related("actor").order_by("at", "id"):
        transition = EVALUATION_TRANSITIONS.get(e.action)
        rows.append(
            {
                "at": e.at,
                "actor": e.actor,
                "note": e.note,
                "label": transition.label if transition else e.action,
                "from": EVALUATION_WORKFLOW.state_label(e.from_status),
                "to": EVALUATION_WORKFLOW.state_label(e.to_status),
            }
        )
    return rows


@login_required
def detail(request, pk):
    evaluation = _evaluation(request, pk)
    user = request.user
    officer = is_evaluation_officer(user, evaluation)
    award = evaluation.award
    context = {
        "evaluation": evaluation,
        "award": award,
        "is_officer": officer,
        "is_holder": is_evaluation_holder(user, evaluation),
        "sees_panel": sees_panel(user, evaluation),
        "panel": evaluation_assignments_for_user(user, evaluation),
        "events": _events(evaluation) if officer else [],
        "budgets": list(award.budgets.all()),
    }
    mine = own_assignment(user, evaluation)
    if mine is not None:
        context["mine"] = mine
        if mine.status == "assigned" and evaluation.status == EvaluationStatus.IN_REVIEW:
            context["score_form"] = ScoreForm(
                criteria=_criteria(evaluation), initial_scores=mine.scores, initial={"comment": mine.comment}
            )
    if officer and evaluation.status in (EvaluationStatus.SCHEDULED, EvaluationStatus.IN_REVIEW):
        context["assign_form"] = AssignForm(evaluators=services.eligible_evaluators(evaluation))
        context["actions"] = [
            {"t": t, "consequence": consequence_text("evaluation", t.action)}
            for t in EVALUATION_WORKFLOW.actions_from(evaluation.status)
        ]
        context["outcome_form"] = OutcomeForm(years=fiscal_years_between(award.starts_on, award.ends_on))
    return render(request, "evaluations/detail.html", context)


@login_required
@require_POST
def create(request, award_pk):
    award = get_object_or_404(awards_for_user(request.user), pk=award_pk)
    form = EvaluationCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("採択後の年度を正しく入力してください。"))
        return redirect("awards:detail", pk=award.pk)
    with refusal(request) as refused:
        evaluation = services.evaluation_create(
            award_id=award.pk, actor=request.user, year_index=form.cleaned_data["year_index"]
        )
    if refused:
        return redirect("awards:detail", pk=award.pk)
    messages.success(request, _("評価を登録しました。"))
    return redirect("evaluations:detail", pk=evaluation.pk)


@login_required
@require_POST
def assign(request, pk):
    evaluation = _evaluation(request, pk)
    from accounts.models import User

    # The service decides (pool, conflicts); an id outside the offered list gets its refusal, not a silent no.
    raw = request.POST.get("evaluator", "")
    evaluator = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if evaluator is None:
        messages.error(request, _("評価委員を選んでください。"))
        return redirect("evaluations:detail", pk=evaluation.pk)
    with refusal(request) as refused:
        services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=evaluator, actor=request.user)
    if not refused:
        messages.success(request, _("評価委員を割り当てました。"))
    return redirect("evaluations:detail", pk=evaluation.pk)


@login_required
@require_POST
def score(request, pk):
    evaluation = _evaluation(request, pk)
    form = ScoreForm(request.POST, criteria=_criteria(evaluation))
    if not form.is_valid():
        messages.error(request, _("評点は整数で入力してください。"))
        return redirect("evaluations:detail", pk=evaluation.pk)
    # Save, then submit: two steps that each lock the evaluator's row.
    with refusal(request) as refused, repeated_on_purpose():
        services.evaluation_score_save(
            evaluation_id=evaluation.pk,
            actor=request.user,
            scores={k: v for k, v in form.scores().items() if v is not None},
            comments=form.comments(),
            comment=form.cleaned_data["comment"],
        )
        if "submit" in request.POST:
            services.evaluation_score_submit(evaluation_id=evaluation.pk, actor=request.user)
    if not refused:
        messages.success(request, _("評価を提出しました。") if "submit" in request.POST else _("評点を保存しました。"))
    return redirect("evaluations:detail", pk=evaluation.pk)


@login_required
@require_POST
def action(request, pk, evaluation_action):
    action = evaluation_action
    evaluation = _evaluation(request, pk)
    award = evaluation.award
    form = OutcomeForm(request.POST, years=fiscal_years_between(award.starts_on, award.ends_on))
    if not form.is_valid():
        messages.error(request, _("入力内容を確認してください。"))
        return redirect("evaluations:detail", pk=evaluation.pk)
    data = form.cleaned_data
    params = {"note": data.get("note", "")}
    if action == Outcome.CONTINUE_WITH_CONDITIONS:
        params["conditions"] = data.get("conditions", "")
    if action == Outcome.BUDGET_CHANGE:
        params["budgets"] = form.budgets()
    if action == Outcome.STOP and data.get("stop_on"):
        params["stop_on"] = data["stop_on"]
    consequence = consequence_text("evaluation", action)
    transition = EVALUATION_TRANSITIONS.get(action)
    if consequence and action in OUTCOME_ACTIONS and not confirmed(request):
        extra = {k: v for k, v in params.items() if k != "note"}
        EVALUATION_WORKFLOW.check(evaluation, action, request.user, note=params["note"], **extra)
        return confirmation_page(
            request,
            consequence=consequence,
            subject=f"{award.award_number} {award.application.title}",
            action_label=transition.label,
            back_url=reverse("evaluations:detail", args=[evaluation.pk]),
        )
    with refusal(request) as refused:
        services.evaluation_transition(evaluation_id=evaluation.pk, action=action, actor=request.user, **params)
    if not refused:
        messages.success(request, _("評価の状態を変更しました。"))
    return redirect("evaluations:detail", pk=evaluation.pk)
