"""The open-data downloads: the public data of the API as flat tables, for everything or one edition.

Each dataset reads through the same selectors as the pages and the API (as an anonymous visitor), so a
download never holds more than a visitor sees. Column names are the API's field names; values are the
stored codes (``chosen``, ``on_track``), the same in every language.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from conference import selectors as conference_selectors
from opendata.api.common import VISITOR, published_slug
from opendata.api.themes import with_votes
from themes import selectors as theme_selectors
from workgroups import selectors as workgroup_selectors


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[str, ...]
    rows: Callable  # (edition: Edition | None, url: Callable[[str], str]) -> Iterable[tuple]
    per_edition: bool = True


def _edition_rows(edition, url) -> Iterable[tuple]:
    editions = conference_selectors.editions_for(user=VISITOR).order_by("starts_at", "pk")
    for item in [edition] if edition is not None else editions:
        yield (
            item.slug, item.title, item.motto, item.starts_at, item.ends_at, item.mode, item.venue, item.address,
            item.online_url, item.organiser.name if item.organiser_id else "", url(item.get_absolute_url()),
        )  # fmt: skip


def _session_rows(edition, url) -> Iterable[tuple]:
    sessions = conference_selectors.programmes_for(user=VISITOR)
    if edition is not None:
        sessions = sessions.filter(conference=edition)
    for session in sessions:
        hosts = "; ".join(host.label for host in session.hosts.all())
        yield (
            session.conference.slug, session.pk, session.kind, session.title, session.starts_at, session.ends_at,
            session.room, session.capacity, session.needs_registration, hosts, url(session.get_absolute_url()),
        )  # fmt: skip


def _theme_rows(edition, url) -> Iterable[tuple]:
    themes = theme_selectors.theme_list(edition=edition.slug if edition else "")
    themes = list(themes.order_by("conference__starts_at", "conference_id", "pk"))
    for theme in with_votes(themes):
        merged_into = theme.merged_into.pk if theme.merged_into and theme.merged_into.is_public else None
        yield (
            theme.pk, theme.conference.slug, theme.title, theme.target_group,
            theme.organisation.name if theme.organisation else "", theme.status, merged_into, theme.choice_method,
            theme.chosen_at, theme.public_votes, url(theme.get_absolute_url()),
        )  # fmt: skip


def _result_rows(edition, url) -> Iterable[tuple]:
    rank, edition_id = 0, None
    for theme in theme_selectors.public_results(user=VISITOR, edition=edition):
        rank = rank + 1 if theme.conference_id == edition_id else 1
        edition_id = theme.conference_id
        round_ = theme.conference.voting_round
        yield theme.conference.slug, round_.pk, rank, theme.pk, theme.title, theme.status, theme.vote_total


def _outcome_rows(edition, url) -> Iterable[tuple]:
    table_talks = conference_selectors.table_talks_for(user=VISITOR).order_by(
        "conference__starts_at", "round", "table_label", "pk"
    )
    if edition is not None:
        table_talks = table_talks.filter(conference=edition)
    for table in table_talks:
        theme = table.theme.pk if table.theme and table.theme.is_public else None
        for outcome in table.outcomes.all():
            yield (
                table.conference.slug, table.pk, table.round, table.table_label, table.title, theme, outcome.pk,
                outcome.kind, outcome.text, url(table.get_absolute_url()),
            )  # fmt: skip


def _workgroup_rows(edition, url) -> Iterable[tuple]:
    workgroups = workgroup_selectors.workgroup_list(edition=edition.slug if edition else "")
    for group in workgroups.select_related("origin_theme__conference"):
        theme = group.origin_theme
        origin = theme.pk if theme and theme.is_public and published_slug(theme.conference) else None
        yield (
            group.slug, group.name, group.status, origin, published_slug(group.started_in), group.started_on,
            group.member_count, group.report_count, url(group.get_absolute_url()),
        )  # fmt: skip


def _goal_rows(edition, url) -> Iterable[tuple]:
    for goal in workgroup_selectors.all_goals():
        yield goal.workgroup.slug, goal.pk, goal.title, goal.target_date, goal.status, goal.progress


def _report_rows(edition, url) -> Iterable[tuple]:
    reports = workgroup_selectors.reports_visible_to(VISITOR, edition=edition.slug if edition else "")
    for report in reports:
        yield (
            report.pk, report.workgroup.slug, published_slug(report.conference), report.period_start,
            report.period_end, report.overall_status, report.summary, "\n".join(report.achievement_list),
            report.published_at, report.decision, report.decision_note, report.decided_on,
            url(report.get_absolute_url()),
        )  # fmt: skip


def _commitment_rows(edition, url) -> Iterable[tuple]:
    commitments = workgroup_selectors.public_commitments(edition=edition.slug if edition else "")
    for item in commitments:
        yield (
            item.pk, item.conference.slug, item.organisation.name, item.workgroup.slug if item.workgroup_id else "",
            item.kind, item.description, item.hours, item.amount, item.due_date, item.status,
        )  # fmt: skip


def _organisation_rows(edition, url) -> Iterable[tuple]:
    for item in conference_selectors.organisation_list():
        yield item.slug, item.name, item.kind, item.website, url(item.get_absolute_url())


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        Dataset(
            "edities",
            _("Editions"),
            _("Date, place, motto and organiser of each edition."),
            ("slug", "title", "motto", "starts_at", "ends_at", "mode", "venue", "address", "online_url",
             "organiser", "url"),
            _edition_rows,
        ),
        Dataset(
            "programma",
            _("Programme"),
            _("The sessions of each edition, with speakers and hosts."),
            ("edition", "id", "kind", "title", "starts_at", "ends_at", "room", "capacity", "needs_registration",
             "hosts", "url"),
            _session_rows,
        ),
        Dataset(
            "themas",
            _("Themes"),
            _("Published themes, their status and votes (once the results are public)."),
            ("id", "edition", "title", "target_group", "organisation", "status", "merged_into", "choice_method",
             "chosen_at", "votes", "url"),
            _theme_rows,
        ),
        Dataset(
            "uitslagen",
            _("Voting results"),
            _("The ranking of each voting round whose results are public."),
            ("edition", "voting_round", "rank", "theme", "title", "status", "votes"),
            _result_rows,
        ),
        Dataset(
            "opbrengsten",
            _("Table-talk outcomes"),
            _("The published outcomes of the table talks."),
            ("edition", "table_talk", "round", "table_label", "topic", "theme", "id", "kind", "text", "url"),
            _outcome_rows,
        ),
        Dataset(
            "werkgroepen",
            _("Workgroups"),
            _("Every workgroup: status, the theme it came from, members and reports counted."),
            ("slug", "name", "status", "origin_theme", "started_in", "started_on", "member_count", "report_count",
             "url"),
            _workgroup_rows,
        ),
        Dataset(
            "doelen",
            _("Goals of workgroups"),
            _("The goals of every workgroup and how far they are."),
            ("workgroup", "id", "title", "target_date", "status", "progress"),
            _goal_rows,
            per_edition=False,
        ),
        Dataset(
            "voortgang",
            _("Progress reports"),
            _("Published progress reports and the decision on each."),
            ("id", "workgroup", "edition", "period_start", "period_end", "overall_status", "summary", "achievements",
             "published_at", "decision", "decision_note", "decided_on", "url"),
            _report_rows,
        ),
        Dataset(
            "toezeggingen",
            _("Commitments"),
            _("What organisations pledged, and whether it was kept."),
            ("id", "edition", "organisation", "workgroup", "kind", "description", "hours", "amount", "due_date",
             "status"),
            _commitment_rows,
        ),
        Dataset(
            "organisaties",
            _("Organisations"),
            _("The partner organisations."),
            ("slug", "name", "kind", "website", "url"),
            _organisation_rows,
            per_edition=False,
        ),
    )
}  # fmt: skip
