"""Data for the open-data tests: full cycles of public data, and next to them everything a visitor may not see."""

from datetime import timedelta
from itertools import count

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from conference.models import (
    Edition,
    Organisation,
    Outcome,
    Recap,
    RecapSection,
    Session,
    SessionHost,
    SiteSettings,
    TableTalk,
    User,
)
from tests.conference.factories import OutcomeFactory, RecapFactory, SessionFactory, TableTalkFactory
from tests.factories import EditionFactory, OrganisationFactory, UserFactory
from tests.themes.factories import BallotFactory, ThemeFactory, VoteFactory, VotingRoundFactory
from tests.workgroups.factories import CommitmentFactory, GoalFactory, ProgressReportFactory, WorkgroupFactory
from themes.models import Ballot, Theme, Vote, VotingRound
from workgroups.models import Commitment, Goal, GoalUpdate, NextStep, ProgressReport, QuickWin, Workgroup

_numbers = count()


@pytest.fixture(autouse=True)
def _site(request):
    """The organising body's row exists and is cached, as on a running site."""
    if request.node.get_closest_marker("django_db") or "db" in request.fixturenames:
        SiteSettings.load()


@pytest.fixture
def wsgi_app(db):
    """The portal as a WSGI application, called in this thread on the test's transaction.

    Django closes "old" connections around every request it serves; inside a test that would end
    the test's transaction, so that signal handler is off while the application is in use.
    """
    from conference.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def past(days: int):
    start = timezone.now() - timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=4)}


def published_report(workgroup, edition, goal, organisation):
    report = ProgressReportFactory(
        workgroup=workgroup,
        conference=edition,
        status=ProgressReport.Status.PUBLISHED,
        published_at=timezone.now(),
        decision=ProgressReport.Decision.CONTINUE,
        decision_note="Goed bezig.",
    )
    QuickWin.objects.create(report=report, text="Eerste bijeenkomst", order=1)
    NextStep.objects.create(report=report, text="Tweede bijeenkomst", owner_organisation=organisation, order=1)
    GoalUpdate.objects.create(report=report, goal=goal, status=goal.status, progress=40)
    return report


class Hub:
    """The objects whose detail pages gain a row with every cycle: an edition to come (its programme),
    a table talk (its outcomes), a theme (merged themes, table talks), a workgroup (goals, reports)."""

    def __init__(self):
        self.organisation = OrganisationFactory()
        self.edition = EditionFactory(**past(400))
        self.coming = EditionFactory()  # starts in 30 days
        self.theme = ThemeFactory(conference=self.edition, status=Theme.Status.CHOSEN)
        self.table_talk = TableTalkFactory(
            conference=self.edition, theme=self.theme, host_name="Gastvrouw", host_organisation=self.organisation
        )
        self.workgroup = WorkgroupFactory(origin_theme=self.theme, started_in=self.edition)
        self.recap = RecapFactory(conference=self.edition, published_at=timezone.now())
        self.round = VotingRoundFactory(
            conference=self.edition,
            opens_at=self.edition.starts_at - timedelta(days=20),
            closes_at=self.edition.starts_at - timedelta(days=1),
            results_published=True,
        )

    def add_cycle(self):
        """One more edition with all its public data, and one more row under each hub object."""
        n = next(_numbers)
        organisation = OrganisationFactory()
        edition = EditionFactory(**past(1000 + n), slug=f"cyclus-{n}")
        session = SessionFactory(conference=edition)
        SessionHost.objects.create(session=session, name=f"Spreker {n}", organisation=organisation)
        round_ = VotingRoundFactory(
            conference=edition,
            opens_at=edition.starts_at - timedelta(days=20),
            closes_at=edition.starts_at - timedelta(days=1),
            results_published=True,
            results_published_at=edition.starts_at,
        )
        theme = ThemeFactory(conference=edition, status=Theme.Status.CHOSEN, organisation=organisation)
        VoteFactory(ballot=BallotFactory(round=round_), theme=theme, slot=1)
        table = TableTalkFactory(conference=edition, theme=theme, session=session, host_organisation=organisation)
        OutcomeFactory(table_talk=table, status=Outcome.Status.PUBLISHED, published_at=timezone.now())
        recap = RecapFactory(conference=edition, published_at=timezone.now())
        RecapSection.objects.create(recap=recap, heading="Wat we deden", body="Veel.")
        workgroup = WorkgroupFactory(origin_theme=theme, started_in=edition)
        goal = GoalFactory(workgroup=workgroup)
        published_report(workgroup, edition, goal, organisation)
        CommitmentFactory(organisation=organisation, conference=edition, workgroup=workgroup)

        hub_session = SessionFactory(conference=self.coming)
        SessionHost.objects.create(session=hub_session, name=f"Gastspreker {n}", organisation=organisation)
        OutcomeFactory(table_talk=self.table_talk, status=Outcome.Status.PUBLISHED, published_at=timezone.now())
        ThemeFactory(conference=self.edition, status=Theme.Status.MERGED, merged_into=self.theme)
        ThemeFactory(conference=self.edition, status=Theme.Status.NOT_CHOSEN)  # one more row in the results
        TableTalk.objects.create(conference=self.edition, theme=self.theme, title=f"Tafel {n}")
        hub_goal = GoalFactory(workgroup=self.workgroup)
        published_report(self.workgroup, edition, hub_goal, organisation)
        RecapSection.objects.create(recap=self.recap, heading=f"Deel {n}", body="Tekst.")

    def add_cycles(self, number: int):
        """``number`` more cycles like ``add_cycle``, written in bulk (no signals: no search index, no history)."""
        start = next(_numbers)
        for _ in range(number):
            next(_numbers)
        numbers = range(start, start + number)
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Org {n}", slug=f"org-{n}") for n in numbers
        )
        editions = Edition.objects.bulk_create(
            Edition(title=f"Cyclus {n}", slug=f"cyclus-{n}", is_published=True, **past(1000 + n)) for n in numbers
        )
        pairs = list(zip(editions, organisations, strict=True))
        sessions = Session.objects.bulk_create(
            Session(conference=e, title="Sessie", starts_at=e.starts_at, ends_at=e.ends_at) for e, _o in pairs
        )
        SessionHost.objects.bulk_create(
            SessionHost(session=s, name="Spreker", organisation=o) for s, (_e, o) in zip(sessions, pairs, strict=True)
        )
        rounds = VotingRound.objects.bulk_create(
            VotingRound(
                conference=e,
                opens_at=e.starts_at - timedelta(days=20),
                closes_at=e.starts_at - timedelta(days=1),
                results_published=True,
            )
            for e, _o in pairs
        )
        themes = Theme.objects.bulk_create(
            Theme(conference=e, title=f"Thema {e.slug}", description="-", status=Theme.Status.CHOSEN, organisation=o)
            for e, o in pairs
        )
        voters = User.objects.bulk_create(User(email=f"stemmer-{n}@example.org", password="!") for n in numbers)
        ballots = Ballot.objects.bulk_create(Ballot(round=r, voter=v) for r, v in zip(rounds, voters, strict=True))
        Vote.objects.bulk_create(Vote(ballot=b, theme=t, slot=1) for b, t in zip(ballots, themes, strict=True))
        tables = TableTalk.objects.bulk_create(
            TableTalk(conference=e, theme=t, session=s, title="Tafel", host_organisation=o)
            for (e, o), t, s in zip(pairs, themes, sessions, strict=True)
        )
        published = {"status": Outcome.Status.PUBLISHED, "published_at": timezone.now()}
        Outcome.objects.bulk_create(Outcome(table_talk=t, text="Idee", **published) for t in tables)
        recaps = Recap.objects.bulk_create(
            Recap(conference=e, title=f"Terugblik {e.slug}", status=Recap.Status.PUBLISHED) for e, _o in pairs
        )
        RecapSection.objects.bulk_create(RecapSection(recap=r, heading="Kop", body="Tekst") for r in recaps)
        workgroups = Workgroup.objects.bulk_create(
            Workgroup(name=f"Groep {e.slug}", slug=f"groep-{e.slug}", origin_theme=t, started_in=e)
            for (e, _o), t in zip(pairs, themes, strict=True)
        )
        goals = Goal.objects.bulk_create(Goal(workgroup=w, title="Doel") for w in workgroups)
        hub_goals = Goal.objects.bulk_create(Goal(workgroup=self.workgroup, title="Doel") for _n in numbers)
        report_rows = [(w, e, g, o) for w, (e, o), g in zip(workgroups, pairs, goals, strict=True)]
        report_rows += [(self.workgroup, e, g, o) for (e, o), g in zip(pairs, hub_goals, strict=True)]
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(
                workgroup=w,
                conference=e,
                status=ProgressReport.Status.PUBLISHED,
                published_at=timezone.now(),
                decision=ProgressReport.Decision.CONTINUE,
            )
            for w, e, _g, _o in report_rows
        )
        QuickWin.objects.bulk_create(QuickWin(report=r, text="Gedaan") for r in reports)
        NextStep.objects.bulk_create(
            NextStep(report=r, text="Stap", owner_organisation=o)
            for r, (*_rest, o) in zip(reports, report_rows, strict=True)
        )
        GoalUpdate.objects.bulk_create(
            GoalUpdate(report=r, goal=g, status=g.status, progress=40)
            for r, (_w, _e, g, _o) in zip(reports, report_rows, strict=True)
        )
        Commitment.objects.bulk_create(
            Commitment(organisation=o, conference=e, workgroup=w, description="Uren")
            for (e, o), w in zip(pairs, workgroups, strict=True)
        )

        coming = [Session(conference=self.coming, title="Sessie", starts_at=self.coming.starts_at,
                          ends_at=self.coming.ends_at) for _n in numbers]  # fmt: skip
        SessionHost.objects.bulk_create(
            SessionHost(session=s, name="Gast", organisation=o)
            for s, o in zip(Session.objects.bulk_create(coming), organisations, strict=True)
        )
        Outcome.objects.bulk_create(Outcome(table_talk=self.table_talk, text="Idee", **published) for _n in numbers)
        hub_themes = [Theme(conference=self.edition, title="Samengevoegd", description="-",
                            status=Theme.Status.MERGED, merged_into=self.theme) for _n in numbers]  # fmt: skip
        hub_themes += [Theme(conference=self.edition, title="Niet gekozen", description="-",
                             status=Theme.Status.NOT_CHOSEN) for _n in numbers]  # fmt: skip
        Theme.objects.bulk_create(hub_themes)
        TableTalk.objects.bulk_create(
            TableTalk(conference=self.edition, theme=self.theme, title="Tafel") for _n in numbers
        )
        RecapSection.objects.bulk_create(RecapSection(recap=self.recap, heading="Deel", body="Tekst") for _n in numbers)


@pytest.fixture
def hub(db):
    return Hub()


#: Words that mark what a visitor may not see; none of them may ever show up in the API or a download.
SECRETS = (
    "Verborgen voorstel",
    "Afgewezen voorstel",
    "Ingetrokken voorstel",
    "Concept-opbrengst",
    "Ingediende rapportage",
    "Concept-rapportage",
    "Verborgen editie",
    "verborgen-editie",
    "Thema van een verborgen editie",
    "Concept-terugblik",
    "Toezegging bij een verborgen editie",
    "Sessie van een verborgen editie",
)


@pytest.fixture
def world(db):
    """Public data, and next to it everything a visitor may not see (named with one of ``SECRETS``)."""
    resident = UserFactory(email="geheim-inwoner@example.org", display_name="Ria Inwoner")
    organisation = OrganisationFactory(name="Bibliotheek Heumen", slug="bibliotheek")
    past_edition = EditionFactory(**past(60), title="Werkconferentie voorjaar", slug="voorjaar")
    coming = EditionFactory(title="Werkconferentie najaar", slug="najaar")
    hidden = EditionFactory(title="Verborgen editie", slug="verborgen-editie", is_published=False)

    session = SessionFactory(conference=coming, title="Keuzesessie bibliotheek")
    SessionHost.objects.create(session=session, name="Sanne Smits", organisation=organisation)
    SessionFactory(conference=hidden, title="Sessie van een verborgen editie")

    closed = VotingRoundFactory(
        conference=past_edition,
        opens_at=past_edition.starts_at - timedelta(days=20),
        closes_at=past_edition.starts_at - timedelta(days=1),
        results_published=True,
        results_published_at=past_edition.starts_at,
    )
    chosen = ThemeFactory(conference=past_edition, title="Eenzaamheid doorbreken", status=Theme.Status.CHOSEN)
    ThemeFactory(conference=past_edition, title="Samengevoegd thema", status=Theme.Status.MERGED, merged_into=chosen)
    for _voter in range(3):
        VoteFactory(ballot=BallotFactory(round=closed), theme=chosen, slot=1)
    open_round = VotingRoundFactory(conference=coming)  # open now: its tally stays secret
    ballot_theme = ThemeFactory(conference=coming, title="Open stemming thema")
    VoteFactory(ballot=BallotFactory(round=open_round, voter=resident), theme=ballot_theme)
    for _voter in range(3):
        VoteFactory(ballot=BallotFactory(round=open_round), theme=ballot_theme)
    ThemeFactory(conference=coming, title="Verborgen voorstel", status=Theme.Status.SUBMITTED, submitted_by=resident)
    ThemeFactory(conference=coming, title="Afgewezen voorstel", status=Theme.Status.REJECTED)
    ThemeFactory(conference=coming, title="Ingetrokken voorstel", status=Theme.Status.WITHDRAWN)
    ThemeFactory(conference=hidden, title="Thema van een verborgen editie")

    table = TableTalkFactory(conference=past_edition, theme=chosen, host=resident, host_organisation=organisation)
    OutcomeFactory(table_talk=table, text="Een ontmoetingsmaand", status=Outcome.Status.PUBLISHED)
    OutcomeFactory(table_talk=table, text="Concept-opbrengst", status=Outcome.Status.DRAFT)
    TableTalkFactory(conference=hidden, title="Verborgen editie tafel")

    RecapFactory(conference=past_edition, title="Terugblik voorjaar", published_at=timezone.now())
    RecapFactory(conference=coming, title="Concept-terugblik", status=Recap.Status.DRAFT)
    RecapFactory(conference=hidden, title="Verborgen editie terugblik")

    workgroup = WorkgroupFactory(name="Eenzaamheid", slug="eenzaamheid", origin_theme=chosen, started_in=past_edition)
    WorkgroupFactory(name="Nieuwe groep", slug="nieuwe-groep", started_in=hidden)
    goal = GoalFactory(workgroup=workgroup, title="Maand van de ontmoeting")
    report = published_report(workgroup, past_edition, goal, organisation)
    ProgressReportFactory(
        workgroup=workgroup, conference=coming, summary="Ingediende rapportage", status=ProgressReport.Status.SUBMITTED
    )
    ProgressReportFactory(workgroup=workgroup, conference=hidden, summary="Concept-rapportage")
    CommitmentFactory(organisation=organisation, conference=past_edition, workgroup=workgroup)
    CommitmentFactory(organisation=organisation, conference=hidden, description="Toezegging bij een verborgen editie")
    return {
        "resident": resident,
        "organisation": organisation,
        "past": past_edition,
        "coming": coming,
        "hidden": hidden,
        "chosen": chosen,
        "ballot_theme": ballot_theme,
        "closed_round": closed,
        "open_round": open_round,
        "table": table,
        "workgroup": workgroup,
        "report": report,
    }
