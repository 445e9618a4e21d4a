"""The workgroups part of the benchmark data (``manage.py load_bench``).

At scale 1: 300 workgroups, each with members, 5 goals and 10 progress reports (one per edition
after its start, published with a decision; the rest between editions), what each report says about
each goal, quick wins, next steps and commitments. Goals and reports get their first history
record, as the pages that show their history expect.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from conference.benchdata import BATCH, BenchContext, bulk, given_timestamps
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

REPORTS, GOALS, MEMBERS = 10, 5, 8


def load(ctx: BenchContext) -> None:
    groups = _workgroups(ctx)
    _members(ctx, groups)
    goals = _goals(ctx, groups)
    reports = _reports(ctx, groups)
    _report_details(ctx, reports, goals)
    _commitments(ctx, groups)


def _workgroups(ctx: BenchContext) -> list[Workgroup]:
    editions = ctx.past_editions
    # Most groups start early enough to present at the editions after their start.
    starts = editions[: max(1, len(editions) - REPORTS)] if len(editions) > REPORTS else editions[:1]
    chosen = [(edition, pk) for edition in editions for pk in ctx.chosen_themes.get(edition.pk, [])]
    statuses = [Workgroup.Status.ACTIVE] * 6 + [Workgroup.Status.PAUSED, Workgroup.Status.COMPLETED]
    statuses += [Workgroup.Status.STOPPED]
    rows = []
    for index in range(ctx.n(300, minimum=20)):
        subject = ctx.words.subject(index)
        edition, theme = chosen[index] if index < len(chosen) else (starts[index % len(starts)], None)
        name = ctx.words.theme_title(subject)
        rows.append(
            Workgroup(
                name=name[:200],
                slug=f"{slugify(name)[:70].rstrip('-')}-{index + 1}",
                focus=ctx.words.markdown(subject, 2),
                origin_theme_id=theme,
                started_in=edition,
                started_on=timezone.localdate(edition.ends_at) + timedelta(days=30),
                status=statuses[index % len(statuses)],
                contact=ctx.words.person(),
                created_at=edition.ends_at + timedelta(days=30),
            )
        )
    return bulk(ctx, Workgroup, rows)


def _members(ctx: BenchContext, groups: list[Workgroup]) -> None:
    rows = []
    people = ctx.partners + ctx.residents[: len(ctx.residents) // 2]
    for group in groups:
        for order, pk in enumerate(ctx.rng.sample(people, k=MEMBERS)):
            rows.append(
                WorkgroupMembership(
                    workgroup=group,
                    user_id=pk,
                    role=WorkgroupMembership.Role.LEAD if order == 0 else WorkgroupMembership.Role.MEMBER,
                    status=WorkgroupMembership.Status.ACTIVE,
                    is_experience_expert=order == MEMBERS - 1,
                    organisation=ctx.organisations[order % len(ctx.organisations)] if order % 2 else None,
                    created_at=group.created_at,
                    updated_at=group.created_at,
                )
            )
    bulk(ctx, WorkgroupMembership, rows)


def _with_history(ctx: BenchContext, model, rows: list, when) -> list:
    for row in rows:
        row._history_date = when(row)
    with given_timestamps(model):
        saved = bulk_create_with_history(rows, model, batch_size=BATCH)
    ctx.counts[model._meta.label] = len(saved)
    return saved


def _goals(ctx: BenchContext, groups: list[Workgroup]) -> dict[int, list[Goal]]:
    rows = []
    for group in groups:
        subject = ctx.words.subject()
        for number in range(GOALS):
            rows.append(
                Goal(
                    workgroup=group,
                    title=f"Doel {number + 1}: {ctx.words.theme_title(subject)}"[:200],
                    description=ctx.words.paragraph(subject, 2),
                    target_date=timezone.localdate(group.created_at) + timedelta(days=180 * (number + 1)),
                    status=Goal.Status.IN_PROGRESS,
                    progress=ctx.rng.randint(0, 90),
                    created_at=group.created_at,
                    updated_at=group.created_at,
                )
            )
    goals: dict[int, list[Goal]] = {}
    for goal in _with_history(ctx, Goal, rows, lambda goal: goal.created_at):
        goals.setdefault(goal.workgroup_id, []).append(goal)
    return goals


def _reports(ctx: BenchContext, groups: list[Workgroup]) -> list[ProgressReport]:
    """One report per edition after the start (published, decided); the rest between editions."""
    position = {edition.pk: index for index, edition in enumerate(ctx.past_editions)}
    decisions = list(ProgressReport.Decision)[:4]
    overall = list(ProgressReport.Overall)
    rows = []
    for group in groups:
        later = ctx.past_editions[position[group.started_in_id] + 1 :]
        for number in range(REPORTS):
            edition = later[number] if number < len(later) else None
            written = (
                (edition.starts_at - timedelta(days=21))
                if edition
                else (group.created_at + timedelta(days=90 * number))
            )
            subject = ctx.words.subject()
            rows.append(
                ProgressReport(
                    workgroup=group,
                    conference=edition,
                    period_start=None if edition else timezone.localdate(written) - timedelta(days=90),
                    period_end=None if edition else timezone.localdate(written),
                    author_id=ctx.rng.choice(ctx.partners),
                    summary=ctx.words.markdown(subject, 2),
                    achievements="\n".join(ctx.words.outcome(subject) for _ in range(3)),
                    not_achieved=ctx.words.paragraph(subject, 1),
                    overall_status=overall[number % len(overall)],
                    status=ProgressReport.Status.PUBLISHED,
                    submitted_at=written,
                    published_at=written + timedelta(days=3),
                    decision=decisions[number % len(decisions)] if edition else "",
                    decision_note=ctx.words.paragraph(subject, 1) if edition else "",
                    decided_by_id=ctx.coordinators[0] if edition else None,
                    decided_at=edition.ends_at if edition else None,
                    decided_on=timezone.localdate(edition.starts_at) if edition else None,
                    decision_context="Op de werkconferentie" if edition else "",
                    created_at=written - timedelta(days=7),
                    updated_at=written + timedelta(days=3),
                )
            )
    return _with_history(ctx, ProgressReport, rows, lambda report: report.published_at)


def _report_details(ctx: BenchContext, reports: list[ProgressReport], goals: dict[int, list[Goal]]) -> None:
    updates, wins, steps = [], [], []
    statuses = [Goal.Status.IN_PROGRESS, Goal.Status.IN_PROGRESS, Goal.Status.ACHIEVED, Goal.Status.NOT_STARTED]
    for report in reports:
        subject = ctx.words.subject()
        for index, goal in enumerate(goals[report.workgroup_id]):
            update = GoalUpdate(
                report=report,
                goal=goal,
                status=statuses[index % len(statuses)],
                progress=ctx.rng.randint(0, 100),
                note=ctx.words.outcome(subject),
            )
            update._history_date = report.published_at
            updates.append(update)
        done = timezone.localdate(report.submitted_at) - timedelta(days=10)
        wins += [
            QuickWin(report=report, text=ctx.words.outcome(subject)[:300], done_on=done, order=i) for i in range(2)
        ]
        steps += [
            NextStep(
                report=report,
                text=ctx.words.outcome(subject)[:300],
                owner_name=ctx.words.person(),
                due_date=done + timedelta(days=120),
                funding="Gemeentelijk budget" if i else "",
                order=i,
            )
            for i in range(2)
        ]
    _with_history(ctx, GoalUpdate, updates, lambda update: update._history_date)
    bulk(ctx, QuickWin, wins)
    bulk(ctx, NextStep, steps)


def _commitments(ctx: BenchContext, groups: list[Workgroup]) -> None:
    kinds = list(Commitment.Kind)
    rows = [
        Commitment(
            organisation=ctx.organisations[index % len(ctx.organisations)],
            conference=group.started_in,
            workgroup=group,
            kind=kinds[index % len(kinds)],
            description="Twee uur per week inzet van een medewerker",
            hours=80 if kinds[index % len(kinds)] == Commitment.Kind.HOURS else None,
            status=Commitment.Status.DELIVERED if index % 3 else Commitment.Status.OPEN,
            recorded_by_id=ctx.coordinators[0],
            created_at=group.created_at,
        )
        for index, group in enumerate(groups)
    ]
    bulk(ctx, Commitment, rows)
