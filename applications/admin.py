"""Admin: read-mostly views for directors. States change only through the workflow (pages or API)."""

from django.contrib import admin

from .models import Application, ApplicationEvent, Attachment, BudgetLine, TeamMember


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine


class TeamMemberInline(ReadOnlyInline):
    model = TeamMember


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["kind", "original_name", "size", "content_type", "sha256", "uploaded_at", "removed_at"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = ApplicationEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["receipt_number", "title", "applicant", "call", "status", "submitted_at"]
    list_filter = ["status", "call__fiscal_year", "call__stage", "call__platform"]
    search_fields = ["title", "title_en", "receipt_number", "applicant__display_name"]
    list_select_related = ["applicant", "call"]
    readonly_fields = ["status", "receipt_number", "submitted_at", "decided_at", "created_at", "updated_at"]
    raw_id_fields = ["applicant"]
    inlines = [BudgetLineInline, TeamMemberInline, AttachmentInline, EventInline]

    def has_delete_permission(self, request, obj=None):
        return False
