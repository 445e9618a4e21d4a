"""State changes with rules: each one function, in a transaction, raising ValidationError."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from conference import search
from conference.models import Edition, Organisation, User
from conference.rules import is_coordinator
from workgroups import notifications
from workgroups.models import (
    Commitment,
    Goal,
    GoalUpdate,
    NextStep,
    ProgressReport,
    QuickWin,
    ReportReminder,
    Workgroup,
    WorkgroupMembership,
)

RESERVED_SLUGS = {"mijn", "toezeggingen", "nieuw-uit-thema", "nieuw"}
REPORT_FIELDS = ("summary", "achievements", "not_achieved", "overall_status", "period_start", "period_end")
Active = WorkgroupMembership.Status.ACTIVE


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "werkgroep"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Workgroup.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


# Workgroups ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberSpec:
    """One person to put in a group: an account, or a name for someone without one."""

    user: User | None = None
    name: str = ""
    organisation: Organisation | None = None
    function: str = ""
    is_experience_expert: bool = False
    lead: bool = False

    @property
    def label(self) -> str:
        return str(self.user) if self.user else self.name.strip()


def _check_start_edition(started_in: Edition | None) -> None:
    if started_in is not None and started_in.starts_at > timezone.now():
        raise ValidationError(
            _(
                "%(edition)s has not taken place yet. Choose the edition at which the group was formed, "
                "or leave it empty."
            )
            % {"edition": started_in}
        )


def _start_date(started_in: Edition | None, started_on: date | None) -> date:
    """The day a new group starts: as given, else the day of its start edition, else today."""
    if started_on is None and started_in is not None:
        return timezone.localdate(started_in.starts_at)
    return started_on or timezone.localdate()


@transaction.atomic
def create_workgroup(
    *,
    name: str,
    slug: str = "",
    focus: str = "",
    started_in: Edition | None = None,
    started_on: date | None = None,
    origin_theme=None,
    status=Workgroup.Status.ACTIVE,
    contact: str = "",
    members: Iterable[MemberSpec] = (),
) -> Workgroup:
    """A new group with its members and lead, all or nothing. ``slug`` is a wish: taken, it gets a number."""
    if not name.strip():
        raise ValidationError(_("A workgroup needs a name."))
    _check_start_edition(started_in)
    workgroup = Workgroup.objects.create(
        name=name.strip(),
        slug=unique_slug(slug or name),
        focus=focus,
        origin_theme=origin_theme,
        started_in=started_in,
        started_on=_start_date(started_in, started_on),
        status=status,
        contact=contact,
    )
    _add_members(workgroup, list(members))
    return workgroup


def _add_members(workgroup: Workgroup, members: list[MemberSpec]) -> None:
    leads = [spec for spec in members if spec.lead]
    if len(leads) > 1:
        raise ValidationError(_("Choose one lead."))
    seen: set = set()
    rows = []
    for spec in members:
        if spec.user is None and not spec.name.strip():
            raise ValidationError(_("Give each member an account or a name."))
        if spec.lead and spec.user is None:
            raise ValidationError(
                _("%(name)s has no account and cannot be the lead. Choose a member with an account.")
                % {"name": spec.label}
            )
        key = ("user", spec.user.pk) if spec.user else ("name", spec.name.strip().casefold())
        if key in seen:
            raise ValidationError(_("%(name)s is in the list more than once.") % {"name": spec.label})
        seen.add(key)
        rows.append(
            WorkgroupMembership(
                workgroup=workgroup,
                user=spec.user,
                name="" if spec.user else spec.name.strip(),
                organisation=spec.organisation or (_default_organisation(spec.user) if spec.user else None),
                function=spec.function.strip(),
                is_experience_expert=spec.is_experience_expert,
                role=WorkgroupMembership.Role.LEAD if spec.lead else WorkgroupMembership.Role.MEMBER,
                status=Active,
            )
        )
    for row in rows:
        row.full_clean(exclude=["workgroup"], validate_unique=False, validate_constraints=False)
    WorkgroupMembership.objects.bulk_create(rows)


@transaction.atomic
def create_workgroup_from_theme(*, theme) -> Workgroup:
    """One step: a chosen theme becomes a workgroup with its title and description, linked back.

    It starts at the theme's edition once that has taken place; before, it has no start edition yet.
    """
    theme = type(theme).objects.select_for_update().select_related("conference").get(pk=theme.pk)
    if theme.status != type(theme).Status.CHOSEN:
        raise ValidationError(_("Only a chosen theme can become a workgroup."))
    if theme.workgroups.exists():
        raise ValidationError(_("This theme already became a workgroup."))
    edition = theme.conference if theme.conference.starts_at <= timezone.now() else None
    return create_workgroup(
        name=theme.title,
        focus=theme.description,
        started_in=edition,
        started_on=None if edition else timezone.localdate(),
        origin_theme=theme,
    )


#: What the lead (or a coordinator) changes on the group's edit page. Not its status: that
#: follows from the coordinator's decision on a report (``record_decision``).
WORKGROUP_FIELDS = ("name", "focus", "origin_theme", "started_in", "started_on", "contact")


@transaction.atomic
def update_workgroup(*, workgroup: Workgroup, **fields) -> Workgroup:
    unknown = set(fields) - set(WORKGROUP_FIELDS)
    if unknown:
        raise TypeError(f"unexpected fields: {', '.join(sorted(unknown))}")
    workgroup = Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    previous_start = workgroup.started_in_id
    for name, value in fields.items():
        setattr(workgroup, name, value)
    if not workgroup.name.strip():
        raise ValidationError(_("A workgroup needs a name."))
    if workgroup.started_in_id != previous_start:
        _check_start_edition(workgroup.started_in)
    workgroup.save()
    return workgroup


# Membership ---------------------------------------------------------------------------------


def _default_organisation(user) -> Organisation | None:
    membership = user.memberships.select_related("organisation").order_by("created_at").first()
    return membership.organisation if membership else None


@transaction.atomic
def request_membership(
    *, workgroup: Workgroup, user, is_experience_expert: bool = False, motivation: str = ""
) -> WorkgroupMembership:
    if workgroup.status in (Workgroup.Status.COMPLETED, Workgroup.Status.STOPPED):
        raise ValidationError(_("This workgroup no longer takes new members."))
    if not user.memberships.exists():
        raise ValidationError(_("Only partners can join a workgroup."))
    membership = WorkgroupMembership.objects.select_for_update().filter(workgroup=workgroup, user=user).first()
    if membership and membership.status in (Active, WorkgroupMembership.Status.REQUESTED):
        raise ValidationError(_("You are already a member or have already asked to join."))
    membership = membership or WorkgroupMembership(workgroup=workgroup, user=user)
    membership.status = WorkgroupMembership.Status.REQUESTED
    membership.role = WorkgroupMembership.Role.MEMBER
    membership.organisation = _default_organisation(user)
    membership.is_experience_expert = is_experience_expert
    membership.motivation = motivation
    membership.save()
    return membership


def _lead_of(workgroup: Workgroup) -> WorkgroupMembership | None:
    return workgroup.memberships.filter(status=Active, role=WorkgroupMembership.Role.LEAD).first()


@transaction.atomic
def accept_membership(*, membership: WorkgroupMembership) -> WorkgroupMembership:
    """Accept a request. The first member of a group without a lead becomes its lead."""
    membership = WorkgroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != WorkgroupMembership.Status.REQUESTED:
        raise ValidationError(_("This request has already been handled."))
    Workgroup.objects.select_for_update().get(pk=membership.workgroup_id)
    membership.status = Active
    if _lead_of(membership.workgroup) is None:
        membership.role = WorkgroupMembership.Role.LEAD
    membership.save()
    return membership


@transaction.atomic
def decline_membership(*, membership: WorkgroupMembership) -> WorkgroupMembership:
    membership = WorkgroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != WorkgroupMembership.Status.REQUESTED:
        raise ValidationError(_("This request has already been handled."))
    membership.status = WorkgroupMembership.Status.DECLINED
    membership.save()
    return membership


@transaction.atomic
def add_member(
    *,
    workgroup: Workgroup,
    user=None,
    name: str = "",
    lead: bool = False,
    is_experience_expert: bool = False,
    organisation=None,
    function: str = "",
) -> WorkgroupMembership:
    """A coordinator (or the demo) puts someone in a group directly: an account, or a named person.

    A group without a lead gets the first member with an account as its lead.
    """
    Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    if user is None:
        return _add_named_member(
            workgroup,
            name=name,
            lead=lead,
            is_experience_expert=is_experience_expert,
            organisation=organisation,
            function=function,
        )
    membership, _created = WorkgroupMembership.objects.get_or_create(workgroup=workgroup, user=user)
    membership.status = Active
    membership.organisation = organisation or membership.organisation or _default_organisation(user)
    membership.is_experience_expert = is_experience_expert
    membership.function = function.strip() or membership.function
    current_lead = _lead_of(workgroup)
    if lead and current_lead and current_lead.pk != membership.pk:
        current_lead.role = WorkgroupMembership.Role.MEMBER
        current_lead.save()
    if lead or current_lead is None:
        membership.role = WorkgroupMembership.Role.LEAD
    membership.save()
    return membership


def _add_named_member(workgroup: Workgroup, *, name: str, lead: bool, **fields) -> WorkgroupMembership:
    name = name.strip()
    if not name:
        raise ValidationError(_("Give each member an account or a name."))
    if lead:
        raise ValidationError(
            _("%(name)s has no account and cannot be the lead. Choose a member with an account.") % {"name": name}
        )
    if workgroup.memberships.filter(user__isnull=True, status=Active, name__iexact=name).exists():
        raise ValidationError(_("%(name)s is already a member of this workgroup.") % {"name": name})
    membership = WorkgroupMembership(
        workgroup=workgroup, name=name, status=Active, role=WorkgroupMembership.Role.MEMBER, **fields
    )
    membership.function = membership.function.strip()
    membership.full_clean(exclude=["workgroup"], validate_unique=False, validate_constraints=False)
    membership.save()
    return membership


@transaction.atomic
def remove_member(*, membership: WorkgroupMembership) -> WorkgroupMembership:
    """A coordinator takes someone out of a group; the lead only once another member leads."""
    Workgroup.objects.select_for_update().get(pk=membership.workgroup_id)
    membership = WorkgroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Active:
        raise ValidationError(_("%(name)s is not a member of this workgroup.") % {"name": membership.person_name})
    others = membership.workgroup.memberships.filter(status=Active).exclude(pk=membership.pk)
    if membership.role == WorkgroupMembership.Role.LEAD and others.exists():
        raise ValidationError(
            _("Make another member the lead before you remove %(name)s.") % {"name": membership.person_name}
        )
    membership.status = WorkgroupMembership.Status.LEFT
    membership.role = WorkgroupMembership.Role.MEMBER
    membership.save()
    return membership


@transaction.atomic
def leave_workgroup(*, workgroup: Workgroup, user) -> WorkgroupMembership:
    Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    membership = workgroup.memberships.filter(user=user, status=Active).first()
    if membership is None:
        raise ValidationError(_("You are not a member of this workgroup."))
    others = workgroup.memberships.filter(status=Active).exclude(pk=membership.pk)
    if membership.role == WorkgroupMembership.Role.LEAD and others.exists():
        raise ValidationError(_("Hand over the lead role to another member before you leave."))
    membership.status = WorkgroupMembership.Status.LEFT
    membership.role = WorkgroupMembership.Role.MEMBER
    membership.save()
    return membership


@transaction.atomic
def hand_over_lead(*, workgroup: Workgroup, to: WorkgroupMembership) -> WorkgroupMembership:
    Workgroup.objects.select_for_update().get(pk=workgroup.pk)
    to = WorkgroupMembership.objects.select_for_update().get(pk=to.pk)
    if to.workgroup_id != workgroup.pk or to.status != Active:
        raise ValidationError(_("The lead role can only go to an active member of this workgroup."))
    if to.user_id is None:
        raise ValidationError(
            _("%(name)s has no account and cannot be the lead. Choose a member with an account.")
            % {"name": to.person_name}
        )
    current = _lead_of(workgroup)
    if current and current.pk == to.pk:
        raise ValidationError(_("This person is already the lead."))
    if current:
        current.role = WorkgroupMembership.Role.MEMBER
        current.save()
    to.role = WorkgroupMembership.Role.LEAD
    to.save()
    return to


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
        Workgroup.objects.filter(pk=report.workgroup_id).update(status=Workgroup.Status.STOPPED)
    if notify:
        notifications.decision_recorded(report)
    return report


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
                status=Active, role=WorkgroupMembership.Role.LEAD, workgroup__status=Workgroup.Status.ACTIVE
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


# Commitments --------------------------------------------------------------------------------


def _check_quantities(hours, amount) -> None:
    if hours is not None and hours < 0:
        raise ValidationError(_("The number of hours cannot be negative."))
    if amount is not None and amount < 0:
        raise ValidationError(_("The amount cannot be negative."))


@transaction.atomic
def record_commitment(
    *,
    organisation: Organisation,
    recorded_by,
    conference: Edition,
    description: str,
    kind=Commitment.Kind.HOURS,
    workgroup: Workgroup | None = None,
    due_date=None,
    hours: Decimal | None = None,
    amount: Decimal | None = None,
) -> Commitment:
    """What an organisation pledges: a note, and where it can be counted, hours and euros."""
    if not recorded_by.memberships.filter(organisation=organisation).exists():
        raise ValidationError(_("Only members of an organisation can record its commitments."))
    if not description.strip():
        raise ValidationError(_("Describe what your organisation will contribute."))
    if not conference.is_published:
        raise ValidationError(_("Choose a published edition."))
    if workgroup is not None and workgroup.status in (Workgroup.Status.STOPPED, Workgroup.Status.COMPLETED):
        raise ValidationError(_("This workgroup has stopped or is completed: choose a group that is still running."))
    _check_quantities(hours, amount)
    commitment = Commitment(
        organisation=organisation,
        recorded_by=recorded_by,
        conference=conference,
        workgroup=workgroup,
        kind=kind,
        description=description.strip(),
        due_date=due_date,
        hours=hours,
        amount=amount,
    )
    commitment.full_clean(exclude=["organisation", "conference", "workgroup", "recorded_by"])
    commitment.save()
    return commitment


@transaction.atomic
def review_commitment(*, commitment: Commitment, reviewed_by, status: str, note: str = "") -> Commitment:
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if status not in Commitment.Status.values or status == Commitment.Status.OPEN:
        raise ValidationError(_("Choose whether the commitment was delivered."))
    commitment.status = status
    commitment.review_note = note.strip()
    commitment.reviewed_by = reviewed_by
    commitment.reviewed_at = timezone.now()
    commitment.save()
    return commitment
