"""Reads the pages need: few queries, counts annotated, relations fetched up front."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from conference.models import Conference
from workgroups.models import Commitment, Goal, GoalUpdate, ProgressReport, Workgroup, WorkgroupMembership

Active = WorkgroupMembership.Status.ACTIVE


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
    """Active members, the lead first; people with and without an account sorted by name together."""
    return (
        workgroup.memberships.filter(status=Active)
        .select_related("user", "organisation")
        .order_by("role", Lower(Coalesce("user__display_name", "name")), "pk")
    )


def find_accounts(text: str, *, by_email: bool):
    """Accounts matching what someone typed: an exact e-mail address (only when ``by_email``, for
    coordinators), else an exact display name, else a display name containing the text.

    The caller needs exactly one; at most two are fetched, enough to tell "several".
    """
    from conference.models import User

    text = " ".join(text.split())
    users = User.objects.filter(is_active=True)
    if "@" in text:
        return list(users.filter(email__iexact=text)[:2]) if by_email else []
    exact = list(users.filter(display_name__iexact=text)[:2])
    return exact or list(users.filter(display_name__icontains=text)[:2])


def partner_suggestions(limit: int = 500):
    """Names of partners to suggest in the member rows: display name and organisation, no e-mail."""
    from conference.models import Membership

    return (
        Membership.objects.filter(user__is_active=True)
        .select_related("user", "organisation")
        .order_by(Lower("user__display_name"), "organisation__name")[:limit]
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
    updates = updates.order_by("report__conference__starts_at", "pk")
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
                when=update.report.conference.starts_at,
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
    return (
        ProgressReport.objects.visible_to(user)
        .filter(workgroup=workgroup)
        .select_related("workgroup", "conference", "author", "merge_with")
        .order_by("conference__starts_at", "pk")
    )


def report_detail(*, workgroup: Workgroup, pk: int) -> ProgressReport:
    report = ProgressReport.objects.select_related("workgroup", "conference", "author", "merge_with", "decided_by").get(
        workgroup=workgroup, pk=pk
    )
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
    return (
        ProgressReport.objects.published()
        .filter(conference=conference)
        .select_related("workgroup", "merge_with")
        .order_by("workgroup__name")
    )


def commitments_at_edition(conference: Conference):
    return conference.commitments.select_related("organisation", "workgroup").order_by("organisation__name", "pk")


def _total_fields() -> dict:
    delivered = Q(status=Commitment.Status.DELIVERED)
    return {
        "count": Count("pk"),
        "total_hours": Sum("hours"),
        "total_amount": Sum("amount"),
        "delivered_hours": Sum("hours", filter=delivered),
        "delivered_amount": Sum("amount", filter=delivered),
    }


def commitment_totals(commitments) -> dict:
    """Hours and euros pledged, and of those delivered in full, summed by the database (one query)."""
    return commitments.order_by().aggregate(**_total_fields())


def commitment_totals_by_organisation(commitments) -> list[dict]:
    """The same totals per organisation (one query), for organisations that pledged hours or euros."""
    rows = (
        commitments.order_by()
        .values("organisation_id", "organisation__name", "organisation__slug")
        .annotate(**_total_fields())
        .filter(Q(total_hours__isnull=False) | Q(total_amount__isnull=False))
        .order_by("organisation__name")
    )
    return list(rows)


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
    return (
        ProgressReport.objects.filter(
            status=ProgressReport.Status.DRAFT,
            workgroup__in=Workgroup.objects.filter(memberships__user=user, memberships__status=Active),
        )
        .select_related("workgroup", "conference")
        .order_by("conference__starts_at")
    )


def my_decisions(user, limit: int = 10):
    mine = WorkgroupMembership.objects.filter(user=user, status=Active).values("workgroup_id")
    return (
        ProgressReport.objects.filter(workgroup_id__in=mine)
        .exclude(decision="")
        .select_related("workgroup", "conference")
        .order_by("-decided_at")[:limit]
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
    """How many commitments were kept, and the hours and euros pledged and delivered (one query)."""
    return organisation.commitments.order_by().aggregate(
        total=Count("pk"),
        kept=Count("pk", filter=Q(status=Commitment.Status.DELIVERED)),
        partly=Count("pk", filter=Q(status=Commitment.Status.PARTLY)),
        reviewed=Count("pk", filter=~Q(status=Commitment.Status.OPEN)),
        **{name: value for name, value in _total_fields().items() if name != "count"},
    )
