"""Admin for superusers; coordinators work in the portal's own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workgroups.models import (
    Commitment,
    Goal,
    NextStep,
    ProgressReport,
    QuickWin,
    ReportReminder,
    Workgroup,
    WorkgroupMembership,
)


class MembershipInline(admin.TabularInline):
    """People with an account (user), or without one (name only: no e-mail, never the lead)."""

    model = WorkgroupMembership
    extra = 0
    fields = ["user", "name", "organisation", "function", "role", "status", "is_experience_expert"]
    raw_id_fields = ["user", "organisation"]


@admin.register(Workgroup)
class WorkgroupAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "started_in"]
    list_filter = ["status"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["origin_theme"]
    inlines = [MembershipInline]


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workgroup", "status", "progress"]
    list_filter = ["status"]


class QuickWinInline(admin.TabularInline):
    model = QuickWin
    extra = 0


class NextStepInline(admin.TabularInline):
    model = NextStep
    extra = 0
    raw_id_fields = ["owner_organisation"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["workgroup", "conference", "period_end", "status", "decision", "decided_on"]
    list_filter = ["status", "decision"]
    raw_id_fields = ["author", "decided_by", "merge_with"]
    inlines = [QuickWinInline, NextStepInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["organisation", "description", "hours", "amount", "conference", "workgroup", "status"]
    list_filter = ["status", "kind"]


@admin.register(ReportReminder)
class ReportReminderAdmin(admin.ModelAdmin):
    list_display = ["workgroup", "conference", "lead", "created_at"]
