import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from programs import seed_data
from programs.models import Call, Platform, Stage


def snapshot() -> dict[str, list]:
    """Every row of every model, serialised, keyed by model."""
    snap = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth", "authtoken"}:
            continue
        if model._meta.label == "reliability.CacheGeneration":
            continue  # a counter that retires cached rankings whenever a call is saved: no data of the demo's own
        rows = serializers.serialize("python", model.objects.order_by("pk"))
        for row in rows:
            row["fields"].pop("last_login", None)
        snap[model._meta.label] = rows
    return snap


@pytest.mark.django_db
def test_catalog_loader_twice_changes_nothing():
    from programs import demo

    today = timezone.now().date()
    demo.load(today=today, out=io.StringIO())
    first = snapshot()
    demo.load(today=today, out=io.StringIO())
    assert snapshot() == first


@pytest.mark.django_db
def test_demo_catalog_has_the_nine_platforms_of_the_seed_with_their_lead_institutions(catalog):
    platforms = {p.code: p for p in Platform.objects.prefetch_related("lead_institutions")}
    assert list(platforms) == ["TESH", "IJIE", "HSFC", "KSAC", "MASP", "PARKS", "GTIE", "PSI", "TONGALI"]
    assert {i.name for i in platforms["GTIE"].lead_institutions.all()} == {"東京大学", "早稲田大学", "東京科学大学"}
    assert platforms["KSAC"].region == "関西"
    assert platforms["PARKS"].institution_count == 20


@pytest.mark.django_db
def test_demo_has_closed_fy2024_calls_and_open_calls_today_for_every_platform_and_coinext(catalog):
    now = timezone.now()
    for platform in seed_data.PLATFORMS:
        historical = Call.objects.filter(platform__code=platform["code"], fiscal_year=2024)
        assert sorted(historical.values_list("stage__code", flat=True)) == ["STEP1", "STEP2"]
        assert not any(c.is_open_at(now) for c in historical)
        open_now = Call.objects.open_at(now).filter(platform__code=platform["code"])
        assert sorted(open_now.values_list("stage__code", flat=True)) == ["STEP1", "STEP2"]
    assert Call.objects.open_at(now).filter(stage__program__code="COINEXT").count() >= 2


@pytest.mark.django_db
def test_full_scale_stage_follows_nurturing_and_step2_follows_step1(catalog):
    full = Stage.objects.get(code="FULL_SCALE")
    assert full.predecessor.code == "NURTURING" and full.predecessor_required
    assert Stage.objects.get(code="STEP2").predecessor.code == "STEP1"
    assert "commercialisation_partner" in Stage.objects.get(code="STEP2").required_team_roles


@pytest.mark.django_db
def test_demo_prints_the_demo_users_with_their_password():
    from programs import demo

    out = io.StringIO()
    demo.load(today=timezone.now().date(), out=io.StringIO())
    demo.print_users(out)
    text = out.getvalue()
    for username in ("director", "officer-ksac", "applicant", "reviewer1"):
        assert username in text
    assert "sangaku-demo-2026" in text


@pytest.mark.django_db
def test_load_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert not Platform.objects.exists()
