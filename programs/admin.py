from django.contrib import admin

from .models import Call, Criterion, Institution, Platform, Program, Rubric, Stage


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "name_en")


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "region", "institution_count")
    filter_horizontal = ("lead_institutions", "member_institutions")


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "uses_platforms", "uses_fields")


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "program",
        "order",
        "max_amount",
        "predecessor",
        "predecessor_required",
    )
    list_filter = ("program",)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    inlines = [CriterionInline]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "title",
        "stage",
        "platform",
        "field",
        "fiscal_year",
        "opens_at",
        "closes_at",
        "published",
    )
    list_filter = ("stage", "platform", "fiscal_year", "published")
    search_fields = ("code", "title")
