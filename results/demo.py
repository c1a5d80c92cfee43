"""Demo step: publish the FY2024 (令和6年度) results of every decided call, as the seed's adoption table."""

from django.contrib.auth import get_user_model

from applications.models import Application, Status
from applications.workflow import PENDING_STATES
from programs.models import Call

from .models import PublicationStatus
from .services import results_publish

SEED_FISCAL_YEAR = 2024


def load(*, today, out) -> None:
    from accounts.models import Role

    director = get_user_model().objects.filter(role=Role.DIRECTOR).order_by("id").first()
    if director is None:
        return
    decided = (
        Call.objects.filter(fiscal_year=SEED_FISCAL_YEAR)
        .exclude(applications__status__in=PENDING_STATES)
        .filter(applications__status=Status.ACCEPTED)
        .exclude(result_publication__status=PublicationStatus.PUBLISHED)
        .distinct()
        .order_by("id")
    )
    published = 0
    for call in decided:
        results_publish(call_id=call.pk, actor=director)
        published += 1
    adopted = Application.objects.filter(
        call__fiscal_year=SEED_FISCAL_YEAR,
        status=Status.ACCEPTED,
        call__result_publication__status=PublicationStatus.PUBLISHED,
    ).count()
    out.write(f"採択一覧: {published} 公募を公開（令和6年度の公開中の採択 {adopted} 件） / results published")
