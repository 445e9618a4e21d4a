"""A workgroup's timeline: every step dated when it happened, "now" between past and future."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from conference.models import Edition, Session
from tests.conference.factories import SessionFactory, TableTalkFactory
from tests.factories import EditionFactory
from tests.themes.factories import ThemeFactory, VoteFactory, VotingRoundFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory
from themes.models import Theme
from workgroups import selectors
from workgroups.models import ProgressReport, Workgroup

pytestmark = pytest.mark.django_db


def _edition(title, starts):
    return EditionFactory(title=title, starts_at=starts, ends_at=starts + timedelta(hours=4))


def _at(year, month, day, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))


def _published(workgroup, **fields):
    return ProgressReportFactory(workgroup=workgroup, status=ProgressReport.Status.PUBLISHED, **fields)


@pytest.fixture
def history():
    """A theme of the 2023 edition, voted on, talked about in two rounds, and the group it became."""
    edition_2023 = _edition("Werkconferentie 2023", _at(2023, 10, 26, 13))
    edition_2024 = _edition("Werkconferentie 2024", _at(2024, 3, 21, 13))
    round_ = VotingRoundFactory(
        conference=edition_2023, opens_at=_at(2023, 9, 18), closes_at=_at(2023, 10, 13), results_published=True
    )
    theme = ThemeFactory(
        conference=edition_2023,
        title="Mentale weerbaarheid",
        status=Theme.Status.CHOSEN,
        choice_method=Theme.ChoiceMethod.VOTE,
        chosen_at=_at(2023, 10, 14),
    )
    Theme.objects.filter(pk=theme.pk).update(created_at=_at(2023, 9, 1))
    theme.refresh_from_db()
    VoteFactory.create_batch(3, ballot__round=round_, theme=theme)
    first = SessionFactory(
        conference=edition_2023, kind=Session.Kind.TABLE_TALK, title="Eerste ronde", starts_at=_at(2023, 10, 26, 14)
    )
    second = SessionFactory(
        conference=edition_2023, kind=Session.Kind.TABLE_TALK, title="Tweede ronde", starts_at=_at(2023, 10, 26, 15)
    )
    talks = [
        TableTalkFactory(conference=edition_2023, session=second, theme=theme, table_label="Tafel 3", title="Scholen"),
        TableTalkFactory(conference=edition_2023, session=first, theme=theme, table_label="Tafel 1", title="Ouders"),
        TableTalkFactory(conference=edition_2023, session=first, theme=theme, table_label="Tafel 2", title="Clubs"),
    ]
    workgroup = WorkgroupFactory(name="Mentale weerbaarheid", origin_theme=theme, started_in=edition_2023)
    at_edition = _published(
        workgroup,
        conference=edition_2024,
        submitted_at=_at(2024, 3, 7),
        decision=ProgressReport.Decision.CONTINUE,
        decided_on=date(2024, 3, 21),
        decision_context="op de Werkconferentie",
    )
    follow_up = _published(  # half a year later, between two editions
        workgroup,
        conference=None,
        period_start=date(2024, 3, 22),
        period_end=date(2024, 9, 30),
        submitted_at=_at(2024, 10, 8),
        decision=ProgressReport.Decision.ADJUST,
        decided_on=date(2024, 11, 12),
        decision_context="regiegroepoverleg",
    )
    return {
        "theme": theme,
        "round": round_,
        "sessions": (first, second),
        "talks": talks,
        "workgroup": workgroup,
        "reports": (at_edition, follow_up),
        "editions": (edition_2023, edition_2024),
    }


def _timeline(workgroup, **kwargs):
    return selectors.workgroup_timeline(workgroup, list(selectors.reports_for(workgroup, None)), **kwargs)


def test_every_step_is_dated_when_it_happened_in_date_order(history):
    timeline = _timeline(history["workgroup"])

    first, second = history["sessions"]
    assert [(e.kind, e.iso[:10]) for e in timeline] == [
        ("theme", "2023-09-01"),  # the proposal: created_at
        ("vote", "2023-10-13"),  # the round's close
        ("talk", "2023-10-26"),  # the first round of table talks
        ("talk", "2023-10-26"),  # the second round: a step of its own
        ("workgroup", "2023-10-26"),  # started around the edition that chose it (no start day known)
        ("report", "2024-03-07"),  # submitted before the edition it was presented at, not the edition's day
        ("decision", "2024-03-21"),
        ("report", "2024-09-30"),  # the follow-up report: the end of its period
        ("decision", "2024-11-12"),  # decided between two editions
        ("today", timezone.localdate().isoformat()),
    ]
    talks = [e for e in timeline if e.kind == "talk"]
    assert [(e.text, [title for title, _url in e.items]) for e in talks] == [
        (first.title, ["Tafel 1: Ouders", "Tafel 2: Clubs"]),
        (second.title, ["Tafel 3: Scholen"]),
    ]
    assert [e.when for e in talks] == [first.starts_at, second.starts_at]


def test_reports_and_decisions_say_their_period_and_where_it_was_decided(history):
    timeline = _timeline(history["workgroup"])

    reports = [e for e in timeline if e.kind == "report"]
    decisions = [e for e in timeline if e.kind == "decision"]
    assert [(e.title, e.detail) for e in reports] == [
        ("Voortgangsrapportage op Werkconferentie 2024", ""),
        ("Voortgangsrapportage tussen edities", "over 22 maart 2024 – 30 september 2024"),  # noqa: RUF001
    ]
    assert [(e.when, e.detail, e.iso) for e in decisions] == [
        (date(2024, 3, 21), "op de Werkconferentie", "2024-03-21"),
        (date(2024, 11, 12), "regiegroepoverleg", "2024-11-12"),
    ]


def test_a_guessed_start_says_so_and_a_known_start_day_is_used(history):
    workgroup = history["workgroup"]
    [guessed] = [e for e in _timeline(workgroup) if e.kind == "workgroup"]

    Workgroup.objects.filter(pk=workgroup.pk).update(started_on=date(2023, 11, 20))
    workgroup.refresh_from_db()
    [known] = [e for e in _timeline(workgroup) if e.kind == "workgroup"]

    assert (guessed.when, guessed.approximate) == (history["editions"][0].ends_at, "around")
    assert (known.when, known.approximate, known.iso) == (date(2023, 11, 20), "", "2023-11-20")


def test_now_sits_between_the_past_and_what_is_still_to_come(history):
    workgroup = history["workgroup"]
    coming = _edition("Werkconferentie voorjaar", timezone.now() + timedelta(weeks=8))
    EditionFactory(title="Nog niet gepubliceerd", starts_at=timezone.now() + timedelta(weeks=2), is_published=False)
    draft = ProgressReportFactory(workgroup=workgroup, conference=coming)  # visible to members only

    public = _timeline(workgroup)
    for_members = selectors.workgroup_timeline(workgroup, [*history["reports"], draft])

    kinds = [e.kind for e in public]
    assert kinds[-2:] == ["today", "edition"]
    assert [e.future for e in public] == [False] * (len(public) - 1) + [True]
    [next_edition] = [e for e in public if e.kind == "edition"]
    assert (next_edition.when, next_edition.url) == (coming.starts_at, coming.get_absolute_url())
    assert next_edition.text.endswith("Voor die tijd is een voortgangsrapportage nodig.")
    assert [(e.kind, e.title) for e in for_members if e.future] == [
        ("report", "Voortgangsrapportage nodig voor Werkconferentie voorjaar"),
        ("edition", "Volgende editie: Werkconferentie voorjaar"),
    ]


def test_only_active_groups_look_ahead(history):
    workgroup = history["workgroup"]
    _edition("Werkconferentie voorjaar", timezone.now() + timedelta(weeks=8))
    Workgroup.objects.filter(pk=workgroup.pk).update(status=Workgroup.Status.COMPLETED)
    workgroup.refresh_from_db()

    assert _timeline(workgroup)[-1].kind == "today"


def test_a_step_of_today_is_past_and_comes_before_now(history):
    workgroup = history["workgroup"]
    _published(
        workgroup,
        conference=None,
        period_end=timezone.localdate(),
        decision=ProgressReport.Decision.CONTINUE,
        decided_on=timezone.localdate(),
    )

    timeline = _timeline(workgroup)

    assert [e.kind for e in timeline[-3:]] == ["report", "decision", "today"]


def test_a_theme_chosen_during_a_session_is_a_step_and_was_not_proposed_first(history):
    first, _second = history["sessions"]
    edition = history["editions"][0]
    theme = ThemeFactory(
        conference=edition,
        title="Uit de zaal",
        status=Theme.Status.CHOSEN,
        choice_method=Theme.ChoiceMethod.SESSION,
        chosen_in=first,
        chosen_at=first.starts_at,
    )  # entered today, after the session: it was named at the table
    workgroup = WorkgroupFactory(origin_theme=theme, started_on=date(2023, 12, 1))

    timeline = _timeline(workgroup)

    assert [e.kind for e in timeline] == ["chosen", "workgroup", "today"]  # no proposal, never on the ballot
    chosen = timeline[0]
    assert (chosen.when, chosen.title) == (first.starts_at, "Thema gekozen: Uit de zaal")
    assert chosen.text == "Tijdens de sessie “Eerste ronde” van Werkconferentie 2023, zonder stemronde."
    assert chosen.url == first.get_absolute_url()


def test_a_theme_proposed_before_it_was_chosen_in_a_session_shows_both(history):
    first, _second = history["sessions"]
    theme = ThemeFactory(
        conference=history["editions"][0],
        status=Theme.Status.CHOSEN,
        choice_method=Theme.ChoiceMethod.SESSION,
        chosen_in=first,
        chosen_at=first.starts_at,
    )
    Theme.objects.filter(pk=theme.pk).update(created_at=_at(2023, 8, 1))
    theme.refresh_from_db()

    events = selectors.theme_events(theme)

    assert [(e.kind, e.iso[:10], e.approximate) for e in events] == [
        ("theme", "2023-08-01", ""),
        ("vote", "2023-10-13", ""),  # it was on the ballot of the edition's round
        ("chosen", "2023-10-26", ""),
    ]
    assert events[1].title == "Stemronde: 0 stemmen"


def test_a_proposal_entered_after_its_vote_is_placed_before_it_and_says_so(history):
    theme = history["theme"]
    Theme.objects.filter(pk=theme.pk).update(created_at=timezone.now())
    theme.refresh_from_db()

    proposal, vote = selectors.theme_events(theme)[:2]

    assert (proposal.kind, vote.kind) == ("theme", "vote")
    assert proposal.approximate == "before"
    assert proposal.when < history["round"].opens_at
    assert proposal.day == timezone.localdate(history["round"].opens_at)


def test_the_page_marks_up_dates_now_and_the_future(client, history):
    _edition("Werkconferentie voorjaar", timezone.now() + timedelta(weeks=8))

    html = client.get(history["workgroup"].get_absolute_url()).content.decode()

    assert '<time datetime="2024-11-12">12 november 2024</time>' in html
    assert "rond <time datetime=" in html
    assert 'class="wg-event wg-event-today" aria-current="date"' in html
    assert 'class="wg-event wg-event-edition wg-event-future"' in html
    assert html.index("wg-event-today") < html.index("wg-event-future") < html.index("Gepland")


@pytest.mark.parametrize("count", [1, 30])
def test_timeline_queries_do_not_grow_with_reports(client, django_assert_max_num_queries, history, count):
    workgroup = history["workgroup"]
    start = _at(2025, 1, 1)
    editions = Edition.objects.bulk_create(
        Edition(
            title=f"Editie {i}",
            slug=f"editie-{i}",
            starts_at=start + timedelta(days=30 * i),
            ends_at=start + timedelta(days=30 * i, hours=4),
            is_published=True,
        )
        for i in range(count)
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            workgroup=workgroup,
            conference=edition if i % 2 else None,
            period_end=(edition.starts_at - timedelta(days=1)).date() if not i % 2 else None,
            submitted_at=edition.starts_at - timedelta(days=14),
            status=ProgressReport.Status.PUBLISHED,
            decision=ProgressReport.Decision.CONTINUE,
            decided_on=edition.starts_at.date(),
            decision_context="regiegroepoverleg",
        )
        for i, edition in enumerate(editions)
    )

    with django_assert_max_num_queries(
        11 + 1
    ):  # measured: 11 (the round, the talks, the next edition, quick wins, next steps)
        response = client.get(workgroup.get_absolute_url())

    timeline = response.context["timeline"]
    assert len([e for e in timeline if e.kind == "decision"]) == count + 2
    days = [e.day for e in timeline if not e.future]
    assert days == sorted(days)
