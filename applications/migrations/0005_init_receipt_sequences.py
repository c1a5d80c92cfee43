"""Start each receipt-number sequence at the highest number already given under its prefix."""

from django.db import migrations

# A frozen copy of applications.numbering.receipt_prefix as it was when this migration was written.
STAGE_SHORT = {"STEP1": "S1", "STEP2": "S2", "NURTURING": "N", "FULL_SCALE": "F"}
PROGRAM_SHORT = {"GAPFUND": "GF", "COINEXT": "COI"}


def _prefix(call):
    stage_short = STAGE_SHORT.get(call.stage.code, call.stage.code)
    program_short = PROGRAM_SHORT.get(call.stage.program.code, call.stage.program.code)
    scope = call.platform.code if call.platform_id else (call.field or "ALL").upper()
    return f"{program_short}-{scope}-{call.fiscal_year}-{stage_short}-"


def forwards(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    NumberSequence = apps.get_model("programs", "NumberSequence")
    highest: dict[str, int] = {}
    rows = Application.objects.exclude(receipt_number=None).select_related("call__stage__program", "call__platform")
    for application in rows.iterator():
        prefix = _prefix(application.call)
        tail = application.receipt_number[len(prefix) :]
        if application.receipt_number.startswith(prefix) and tail.isdigit():
            highest[prefix] = max(highest.get(prefix, 0), int(tail))
    for prefix, last in highest.items():
        NumberSequence.objects.update_or_create(kind="receipt", prefix=prefix, defaults={"last": last})


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_predecessor_award_id_without_fk"),
        ("programs", "0002_number_sequence"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
