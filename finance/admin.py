"""Admin: a program's finance rules are edited here (rules as data); contracts are read-only (they change
through the services and leave events)."""

from django.contrib import admin

from .models import Contract, ContractEvent, FinanceRule


@admin.register(FinanceRule)
class FinanceRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "indirect_rate_percent", "reminder_days", "escalation_days", "instalments"]


class ContractEventInline(admin.TabularInline):
    model = ContractEvent
    extra = 0
    readonly_fields = ["action", "from_status", "to_status", "actor", "note", "at"]
    can_delete = False


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "institution", "fiscal_year", "revision", "status", "amount"]
    list_filter = ["status", "fiscal_year"]
    search_fields = ["number", "award__award_number", "institution__name"]
    readonly_fields = [f.name for f in Contract._meta.fields]
    inlines = [ContractEventInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
