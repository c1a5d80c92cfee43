"""Start each award-number sequence at the highest number already given under its prefix."""

from django.db import migrations

# A frozen copy of awards.services._award_number_prefix as it was when this migration was written.
PROGRAM_SHORT = {"GAPFUND": "GF", "COINEXT": "CO"}
STAGE_SHORT = {"STEP1": "S1", "STEP2": "S2", "NURTURING": "N", "FULL_SCALE": "F"}
FIELD_SHORT = {"co_creation": "CO", "regional": "RE", "policy_priority": "PP", "future": "FU"}


def _prefix(call):
    program = call.stage.program.code
    scope = call.platform.code if call.platform_id else FIELD_SHORT.get(call.field, "XX")
    stage = STAGE_SHORT.get(call.stage.code, call.stage.code)
    return f"JPMJ{PROGRAM_SHORT.get(program, program[:2])}{call.fiscal_year % 100:02d}{scope}{stage}"


def forwards(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    NumberSequence = apps.get_model("programs", "NumberSequence")
    highest: dict[str, int] = {}
    rows = Award.objects.select_related(
        "application__call__stage__program", "application__call__platform"
    )
    for award in rows.iterator():
        prefix = _prefix(award.application.call)
        tail = award.award_number[len(prefix) :]
        if award.award_number.startswith(prefix) and tail.isdigit():
            highest[prefix] = max(highest.get(prefix, 0), int(tail))
    for prefix, last in highest.items():
        NumberSequence.objects.update_or_create(kind="award", prefix=prefix, defaults={"last": last})


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_report_attachment"),
        ("programs", "0002_number_sequence"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
