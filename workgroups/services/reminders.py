"""Reminding workgroup leads of their progress report before an edition."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from conference.models import Edition
from workgroups import notifications
from workgroups.models import (
    ProgressReport,
    ReportReminder,
    Workgroup,
    WorkgroupMembership,
)

# Reminders ----------------------------------------------------------------------------------


def reminder_weeks() -> int:
    return settings.WORKGROUP_REMINDER_WEEKS


def queue_report_reminders(*, now=None, weeks: int | None = None) -> int:
    """Remind each lead of an active workgroup without a submitted report for an edition soon.

    Safe to run as often as a scheduler likes: a reminder is stored once per lead per edition
    (unique constraint), and the e-mail once per reminder.
    """
    now = now or timezone.now()
    weeks = reminder_weeks() if weeks is None else weeks
    editions = Edition.objects.published().filter(starts_at__gt=now, starts_at__lte=now + timedelta(weeks=weeks))
    count = 0
    for edition in editions:
        done = ProgressReport.objects.filter(conference=edition).exclude(status=ProgressReport.Status.DRAFT)
        leads = (
            WorkgroupMembership.objects.filter(
                status=WorkgroupMembership.Status.ACTIVE,
                role=WorkgroupMembership.Role.LEAD,
                workgroup__status=Workgroup.Status.ACTIVE,
            )
            .exclude(workgroup_id__in=done.values("workgroup_id"))
            .select_related("workgroup", "user")
        )
        for lead in leads:
            count += _remind(lead, edition)
    return count


@transaction.atomic
def _remind(lead: WorkgroupMembership, edition: Edition) -> int:
    reminder, created = ReportReminder.objects.get_or_create(
        workgroup=lead.workgroup, conference=edition, lead=lead.user
    )
    if not created:
        return 0
    reminder.email = notifications.report_reminder(lead, edition)
    reminder.save(update_fields=["email"])
    return 1
