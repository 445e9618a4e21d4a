"""Reads the pages need: few queries, counts annotated, relations fetched up front."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, DateField, F, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from workgroups.models import (
    Commitment,
    Goal,
    GoalUpdate,
    NextStep,
    ProgressReport,
    QuickWin,
    Workgroup,
    WorkgroupMembership,
)

Active = WorkgroupMembership.Status.ACTIVE


def _by_date(reports, *, newest_first: bool = False):
    """Reports in the order they happened: the day of their edition, else the end (or start) of
    their period, else when they were written. Reports between editions fall in their place."""
    reports = reports.annotate(
        report_date=Coalesce(
            TruncDate("conference__starts_at"), F("period_end"), F("period_start"), TruncDate("created_at")
        )
    )
    return reports.order_by("-report_date", "-pk") if newest_first else reports.order_by("report_date", "pk")


def with_rows(reports):
    """Fetch the quick wins and next steps (with the organisation that takes each step) up front."""
    return reports.prefetch_related(
        Prefetch("quick_wins", queryset=QuickWin.objects.order_by("order", "pk")),
        Prefetch("next_steps", queryset=NextStep.objects.select_related("owner_organisation").order_by("order", "pk")),
    )


def workgroup_list(*, status: str = "", edition: str = ""):
    workgroups = Workgroup.objects.select_related("origin_theme", "started_at").annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Active), distinct=True),
        report_count=Count("reports", filter=Q(reports__status=ProgressReport.Status.PUBLISHED), distinct=True),
    )
    if status:
        workgroups = workgroups.filter(status=status)
    if edition:
        workgroups = workgroups.filter(started_at__slug=edition)
    return workgroups.order_by("name", "pk")


def editions_with_workgroups():
    return Conference.objects.filter(started_workgroups__isnull=False).distinct().order_by("-starts_at")


def workgroup_detail(*, slug: str) -> Workgroup:
    return Workgroup.objects.select_related("origin_theme__conference", "started_at").get(slug=slug)


def members(workgroup: Workgroup):
    return (
        workgroup.memberships.filter(status=Active)
        .select_related("user", "organisation")
        .order_by("role", "user__display_name", "pk")
    )


def join_requests(workgroup: Workgroup):
    return workgroup.memberships.filter(status=WorkgroupMembership.Status.REQUESTED).select_related(
        "user", "organisation"
    )


@dataclass
class GoalHistoryEntry:
    """One line in a goal's history: what a report said about it, or a direct change to the goal."""

    when: datetime
    kind: str  # "report" or "edit"
    status_label: str
    progress: int
    note: str = ""
    url: str = ""
    edition: Conference | None = None
    who: str = ""  # the person's name (never their e-mail address)


def _report_moment(report: ProgressReport) -> datetime:
    """When a report stands on a timeline of datetimes: its edition's start, else the end of its day."""
    if report.conference_id:
        return report.conference.starts_at
    moment = datetime.combine(report.reported_on, time(23, 59))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _direct_edits(records) -> list[GoalHistoryEntry]:
    """Versions of one goal (oldest first) where someone changed its status or progress by hand."""
    entries, previous = [], None
    for record in records:
        from_report = (record.history_change_reason or "").startswith(Goal.CHANGED_BY_REPORT)
        by_hand = record.history_type == "~" and not from_report
        changed = previous is None or (record.status, record.progress) != (previous.status, previous.progress)
        if by_hand and changed:
            entries.append(
                GoalHistoryEntry(
                    when=record.history_date,
                    kind="edit",
                    status_label=record.get_status_display(),
                    progress=record.progress,
                    who=str(record.history_user) if record.history_user else "",
                )
            )
        previous = record
    return entries


def goals_with_history(workgroup: Workgroup, user) -> list:
    """Goals, each with ``history``: the updates from the reports this person may read and the
    direct changes to the goal, oldest first. Three queries, however many goals and reports."""
    visible = ProgressReport.objects.visible_to(user).filter(workgroup=workgroup)
    updates = GoalUpdate.objects.filter(report__in=visible).select_related("report__conference", "report__workgroup")
    goals = list(workgroup.goals.prefetch_related(Prefetch("updates", queryset=updates, to_attr="visible_updates")))
    if not goals:
        return goals
    versions: dict[int, list] = {}
    records = Goal.history.model.objects.filter(workgroup_id=workgroup.pk).select_related("history_user")
    for record in records.order_by("history_date", "history_id"):
        versions.setdefault(record.id, []).append(record)
    for goal in goals:
        entries = [
            GoalHistoryEntry(
                when=_report_moment(update.report),
                kind="report",
                status_label=update.get_status_display(),
                progress=update.progress,
                note=update.note,
                url=update.report.get_absolute_url(),
                edition=update.report.conference,
            )
            for update in goal.visible_updates
        ]
        entries += _direct_edits(versions.get(goal.pk, []))
        goal.history = sorted(entries, key=lambda entry: entry.when)
    return goals


def reports_for(workgroup: Workgroup, user):
    """The group's reports this person may read, oldest first, with their quick wins and next steps."""
    reports = (
        ProgressReport.objects.visible_to(user)
        .filter(workgroup=workgroup)
        .select_related("workgroup", "conference", "author", "merge_with")
    )
    return with_rows(_by_date(reports))


def report_detail(*, workgroup: Workgroup, pk: int) -> ProgressReport:
    reports = ProgressReport.objects.select_related("workgroup", "conference", "author", "merge_with", "decided_by")
    report = with_rows(reports).get(workgroup=workgroup, pk=pk)
    report.updates = list(report.goal_updates.select_related("goal"))
    return report


def report_history(report: ProgressReport):
    """Every stored version since submission, newest first, each with what changed."""
    records = list(
        report.history.exclude(status=ProgressReport.Status.DRAFT, submitted_at__isnull=True)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    for record in records:
        previous = record.prev_record
        if previous is None:
            record.changes = []
            continue
        delta = record.diff_against(previous, excluded_fields=["updated_at"])
        record.changes = [
            {"field": ProgressReport._meta.get_field(change.field).verbose_name, "old": change.old, "new": change.new}
            for change in delta.changes
        ]
    return records


def first_submitted_at(report: ProgressReport) -> datetime | None:
    """When the report was submitted the first time.

    ``submitted_at`` is the latest submission: sending a report back and submitting it again
    moves it. The first stored version that is no longer a draft keeps the first one.
    """
    first = (
        report.history.exclude(status=ProgressReport.Status.DRAFT)
        .order_by("history_date", "history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    return min((when for when in (first, report.submitted_at) if when), default=None)


def goal_update_history(report: ProgressReport):
    """Stored versions of the report's goal updates since its first submission, newest first."""
    history = GoalUpdate.history.model.objects.filter(report_id=report.pk)
    since = first_submitted_at(report)
    if since:
        history = history.filter(history_date__gte=since)
    return history.select_related("history_user", "goal").order_by("-history_date", "-history_id")


def commitments_for_workgroup(workgroup: Workgroup):
    return workgroup.commitments.select_related("organisation", "conference", "workgroup").order_by(
        "-conference__starts_at", "pk"
    )


# Timeline -----------------------------------------------------------------------------------


@dataclass
class Event:
    when: datetime
    kind: str
    title: str
    text: str = ""
    url: str = ""
    badge: str = ""
    badge_label: str = ""
    items: list = field(default_factory=list)
    dated: bool = True


def theme_events(theme) -> list[Event]:
    """A theme's part of the lineage: proposed, voted on (when results are public), talked about."""
    if theme is None:
        return []
    events = [
        Event(
            when=theme.created_at,
            kind="theme",
            title=_("Theme proposed: %(title)s") % {"title": theme.title},
            text=_("For %(edition)s") % {"edition": theme.conference},
            url=theme.get_absolute_url(),
        )
    ]
    from themes.models import VotingRound

    round_ = VotingRound.objects.filter(conference_id=theme.conference_id, results_published=True).first()
    if round_ is not None:
        events[0].when = min(events[0].when, round_.opens_at)  # proposed before the vote, whatever the data says
        votes = theme.votes.count()
        events.append(
            Event(
                when=round_.closes_at,
                kind="vote",
                title=_("Voting round: %(count)s votes") % {"count": votes},
                text=theme.get_status_display(),
                url=round_.get_absolute_url(),
            )
        )
    talks = list(theme.table_talks.select_related("conference").order_by("conference__starts_at", "pk"))
    if talks:
        events[0].when = min(events[0].when, talks[0].conference.starts_at)  # proposed before it was talked about
        events.append(
            Event(
                when=talks[0].conference.starts_at,
                kind="talk",
                title=_("Table talks at %(edition)s") % {"edition": talks[0].conference},
                items=[(talk.title, talk.get_absolute_url()) for talk in talks],
            )
        )
    return events


def report_events(reports) -> list[Event]:
    events = []
    for report in reports:
        events.append(
            Event(
                when=report.conference.starts_at,
                kind="report",
                title=_("Progress report at %(edition)s") % {"edition": report.conference},
                text=report.get_overall_status_display(),
                url=report.get_absolute_url(),
                badge=report.status,
                badge_label=report.get_status_display() if report.status != ProgressReport.Status.PUBLISHED else "",
            )
        )
        if report.decision:
            events.append(
                Event(
                    when=report.decided_at or report.conference.ends_at,
                    kind="decision",
                    title=_("Decision: %(decision)s") % {"decision": report.get_decision_display()},
                    text=report.decision_note,
                    url=report.get_absolute_url(),
                    badge=report.decision,
                )
            )
    return events


def workgroup_timeline(workgroup: Workgroup, reports, *, with_theme: bool = True) -> list[Event]:
    """The lineage: the origin theme (optional), the start, every report and decision, today."""
    events = theme_events(workgroup.origin_theme) if with_theme else []
    if workgroup.started_at:
        started, text, dated = workgroup.started_at.ends_at, str(workgroup.started_at), True
    else:  # older groups predate the portal: place the start before their first report
        first = min((r.conference.starts_at for r in reports), default=workgroup.created_at)
        started, text, dated = min(first, workgroup.created_at), _("Started before this portal was used"), False
    events.append(
        Event(
            when=started,
            kind="workgroup",
            title=_("Workgroup started: %(name)s") % {"name": workgroup.name},
            text=text,
            url=workgroup.get_absolute_url(),
            dated=dated,
        )
    )
    events += report_events(reports)
    events.sort(key=lambda event: event.when)
    events.append(Event(when=timezone.now(), kind="today", title=_("Today"), text=workgroup.get_status_display()))
    return events


# Panels and dashboards ----------------------------------------------------------------------


def reports_at_edition(conference: Conference):
    """The published reports presented at this edition, with their quick wins, next steps and decisions."""
    reports = ProgressReport.objects.published().filter(conference=conference)
    return with_rows(reports.select_related("workgroup", "conference", "merge_with")).order_by("workgroup__name", "pk")


def _followups_since_previous(conference: Conference) -> Q:
    """Reports between editions whose period ended (or, without a period, whose decision was taken)
    after the previous published edition and before this one began. No query of its own."""
    previous_end = (
        Conference.objects.published()
        .filter(starts_at__lt=conference.starts_at)
        .order_by("-starts_at")
        .values("ends_at")[:1]
    )
    since = Coalesce(TruncDate(Subquery(previous_end)), Value(date(1900, 1, 1)), output_field=DateField())
    until = timezone.localdate(conference.starts_at)
    return Q(conference__isnull=True, followup_date__gte=since, followup_date__lt=until)


def _with_followup_date(reports):
    return reports.annotate(followup_date=Coalesce(F("period_end"), F("decided_on"), F("period_start")))


def followups_before_edition(conference: Conference):
    """Published reports between editions since the previous edition: what came of the plans."""
    reports = _with_followup_date(ProgressReport.objects.published()).filter(_followups_since_previous(conference))
    return with_rows(reports.select_related("workgroup", "merge_with")).order_by("workgroup__name", "followup_date")


def edition_panel_reports(conference: Conference) -> tuple[list, list]:
    """For the edition page and its recap, in one query (and one each for quick wins and next steps):
    the reports presented at the edition, and the follow-ups written since the previous one."""
    reports = _with_followup_date(ProgressReport.objects.published()).filter(
        Q(conference=conference) | _followups_since_previous(conference)
    )
    reports = with_rows(reports.select_related("workgroup", "conference", "merge_with"))
    reports = list(reports.order_by("workgroup__name", "followup_date", "pk"))
    return [r for r in reports if r.conference_id], [r for r in reports if not r.conference_id]


def all_reports_for_export(conference: Conference | None = None):
    """Submitted and published reports for the coordinators' CSV: of one edition, or all of them."""
    reports = ProgressReport.objects.exclude(status=ProgressReport.Status.DRAFT)
    if conference is not None:
        reports = reports.filter(conference=conference)
    reports = reports.select_related("workgroup", "conference", "merge_with", "decided_by")
    return with_rows(_by_date(reports.order_by()).order_by("workgroup__name", "report_date", "pk"))


def commitments_at_edition(conference: Conference):
    return conference.commitments.select_related("organisation", "workgroup").order_by("organisation__name", "pk")


def commitments_of_organisation(organisation):
    return organisation.commitments.select_related("conference", "workgroup").order_by("-conference__starts_at", "pk")


def active_workgroups(limit: int = 6):
    return Workgroup.objects.active().select_related("started_at").order_by("name")[:limit]


def submitted_reports():
    return (
        ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
        .select_related("workgroup", "conference")
        .order_by("submitted_at", "pk")
    )


def editions_with_reports():
    """Editions that have reports a coordinator can export, newest first."""
    reports = ProgressReport.objects.exclude(status=ProgressReport.Status.DRAFT)
    return Conference.objects.filter(pk__in=reports.values("conference_id")).order_by("-starts_at")


def my_memberships(user):
    return (
        WorkgroupMembership.objects.filter(user=user, status__in=[Active, WorkgroupMembership.Status.REQUESTED])
        .select_related("workgroup")
        .order_by("workgroup__name")
    )


def reports_due(user, now=None):
    """(workgroup, edition) pairs where my group has no submitted report for an edition to come."""
    now = now or timezone.now()
    editions = list(Conference.objects.published().filter(ends_at__gte=now).order_by("starts_at")[:3])
    groups = list(
        Workgroup.objects.active().filter(memberships__user=user, memberships__status=Active).order_by("name")
    )
    if not editions or not groups:
        return []
    reports = {
        (r.workgroup_id, r.conference_id): r
        for r in ProgressReport.objects.filter(workgroup__in=groups, conference__in=editions)
    }
    due = []
    for edition in editions:
        for group in groups:
            report = reports.get((group.pk, edition.pk))
            if report is None or report.status == ProgressReport.Status.DRAFT:
                due.append({"workgroup": group, "edition": edition, "draft": report})
    return due


def my_drafts(user):
    """Drafts of my groups, for an edition or between editions, in the order they are about."""
    drafts = ProgressReport.objects.filter(
        status=ProgressReport.Status.DRAFT,
        workgroup__in=Workgroup.objects.filter(memberships__user=user, memberships__status=Active),
    )
    return _by_date(drafts.select_related("workgroup", "conference"))


def my_decisions(user, limit: int = 10):
    mine = WorkgroupMembership.objects.filter(user=user, status=Active).values("workgroup_id")
    return (
        ProgressReport.objects.filter(workgroup_id__in=mine)
        .exclude(decision="")
        .select_related("workgroup", "conference")
        .order_by(F("decided_on").desc(nulls_last=True), "-decided_at", "-pk")[:limit]
    )


def my_commitments(user):
    """Commitments of my organisations, and those to workgroups I lead."""
    led = WorkgroupMembership.objects.filter(user=user, status=Active, role=WorkgroupMembership.Role.LEAD)
    return (
        Commitment.objects.filter(
            Q(organisation_id__in=user.memberships.values("organisation_id"))
            | Q(workgroup_id__in=led.values("workgroup_id"))
        )
        .select_related("organisation", "workgroup", "conference")
        .order_by("-conference__starts_at", "pk")[:50]
    )


def organisation_commitment_stats(organisation) -> dict:
    counts = organisation.commitments.aggregate(
        total=Count("pk"),
        kept=Count("pk", filter=Q(status=Commitment.Status.DELIVERED)),
        partly=Count("pk", filter=Q(status=Commitment.Status.PARTLY)),
        reviewed=Count("pk", filter=~Q(status=Commitment.Status.OPEN)),
    )
    return counts
