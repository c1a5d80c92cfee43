"""Reads of the public results: adopted projects of published calls only; nothing else about applications."""

from django.db.models import QuerySet

from applications.models import Status
from awards.figures import award_figures_by_call
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
    """Calls whose results are published (their numbers of adopted projects: `adopted_by_call`)."""
    return (
        Call.objects.filter(result_publication__status=PublicationStatus.PUBLISHED)
        .select_related("stage__program", "platform", "result_publication")
        .order_by("-fiscal_year", "stage__program_id", "platform_id", "stage__order", "id")
    )


def adopted_by_call() -> dict[int, int]:
    """The number of published adopted projects per call id, from the award-figure selector."""
    return {call_id: row["awards"] for call_id, row in award_figures_by_call(published_results()).items()}


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
