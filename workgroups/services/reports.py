"""Goals and progress reports: saving, submitting, sending back, publishing and recording decisions."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conference import audit, search
from conference.models import Edition
from conference.rules import is_coordinator
from workgroups import notifications
from workgroups.models import (
    Goal,
    GoalUpdate,
    NextStep,
    ProgressReport,
    QuickWin,
    Workgroup,
)

REPORT_FIELDS = ("summary", "achievements", "not_achieved", "overall_status", "period_start", "period_end")


# Goals --------------------------------------------------------------------------------------


@transaction.atomic
def save_goal(*, workgroup: Workgroup, goal: Goal | None = None, **fields) -> Goal:
    goal = goal or Goal(workgroup=workgroup)
    if goal.workgroup_id != workgroup.pk:
        raise ValidationError(_("This goal belongs to another workgroup."))
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.status, goal.progress = goal_state(goal.status, goal.progress)
    goal.full_clean()
    goal.save()
    return goal


def goal_state(status: str, progress: int | None) -> tuple[str, int | None]:
    """A goal's status and progress as stored, by whichever path: an achieved goal is at 100 %."""
    return status, 100 if status == Goal.Status.ACHIEVED else progress


# Progress reports ---------------------------------------------------------------------------


def _store_goal_updates(report: ProgressReport, goal_updates: dict) -> None:
    goals = {goal.pk: goal for goal in report.workgroup.goals.all()}
    existing = {update.goal_id: update for update in report.goal_updates.all()}
    for goal_id, values in goal_updates.items():
        if goal_id not in goals:
            raise ValidationError(_("This goal belongs to another workgroup."))
        update = existing.get(goal_id) or GoalUpdate(report=report, goal=goals[goal_id])
        values = dict(values)
        if "status" in values:
            values["status"], values["progress"] = goal_state(values["status"], values.get("progress"))
        changed = update.pk is None or any(getattr(update, k) != v for k, v in values.items())
        if changed:
            for name, value in values.items():
                setattr(update, name, value)
            update.full_clean(exclude=["report", "goal"])
            update.save()


@transaction.atomic
def save_report(
    *,
    workgroup: Workgroup,
    author,
    conference: Edition | None = None,
    report: ProgressReport | None = None,
    goal_updates: dict | None = None,
    quick_wins: list[dict] | None = None,
    next_steps: list[dict] | None = None,
    **fields,
) -> ProgressReport:
    """Create or change a report, presented at an edition or (``conference=None``) between editions.

    Members change drafts; after submission only a coordinator can. ``quick_wins`` and
    ``next_steps``, when given, replace the report's rows in the order given.
    """
    Workgroup.objects.select_for_update().get(pk=workgroup.pk)  # one writer per group: one report per edition
    if report is None:
        report = ProgressReport(workgroup=workgroup, author=author)
    else:
        report = ProgressReport.objects.select_for_update().get(pk=report.pk)
        if report.workgroup_id != workgroup.pk:
            raise ValidationError(_("This report belongs to another workgroup."))
        if report.status != ProgressReport.Status.DRAFT and not is_coordinator(author):
            raise ValidationError(_("This report has been submitted and can no longer be changed by you."))
    _set_edition(report, conference)
    for name in REPORT_FIELDS:
        if name in fields:
            setattr(report, name, fields[name])
    _check_period(report)
    report.save()
    _store_goal_updates(report, goal_updates or {})
    if quick_wins is not None:
        _replace_rows(report.quick_wins, QuickWin, report, quick_wins)
    if next_steps is not None:
        _replace_rows(report.next_steps, NextStep, report, next_steps)
    search.reindex(report)  # bulk_create sends no signals: the new quick wins and next steps
    return report


def _set_edition(report: ProgressReport, conference: Edition | None) -> None:
    """At most one report per group per edition; a report between editions has none."""
    if conference is None:
        report.conference = None
        return
    if conference.pk == report.conference_id:
        return
    if not conference.is_published:
        raise ValidationError(_("Choose a published edition, or none for a report between editions."))
    others = ProgressReport.objects.filter(workgroup_id=report.workgroup_id, conference=conference)
    if others.exclude(pk=report.pk).exists():
        raise ValidationError(_("This workgroup already has a report for this edition."))
    report.conference = conference


def _check_period(report: ProgressReport) -> None:
    if report.period_start and report.period_end and report.period_end < report.period_start:
        raise ValidationError(_("The period ends before it starts: the end date must be on or after the start date."))


def _replace_rows(manager, model, report: ProgressReport, rows: list[dict]) -> None:
    """Store the report's quick wins or next steps as given: in this order, empty rows left out."""
    rows = [row for row in rows if any(value not in (None, "") for value in row.values())]
    for row in rows:
        if not (row.get("text") or "").strip():
            raise ValidationError(
                _("Every next step needs a description.")
                if model is NextStep
                else _("Every quick win needs a description.")
            )
    manager.all().delete()
    items = [
        model(report=report, order=order, **{**row, "text": row["text"].strip()}) for order, row in enumerate(rows)
    ]
    for item in items:
        item.full_clean(exclude=["report"])
        if isinstance(item, QuickWin) and item.done_on and item.done_on > timezone.localdate():
            raise ValidationError(_("A quick win has already been done: its date cannot be in the future."))
    model.objects.bulk_create(items)


@transaction.atomic
def submit_report(*, report: ProgressReport) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.DRAFT:
        raise ValidationError(_("This report has already been submitted."))
    if not report.summary.strip():
        raise ValidationError(_("Write a summary before you submit the report."))
    if report.conference_id is None and not (report.period_start and report.period_end):
        raise ValidationError(_("A report between editions needs its period (from and until) before you submit it."))
    report.status = ProgressReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save()
    return report


@transaction.atomic
def save_and_submit_report(**kwargs) -> ProgressReport:
    """Save the report (as ``save_report`` takes it) and submit it: one transaction, all or nothing."""
    return submit_report(report=save_report(**kwargs))


@transaction.atomic
def send_back_report(*, report: ProgressReport, comment: str) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be sent back."))
    if not comment.strip():
        raise ValidationError(_("Tell the workgroup what to change."))
    report.status = ProgressReport.Status.DRAFT
    report.review_comment = comment.strip()
    report.save()
    notifications.report_sent_back(report)
    return report


@transaction.atomic
def publish_report(*, report: ProgressReport, notify: bool = True) -> ProgressReport:
    """Publish a submitted report; its goal updates become the goals' current state."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ProgressReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be published."))
    report.status = ProgressReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.save()
    for update in report.goal_updates.select_related("goal"):
        goal = update.goal
        goal.status, goal.progress = goal_state(update.status, update.progress)
        goal._change_reason = f"{Goal.CHANGED_BY_REPORT}{report.pk}"  # its history shows the report instead
        goal.save(update_fields=["status", "progress", "updated_at"])
    if notify:
        notifications.report_published(report)
    return report


@transaction.atomic
def record_decision(
    *,
    report: ProgressReport,
    decided_by,
    decision: str,
    note: str = "",
    merge_with: Workgroup | None = None,
    decided_on: date | None = None,
    decision_context: str = "",
    notify: bool = True,
) -> ProgressReport:
    """Record what was decided on a submitted or published report: at an edition or between editions.

    ``decided_on`` is the day it was decided (today when not given, never in the future);
    ``decision_context`` says where (for example the steering-group meeting).
    """
    report = ProgressReport.objects.select_for_update(of=("self",)).select_related("conference").get(pk=report.pk)
    if report.status == ProgressReport.Status.DRAFT:
        raise ValidationError(_("A decision can only be recorded on a submitted report."))
    if decision not in ProgressReport.Decision.values:
        raise ValidationError(_("Choose a decision."))
    if decision == ProgressReport.Decision.MERGE and (merge_with is None or merge_with.pk == report.workgroup_id):
        raise ValidationError(_("Choose the workgroup to merge with."))
    decided_on = decided_on or timezone.localdate()
    if decided_on > timezone.localdate():
        raise ValidationError(_("The day of the decision cannot be in the future."))
    context_limit = ProgressReport._meta.get_field("decision_context").max_length
    if len(decision_context.strip()) > context_limit:
        raise ValidationError(_("Say in at most %(limit)s characters where it was decided.") % {"limit": context_limit})
    report.decision = decision
    report.decision_note = note.strip()
    report.merge_with = merge_with if decision == ProgressReport.Decision.MERGE else None
    report.decided_by = decided_by
    report.decided_at = timezone.now()
    report.decided_on = decided_on
    report.decision_context = decision_context.strip()
    report.save()
    if decision == ProgressReport.Decision.STOP:
        audit.update(Workgroup.objects.filter(pk=report.workgroup_id), status=Workgroup.Status.STOPPED)
    if notify:
        notifications.decision_recorded(report)
    return report
