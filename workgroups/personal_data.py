"""The workgroups app's part of a person's data (registered in WorkgroupsConfig.ready, see conference.personal_data).

Reports a person wrote stay with the group, signed "former participant", and so does the history
of reports and goals (``simple_history`` tables, whose user columns are no foreign-key constraints
but still name the person). Memberships and reminders are the person's own and go; a group they led
gets a new lead (``services.release_deleted_account``).
"""

from django.db.models import Q

from conference.personal_data import reassign, register, when
from workgroups import services
from workgroups.models import Commitment, Goal, GoalUpdate, ProgressReport, ReportReminder, WorkgroupMembership

HistoricalReport = ProgressReport.history.model
HistoricalGoal = Goal.history.model
HistoricalGoalUpdate = GoalUpdate.history.model


def export_memberships(user) -> dict:
    memberships = WorkgroupMembership.objects.filter(user=user).select_related("workgroup", "organisation")
    reminders = ReportReminder.objects.filter(lead=user).select_related("workgroup", "conference").order_by("pk")
    return {
        "memberships": [
            {
                "workgroup": membership.workgroup.name,
                "role": membership.role,
                "status": membership.status,
                "function": membership.function,
                "on_behalf_of": membership.organisation.name if membership.organisation_id else None,
                "experience_expert": membership.is_experience_expert,
                "motivation": membership.motivation,
                "since": when(membership.created_at),
            }
            for membership in memberships.order_by("pk")
        ],
        "report_reminders_received": [
            {
                "workgroup": reminder.workgroup.name,
                "edition": reminder.conference.title,
                "at": when(reminder.created_at),
            }
            for reminder in reminders
        ],
    }


def erase_memberships(user, placeholder) -> None:
    services.release_deleted_account(user=user)
    ReportReminder.objects.filter(lead=user).delete()


def export_reports(user) -> dict:
    reports = ProgressReport.objects.filter(author=user).select_related("workgroup", "conference").order_by("pk")
    return {
        "reports_written": [
            {
                "workgroup": report.workgroup.name,
                "edition": report.conference.title if report.conference_id else None,
                "status": report.status,
                "summary": report.summary,
                "achievements": report.achievements,
                "not_achieved": report.not_achieved,
                "overall_status": report.overall_status,
                "written_at": when(report.created_at),
                "submitted_at": when(report.submitted_at),
                "address": report.get_absolute_url(),
            }
            for report in reports
        ],
        "decisions_recorded": ProgressReport.objects.filter(decided_by=user).count(),
        "changes_in_history": sum(
            model.objects.filter(history_user=user).count()
            for model in (HistoricalReport, HistoricalGoal, HistoricalGoalUpdate)
        ),
    }


def erase_reports(user, placeholder) -> None:
    reassign(ProgressReport.objects.filter(author=user), "author", placeholder)
    reassign(ProgressReport.objects.filter(decided_by=user), "decided_by", placeholder)
    reassign(HistoricalReport.objects.filter(author=user), "author", placeholder)
    reassign(HistoricalReport.objects.filter(decided_by=user), "decided_by", placeholder)
    for model in (HistoricalReport, HistoricalGoal, HistoricalGoalUpdate):
        reassign(model.objects.filter(history_user=user), "history_user", placeholder)


def export_commitments(user) -> list[dict]:
    commitments = (
        Commitment.objects.filter(Q(recorded_by=user) | Q(reviewed_by=user))
        .select_related("organisation", "conference", "workgroup")
        .order_by("pk")
    )
    return [
        {
            "organisation": commitment.organisation.name,
            "edition": commitment.conference.title,
            "workgroup": commitment.workgroup.name if commitment.workgroup_id else None,
            "kind": commitment.kind,
            "description": commitment.description,
            "hours": commitment.hours,
            "amount": commitment.amount,
            "due_date": when(commitment.due_date),
            "status": commitment.status,
            "recorded_by_you": commitment.recorded_by_id == user.pk,
            "reviewed_by_you": commitment.reviewed_by_id == user.pk,
            "recorded_at": when(commitment.created_at),
        }
        for commitment in commitments
    ]


def erase_commitments(user, placeholder) -> None:
    """A commitment is the organisation's pledge: it stays; who wrote it down becomes a former participant."""
    reassign(Commitment.objects.filter(recorded_by=user), "recorded_by", placeholder)
    reassign(Commitment.objects.filter(reviewed_by=user), "reviewed_by", placeholder)


register(
    "workgroups",
    covers=["workgroups.WorkgroupMembership.user", "workgroups.ReportReminder.lead"],
    export=export_memberships,
    erase=erase_memberships,
    order=40,
)
register(
    "progress_reports",
    covers=[
        "workgroups.ProgressReport.author",
        "workgroups.ProgressReport.decided_by",
        "workgroups.HistoricalProgressReport.author",
        "workgroups.HistoricalProgressReport.decided_by",
        "workgroups.HistoricalProgressReport.history_user",
        "workgroups.HistoricalGoal.history_user",
        "workgroups.HistoricalGoalUpdate.history_user",
    ],
    export=export_reports,
    erase=erase_reports,
    order=41,
)
register(
    "commitments",
    covers=["workgroups.Commitment.recorded_by", "workgroups.Commitment.reviewed_by"],
    export=export_commitments,
    erase=erase_commitments,
    order=42,
)
