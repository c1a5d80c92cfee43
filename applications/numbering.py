"""Receipt numbers (受付番号): given on first submit, serialised per call, never reused."""

from programs.models import Call
from programs.numbering import RECEIPT, highest_suffix, next_number

from .models import Application


def receipt_prefix(call: Call) -> str:
    stage_short = {"STEP1": "S1", "STEP2": "S2", "NURTURING": "N", "FULL_SCALE": "F"}.get(
        call.stage.code, call.stage.code
    )
    program_short = {"GAPFUND": "GF", "COINEXT": "COI"}.get(call.stage.program.code, call.stage.program.code)
    scope = call.platform.code if call.platform_id else (call.field or "ALL").upper()
    return f"{program_short}-{scope}-{call.fiscal_year}-{stage_short}-"


def assign_receipt_number(application: Application) -> None:
    # Calls that share a prefix (same platform, year and stage) share one sequence row, so
    # concurrent submits into either of them never get the same number; numbers are never reused.
    # The call, its stage, program and platform come with the locked row (the workflow's `related`).
    call = application.call
    prefix = receipt_prefix(call)

    def highest_in_use() -> int:
        numbers = Application.objects.filter(receipt_number__startswith=prefix).values_list("receipt_number", flat=True)
        return highest_suffix(numbers, prefix)

    number = f"{prefix}{next_number(RECEIPT, prefix, start=highest_in_use):04d}"
    while Application.objects.filter(receipt_number=number).exists():  # a number typed in by hand
        number = f"{prefix}{next_number(RECEIPT, prefix, start=highest_in_use):04d}"
    application.receipt_number = number
