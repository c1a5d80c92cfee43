"""Read-mostly admin: awards and reports change through the services (and leave events), not here."""

from django.contrib import admin

from .models import Award, AwardBudget, AwardEvent, ProgressReport, ReportEvent


class AwardBudgetInline(admin.TabularInline):
    model = AwardBudget
    extra = 0
    readonly_fields = ["fiscal_year", "amount"]
    can_delete = False


class AwardEventInline(admin.TabularInline):
    model = AwardEvent
    extra = 0
    readonly_fields = ["action", "from_status", "to_status", "actor", "note", "at"]
    can_delete = False


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["award_number", "holder", "status", "starts_on", "ends_on", "amount_total"]
    list_filter = ["status", "application__call__stage", "application__call__platform"]
    search_fields = ["award_number", "application__title", "holder__display_name"]
    readonly_fields = [f.name for f in Award._meta.fields]
    inlines = [AwardBudgetInline, AwardEventInline]

    def has_add_permission(self, request):
        return False


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ["action", "from_status", "to_status", "actor", "note", "at"]
    can_delete = False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["award", "kind", "fiscal_year", "due_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["award__award_number"]
    readonly_fields = [f.name for f in ProgressReport._meta.fields]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False
