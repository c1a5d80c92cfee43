"""Reads of the public results: adopted projects of published calls only; nothing else about applications."""

from django.db.models import Count, Q, QuerySet

from applications.models import Status
from awards.models import Award
from programs.models import Call

from .models import PublicationStatus, ResultPublication


def published_results() -> QuerySet[Award]:
    """Every adopted project (an award from an accepted application) of a call whose results are published."""
    return (
        Award.objects.filter(
            application__status=Status.ACCEPTED,
            application__call__result_publication__status=PublicationStatus.PUBLISHED,
        )
        .select_related(
            "application__call__stage__program",
            "application__call__platform",
            "application__call__result_publication",
            "application__institution",
            "holder",
        )
        .order_by(
            "-application__call__fiscal_year", "application__call__platform_id", "application__call_id", "award_number"
        )
    )


def published_calls() -> QuerySet[Call]:
    return (
        Call.objects.filter(result_publication__status=PublicationStatus.PUBLISHED)
        .select_related("stage__program", "platform", "result_publication")
        .annotate(adopted=Count("applications", filter=Q(applications__status=Status.ACCEPTED)))
        .order_by("-fiscal_year", "stage__program_id", "platform_id", "stage__order", "id")
    )


def publication_of(call) -> ResultPublication | None:
    return ResultPublication.objects.filter(call=call).first()


def adopted_preview(call) -> QuerySet[Award]:
    """What publishing would show for this call (for the officer, before publishing)."""
    return (
        Award.objects.filter(application__call=call, application__status=Status.ACCEPTED)
        .select_related(
            "application__institution", "holder", "application__call__stage__program", "application__call__platform"
        )
        .order_by("award_number")
    )
