from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from conference.models import Edition, Membership, Organisation, OutgoingEmail, SiteSettings, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_coordinator", "is_staff", "is_active"]
    list_filter = ["is_coordinator", "is_staff", "is_active"]
    search_fields = ["email", "display_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        ("Roles", {"fields": ["is_active", "is_coordinator", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "mode", "is_published"]
    list_filter = ["is_published", "mode"]
    search_fields = ["title", "motto"]
    prepopulated_fields = {"slug": ["title"]}


admin.site.register(SiteSettings)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox: claimed but not sent means the send did not finish (see conference.tasks)."""

    list_display = ["subject", "to", "created_at", "claimed_at", "sent_at", "attempts"]
    list_filter = ["sent_at", "claimed_at"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [
        "key",
        "to",
        "subject",
        "body_text",
        "body_html",
        "attachments",
        "attempts",
        "last_error",
        "claimed_at",
        "sent_at",
    ]
