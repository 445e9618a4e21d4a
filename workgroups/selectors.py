"""Reads the pages need: few queries, counts annotated, relations fetched up front."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Lower, TruncDate
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from conference.models import Edition
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


def workgroup_list(*, status: str = "", edition: str = "", changed_since: datetime | None = None):
    """Every workgroup (all are public) with its active members and published reports counted.

    ``changed_since``: only groups started, or with a goal or a published report changed, since then.
    """
    workgroups = Workgroup.objects.select_related("origin_theme", "started_in").annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Active), distinct=True),
        report_count=Count("reports", filter=Q(reports__status=ProgressReport.Status.PUBLISHED), distinct=True),
    )
    if status:
        workgroups = workgroups.filter(status=status)
    if edition:
        workgroups = workgroups.filter(started_in__slug=edition)
    if changed_since is not None:
        goals = Goal.objects.filter(workgroup=OuterRef("pk"), updated_at__gte=changed_since)
        reports = ProgressReport.objects.published().filter(workgroup=OuterRef("pk"), updated_at__gte=changed_since)
        workgroups = workgroups.filter(Q(created_at__gte=changed_since) | Exists(goals) | Exists(reports))
    return workgroups.order_by("name", "pk")


def editions_with_workgroups():
    return Edition.objects.filter(started_workgroups__isnull=False).distinct().order_by("-starts_at")


def workgroup_detail(*, slug: str) -> Workgroup | None:
    return Workgroup.objects.select_related("origin_theme__conference", "started_in").filter(slug=slug).first()


def all_goals():
    """The goals of every workgroup (all are public), by workgroup."""
    return Goal.objects.select_related("workgroup").order_by("workgroup__name", "workgroup_id", "created_at", "pk")


def members(workgroup: Workgroup):
    """Active members, the lead first; people with and without an account sorted by name together."""
    return memberships(workgroup).filter(status=Active)


def memberships(workgroup: Workgroup):
    """Every membership of the group, whatever its status, in the order of ``members``."""
    return workgroup.memberships.select_related("user", "organisation").order_by(
        "role", Lower(Coalesce("user__display_name", "name")), "pk"
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
    edition: Edition | None = None
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


def reports_visible_to(user, *, workgroup: str = "", edition: str = "", changed_since: datetime | None = None):
    """The reports ``user`` may read (``ProgressReport.objects.visible_to``: for visitors the published ones),
    newest first, with their quick wins, next steps and goal updates fetched up front."""
    reports = ProgressReport.objects.visible_to(user).select_related("workgroup", "conference", "merge_with")
    if workgroup:
        reports = reports.filter(workgroup__slug=workgroup)
    if edition:
        reports = reports.filter(conference__slug=edition)
    if changed_since is not None:
        reports = reports.filter(updated_at__gte=changed_since)
    reports = with_rows(reports).prefetch_related(
        Prefetch("goal_updates", queryset=GoalUpdate.objects.select_related("goal").order_by("goal__created_at", "pk"))
    )
    return _by_date(reports, newest_first=True)


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
# Every step is dated by when it happened, never by the date of the edition it belongs to.
# Past steps come first, in date order; then "now"; then what is still to come.

#: Which step comes first when two fall on the same moment (or a day without a time).
STEP_ORDER = ("theme", "vote", "talk", "chosen", "workgroup", "report", "decision", "edition")


@dataclass
class Event:
    when: datetime | date
    kind: str
    title: str
    text: str = ""
    url: str = ""
    badge: str = ""
    badge_label: str = ""
    items: list = field(default_factory=list)
    dated: bool = True
    #: "" when the date is known; "around" or "before" when the portal can only estimate it.
    approximate: str = ""
    #: A short line under the title, such as the period a report covers or where a decision was taken.
    detail: str = ""
    future: bool = False

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)

    @property
    def day(self) -> date:
        return timezone.localdate(self.when) if self.has_time else self.when

    @property
    def iso(self) -> str:
        """For ``<time datetime>``: the moment, or only the day when no time is known."""
        return timezone.localtime(self.when).isoformat() if self.has_time else self.when.isoformat()

    def is_after(self, now: datetime) -> bool:
        return self.when > now if self.has_time else self.when > timezone.localdate(now)

    def sort_key(self):
        """By day; within a day by time, steps without a time at its end; ties in the order of STEP_ORDER."""
        moment = timezone.localtime(self.when).time() if self.has_time else time.max
        rank = STEP_ORDER.index(self.kind) if self.kind in STEP_ORDER else len(STEP_ORDER)
        return (self.day, moment, rank)


def _as_moment(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value
    return timezone.make_aware(datetime.combine(value, time.min))


def _day_text(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _session_url(theme, session_id: int) -> str:
    return reverse("conference:session_detail", kwargs={"slug": theme.conference.slug, "pk": session_id})


def _talk_events(theme) -> list[Event]:
    """One step per session where the theme was talked about, with its tables."""
    talks = theme.table_talks.select_related("conference", "session").order_by("conference__starts_at", "pk")
    steps: dict[tuple, Event] = {}
    for talk in sorted(talks, key=lambda t: (t.session.starts_at if t.session else t.conference.starts_at, t.pk)):
        key = ("session", talk.session_id) if talk.session_id else ("edition", talk.conference_id)
        step = steps.get(key)
        if step is None:
            step = steps[key] = Event(
                when=talk.session.starts_at if talk.session else talk.conference.starts_at,
                kind="talk",
                title=_("Table talks at %(edition)s") % {"edition": talk.conference},
                text=talk.session.title if talk.session else "",
            )
        label = f"{talk.table_label}: {talk.title}" if talk.table_label else talk.title
        step.items.append((label, talk.get_absolute_url()))
    return list(steps.values())


def _chosen_event(theme) -> Event | None:
    from themes.models import Theme

    if theme.choice_method != Theme.ChoiceMethod.SESSION or theme.chosen_at is None:
        return None
    session = theme.chosen_in
    if session is not None:
        text = _("During the session “%(session)s” of %(edition)s, without a voting round.") % {
            "session": session.title,
            "edition": theme.conference,
        }
    else:
        text = _("During a session of %(edition)s, without a voting round.") % {"edition": theme.conference}
    return Event(
        when=theme.chosen_at,
        kind="chosen",
        title=_("Theme chosen: %(title)s") % {"title": theme.title},
        text=text,
        url=_session_url(theme, session.pk) if session is not None else theme.get_absolute_url(),
    )


def theme_events(theme) -> list[Event]:
    """A theme's part of the lineage: proposed, voted on (when results are public), chosen, talked about."""
    if theme is None:
        return []
    from themes.models import Theme, VotingRound

    round_ = (
        VotingRound.objects.filter(conference_id=theme.conference_id, results_published=True)
        .annotate(theme_votes=Count("ballots__votes", filter=Q(ballots__votes__theme_id=theme.pk)))
        .first()
    )
    events = []
    if round_ is not None and not theme.named_at_session:  # named at the table: never on the ballot
        chosen_here = theme.choice_method == Theme.ChoiceMethod.VOTE
        events.append(
            Event(
                when=round_.closes_at,
                kind="vote",
                title=_("Voting round: %(count)s votes") % {"count": round_.theme_votes},
                text=_("Chosen in the voting round") if chosen_here else theme.get_status_display(),
                url=round_.get_absolute_url(),
            )
        )
    chosen = _chosen_event(theme)
    if chosen is not None:
        events.append(chosen)
    events += _talk_events(theme)
    if not theme.named_at_session:  # a theme named at the table and entered afterwards was never proposed
        events.insert(0, _proposal_event(theme, events, round_))
    return events


def _proposal_event(theme, later: list[Event], round_) -> Event:
    """Proposed at ``created_at``; a theme entered after its vote or talk was proposed before them."""
    proposal = Event(
        when=theme.created_at,
        kind="theme",
        title=_("Theme proposed: %(title)s") % {"title": theme.title},
        text=_("For %(edition)s") % {"edition": theme.conference},
        url=theme.get_absolute_url(),
    )
    bounds = [round_.opens_at] if round_ is not None else []
    bounds += [_as_moment(event.when) for event in later]
    first = min(bounds, default=None)
    if first is not None and theme.created_at > first:
        proposal.when, proposal.approximate = first - timedelta(seconds=1), "before"
    return proposal


def _period_text(report) -> str:
    start, end = report.period_start, report.period_end
    if start and end:
        return _("over %(start)s – %(end)s") % {"start": _day_text(start), "end": _day_text(end)}  # noqa: RUF001
    if end:
        return _("up to %(end)s") % {"end": _day_text(end)}
    if start:
        return _("from %(start)s") % {"start": _day_text(start)}
    return ""


def _report_event(report, now: datetime) -> Event:
    """Dated by the end of its period, or else by when it was submitted or published."""
    edition = report.conference
    title = (
        _("Progress report at %(edition)s") % {"edition": edition} if edition else _("Progress report between editions")
    )
    when = report.period_end or report.submitted_at or report.published_at
    if when is None and report.is_draft and edition is not None and edition.starts_at > now:
        when, title = edition.starts_at, _("Progress report due for %(edition)s") % {"edition": edition}
    return Event(
        when=when or report.created_at,
        kind="report",
        title=title,
        text=report.get_overall_status_display(),
        detail=_period_text(report),
        url=report.get_absolute_url(),
        badge=report.status,
        badge_label=report.get_status_display() if report.status != ProgressReport.Status.PUBLISHED else "",
    )


def _decision_event(report, reported: Event) -> Event:
    when = report.decided_on or report.decided_at or reported.when
    return Event(
        when=when,
        kind="decision",
        title=_("Decision: %(decision)s") % {"decision": report.get_decision_display()},
        text=report.decision_note,
        detail=report.decision_context,
        url=report.get_absolute_url(),
        badge=report.decision,
    )


def report_events(reports, now: datetime | None = None) -> list[Event]:
    now = now or timezone.now()
    events = []
    for report in reports:
        reported = _report_event(report, now)
        events.append(reported)
        if report.decision:
            events.append(_decision_event(report, reported))
    return events


def _start_event(workgroup: Workgroup, reports) -> Event:
    edition = workgroup.started_in
    event = Event(
        when=workgroup.created_at,
        kind="workgroup",
        title=_("Workgroup started: %(name)s") % {"name": workgroup.name},
        text=str(edition) if edition else "",
        url=workgroup.get_absolute_url(),
    )
    if workgroup.started_on:
        event.when = workgroup.started_on
    elif edition is not None:  # a guess: groups start around the edition that chose their theme
        event.when, event.approximate = min(edition.ends_at, workgroup.created_at), "around"
    else:  # older groups predate the portal: place the start before their first report
        first = min((_as_moment(e.when) for e in report_events(reports)), default=workgroup.created_at)
        event.when, event.dated = min(first, workgroup.created_at), False
        event.text = _("Started before this portal was used")
    return event


def _coming_edition_event(workgroup: Workgroup, reports, now: datetime) -> Event | None:
    """An active group presents its progress at the next edition."""
    if workgroup.status != Workgroup.Status.ACTIVE:
        return None
    edition = Edition.objects.published().filter(starts_at__gt=now).order_by("starts_at", "pk").first()
    if edition is None:
        return None
    sent = any(r.conference_id == edition.pk and not r.is_draft for r in reports)
    return Event(
        when=edition.starts_at,
        kind="edition",
        title=_("Next edition: %(edition)s") % {"edition": edition},
        text=_("The workgroup presents its progress here.")
        if sent
        else _("The workgroup presents its progress here. A progress report is due before then."),
        url=edition.get_absolute_url(),
    )


def workgroup_timeline(
    workgroup: Workgroup, reports, *, with_theme: bool = True, now: datetime | None = None
) -> list[Event]:
    """The lineage in the order it happened: the origin theme (optional), the start, every report and
    decision; then "now"; then what is still to come (the next edition, a report due)."""
    now = now or timezone.now()
    events = theme_events(workgroup.origin_theme) if with_theme else []
    events.append(_start_event(workgroup, reports))
    events += report_events(reports, now)
    coming = _coming_edition_event(workgroup, reports, now)
    if coming is not None:
        events.append(coming)
    for event in events:
        event.future = event.is_after(now)
    past = sorted((e for e in events if not e.future), key=Event.sort_key)
    future = sorted((e for e in events if e.future), key=Event.sort_key)
    today = Event(when=now, kind="today", title=_("Today"), text=workgroup.get_status_display())
    return [*past, today, *future]


# Panels and dashboards ----------------------------------------------------------------------


def reports_at_edition(conference: Edition):
    """The published reports presented at this edition, with their quick wins, next steps and decisions."""
    reports = ProgressReport.objects.published().filter(conference=conference)
    return with_rows(reports.select_related("workgroup", "conference", "merge_with")).order_by("workgroup__name", "pk")


def _followups_since_previous(conference: Edition) -> Q:
    """Reports between editions whose period ended (or, without a period, whose decision was taken)
    after the previous published edition and before this one began. No query of its own."""
    previous_end = (
        Edition.objects.published()
        .filter(starts_at__lt=conference.starts_at)
        .order_by("-starts_at")
        .values("ends_at")[:1]
    )
    since = Coalesce(TruncDate(Subquery(previous_end)), Value(date(1900, 1, 1)), output_field=DateField())
    until = timezone.localdate(conference.starts_at)
    return Q(conference__isnull=True, followup_date__gte=since, followup_date__lt=until)


def _with_followup_date(reports):
    return reports.annotate(followup_date=Coalesce(F("period_end"), F("decided_on"), F("period_start")))


def followups_before_edition(conference: Edition):
    """Published reports between editions since the previous edition: what came of the plans."""
    reports = _with_followup_date(ProgressReport.objects.published()).filter(_followups_since_previous(conference))
    return with_rows(reports.select_related("workgroup", "merge_with")).order_by("workgroup__name", "followup_date")


def edition_panel_reports(conference: Edition) -> tuple[list, list]:
    """For the edition page and its recap, in one query (and one each for quick wins and next steps):
    the reports presented at the edition, and the follow-ups written since the previous one."""
    reports = _with_followup_date(ProgressReport.objects.published()).filter(
        Q(conference=conference) | _followups_since_previous(conference)
    )
    reports = with_rows(reports.select_related("workgroup", "conference", "merge_with"))
    reports = list(reports.order_by("workgroup__name", "followup_date", "pk"))
    return [r for r in reports if r.conference_id], [r for r in reports if not r.conference_id]


def all_reports_for_export(conference: Edition | None = None):
    """Submitted and published reports for the coordinators' CSV: of one edition, or all of them."""
    reports = ProgressReport.objects.exclude(status=ProgressReport.Status.DRAFT)
    if conference is not None:
        reports = reports.filter(conference=conference)
    reports = reports.select_related("workgroup", "conference", "merge_with", "decided_by")
    return with_rows(_by_date(reports.order_by()).order_by("workgroup__name", "report_date", "pk"))


def public_commitments(*, edition: str = "", workgroup: str = "", organisation: str = ""):
    """Commitments made at published editions (an edition in preparation stays out), newest edition first."""
    commitments = Commitment.objects.filter(conference__is_published=True)
    if edition:
        commitments = commitments.filter(conference__slug=edition)
    if workgroup:
        commitments = commitments.filter(workgroup__slug=workgroup)
    if organisation:
        commitments = commitments.filter(organisation__slug=organisation)
    return commitments.select_related("organisation", "conference", "workgroup").order_by(
        "-conference__starts_at", "organisation__name", "pk"
    )


def commitments_at_edition(conference: Edition):
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
    return Workgroup.objects.active().select_related("started_in").order_by("name")[:limit]


def workgroups_without_lead():
    """Active groups where no active member leads: after a lead deleted their account, a coordinator picks one."""
    leads = WorkgroupMembership.objects.filter(
        status=WorkgroupMembership.Status.ACTIVE, role=WorkgroupMembership.Role.LEAD
    ).values("workgroup_id")
    return Workgroup.objects.active().exclude(pk__in=leads).order_by("name")


def submitted_reports():
    return (
        ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
        .select_related("workgroup", "conference")
        .order_by("submitted_at", "pk")
    )


def editions_with_reports():
    """Editions that have reports a coordinator can export, newest first."""
    reports = ProgressReport.objects.exclude(status=ProgressReport.Status.DRAFT)
    return Edition.objects.filter(pk__in=reports.values("conference_id")).order_by("-starts_at")


def my_memberships(user):
    return (
        WorkgroupMembership.objects.filter(user=user, status__in=[Active, WorkgroupMembership.Status.REQUESTED])
        .select_related("workgroup")
        .order_by("workgroup__name")
    )


def reports_due(user, now=None):
    """(workgroup, edition) pairs where my group has no submitted report for an edition to come."""
    now = now or timezone.now()
    editions = list(Edition.objects.published().filter(ends_at__gte=now).order_by("starts_at")[:3])
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
    """How many commitments were kept, and the hours and euros pledged and delivered (one query)."""
    return organisation.commitments.order_by().aggregate(
        total=Count("pk"),
        kept=Count("pk", filter=Q(status=Commitment.Status.DELIVERED)),
        partly=Count("pk", filter=Q(status=Commitment.Status.PARTLY)),
        reviewed=Count("pk", filter=~Q(status=Commitment.Status.OPEN)),
        **{name: value for name, value in _total_fields().items() if name != "count"},
    )
