"""The e-mails of the workgroups app, queued in the portal's outbox (``conference.notifications``).

Templates: ``workgroups/email/<name>_subject.txt``, ``_body.txt`` and ``_body.html``.
"""

from django.urls import reverse

from conference.mail import absolute_url
from conference.models import OutgoingEmail
from conference.notifications import in_portal_language, queue_email
from workgroups.models import ProgressReport, WorkgroupMembership

Active = WorkgroupMembership.Status.ACTIVE


@in_portal_language
def report_sent_back(report: ProgressReport) -> OutgoingEmail | None:
    """Tell the author what the steering group wants changed."""
    return queue_email(
        key=f"sent-back:{report.pk}:{report.updated_at.isoformat()}",
        user=report.author,
        template="workgroups/email/report_sent_back",
        context={"report": report, "url": absolute_url(report.get_absolute_url())},
    )


def _tell_members(report: ProgressReport, name: str, key: str) -> None:
    """Every member with an account gets ``workgroups/email/<name>``."""
    members = report.workgroup.memberships.filter(status=Active, user__isnull=False).select_related("user")
    url = absolute_url(report.get_absolute_url())
    for membership in members:
        queue_email(
            key=f"{key}:{membership.user_id}",
            user=membership.user,
            template=f"workgroups/email/{name}",
            context={"report": report, "workgroup": report.workgroup, "url": url},
        )


@in_portal_language
def report_published(report: ProgressReport) -> None:
    _tell_members(report, "report_published", f"published:{report.pk}")


@in_portal_language
def decision_recorded(report: ProgressReport) -> None:
    _tell_members(report, "decision_recorded", f"decision:{report.pk}:{report.decided_at.isoformat()}")


@in_portal_language
def report_reminder(lead: WorkgroupMembership, edition) -> OutgoingEmail | None:
    """Remind a lead that the progress report for ``edition`` is still to be written."""
    path = reverse("workgroups:report_create", kwargs={"slug": lead.workgroup.slug})
    return queue_email(
        key=f"reminder:{lead.workgroup_id}:{edition.pk}:{lead.user_id}",
        user=lead.user,
        template="workgroups/email/report_reminder",
        context={"workgroup": lead.workgroup, "edition": edition, "url": absolute_url(f"{path}?editie={edition.slug}")},
    )


@in_portal_language
def lead_handed_over(membership: WorkgroupMembership) -> OutgoingEmail | None:
    """Tell a member they now lead the group, because the lead deleted their account."""
    workgroup = membership.workgroup
    return queue_email(
        key=f"lead-handed-over:{workgroup.pk}:{membership.pk}:{membership.updated_at.isoformat()}",
        user=membership.user,
        template="workgroups/email/lead_handed_over",
        context={"workgroup": workgroup, "url": absolute_url(workgroup.get_absolute_url())},
    )
