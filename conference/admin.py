from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from conference import privacy, selectors
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

    # Deleting here takes the same path as 'My data': votes keep counting, the waiting list moves up,
    # contributions stay with the placeholder "former participant" (conference.privacy).
    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_placeholder or selectors.is_last_coordinator(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        privacy.delete_account(user=obj, deleted_by=request.user)

    def delete_queryset(self, request, queryset):
        privacy.delete_accounts(users=list(queryset), deleted_by=request.user)


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
