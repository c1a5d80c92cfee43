"""Receipt numbers (受付番号): given on first submit, serialised per call, never reused."""

from programs.models import Call

from .models import Application


def receipt_prefix(call: Call) -> str:
    stage_short = {"STEP1": "S1", "STEP2": "S2", "NURTURING": "N", "FULL_SCALE": "F"}.get(
        call.stage.code, call.stage.code
    )
    program_short = {"GAPFUND": "GF", "COINEXT": "COI"}.get(call.stage.program.code, call.stage.program.code)
    scope = call.platform.code if call.platform_id else (call.field or "ALL").upper()
    return f"{program_short}-{scope}-{call.fiscal_year}-{stage_short}-"


def assign_receipt_number(application: Application) -> None:
    # Serialise numbering by locking the call row; numbers are never reused.
    call = (
        Call.objects.select_for_update(of=("self",))
        .select_related("stage__program", "platform")
        .get(pk=application.call_id)
    )
    prefix = receipt_prefix(call)
    # Two calls can share a prefix (same platform, year and stage): number across all of them.
    taken = Application.objects.filter(receipt_number__startswith=prefix).count()
    number = f"{prefix}{taken + 1:04d}"
    while Application.objects.filter(receipt_number=number).exists():
        taken += 1
        number = f"{prefix}{taken + 1:04d}"
    application.receipt_number = number
