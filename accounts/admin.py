from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (
            _("産学"),
            {
                "fields": (
                    "display_name",
                    "display_name_en",
                    "researcher_number",
                    "affiliation",
                    "is_research_office",
                    "role",
                    "officer_platforms",
                    "officer_programs",
                    "preferred_language",
                )
            },
        ),
    )
    list_display = (
        "username",
        "display_name",
        "role",
        "affiliation",
        "researcher_number",
        "is_active",
    )
    list_filter = ("role", "is_research_office", "is_active")
    search_fields = ("username", "display_name", "researcher_number", "email")
    filter_horizontal = ("officer_platforms", "officer_programs")
