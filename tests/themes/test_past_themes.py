"""Themes chosen during a session, without a voting round, for past and coming editions."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conference.forms import TableTalkForm
from conference.models import Session, SiteSettings
from tests.conference.factories import SessionFactory, TableTalkFactory
from tests.factories import EditionFactory, OrganisationFactory
from tests.themes.factories import ThemeFactory, VoteFactory, VotingRoundFactory
from themes import selectors, services
from themes.models import Theme, VotingRound
from themes.services import SessionTheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site():
    SiteSettings.load()


@pytest.fixture
def past_edition(db):
    starts = timezone.now().replace(microsecond=0) - timedelta(days=400)
    return EditionFactory(title="Versnellingskamer", starts_at=starts, ends_at=starts + timedelta(hours=2))


@pytest.fixture
def tables_session(past_edition):
    return SessionFactory(
        conference=past_edition,
        kind=Session.Kind.TABLE_TALK,
        title="Gesprekken aan drie tafels",
        starts_at=past_edition.starts_at + timedelta(minutes=15),
    )


def _record(coordinator, edition, *rows, **kwargs):
    themes = [row if isinstance(row, SessionTheme) else SessionTheme(title=row) for row in rows]
    return services.record_session_choice(coordinator=coordinator, conference=edition, new_themes=themes, **kwargs)


# --- the service -------------------------------------------------------------------------------


def test_recording_stores_published_chosen_themes_from_the_session(coordinator, past_edition, tables_session):
    organisation = OrganisationFactory()
    table = TableTalkFactory(conference=past_edition, session=tables_session, title="Het bereik van solidariteit")
    row = SessionTheme(
        title=" Het bereik van solidariteit ",
        description="Hoe bereiken we meer bewoners?",
        target_group="bewoners",
        organisation=organisation,
        table_talk=table,
    )

    [theme] = _record(coordinator, past_edition, row, SessionTheme(title="Vertrouwen"), session=tables_session)[:1]

    theme.refresh_from_db()
    assert (theme.title, theme.status, theme.choice_method) == ("Het bereik van solidariteit", "chosen", "session")
    assert (theme.chosen_at, theme.chosen_in, theme.submitted_by) == (
        tables_session.starts_at,
        tables_session,
        coordinator,
    )
    assert (theme.organisation, theme.target_group, theme.is_public) == (organisation, "bewoners", True)
    table.refresh_from_db()
    assert table.theme == theme
    assert VotingRound.objects.count() == 0
    assert sorted(past_edition.themes.values_list("title", flat=True)) == ["Het bereik van solidariteit", "Vertrouwen"]


def test_without_a_day_the_edition_start_is_the_moment(coordinator, past_edition):
    [theme] = _record(coordinator, past_edition, "Vertrouwen")

    assert (theme.chosen_at, theme.chosen_in) == (past_edition.starts_at, None)


def test_another_day_without_a_session_is_noon_that_day(coordinator, past_edition):
    day = timezone.localdate(past_edition.starts_at) + timedelta(days=20)

    [theme] = _record(coordinator, past_edition, "Vertrouwen", chosen_on=day)

    assert theme.chosen_at == timezone.make_aware(datetime.combine(day, time(12)))


def test_a_coming_edition_without_a_session_is_chosen_today(coordinator):
    coming = EditionFactory(starts_at=timezone.now() + timedelta(days=30))
    before = timezone.now()

    [theme] = _record(coordinator, coming, "Ontmoeting in de kernen")

    assert before <= theme.chosen_at <= timezone.now()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"chosen_on": timezone.localdate() + timedelta(days=1)}, "cannot be in the future"),
        ({"chosen_on": date(2001, 1, 1), "session": "own"}, r"was on .*\. Leave the day empty or enter that day"),
        ({"session": "other"}, "This session is not part of this edition."),
        ({"session": "coming"}, "has not started yet"),
    ],
)
def test_wrong_day_or_session_is_refused_and_nothing_stored(coordinator, past_edition, tables_session, change, message):
    sessions = {
        "own": tables_session,
        "other": SessionFactory(),
        "coming": SessionFactory(conference=past_edition, starts_at=timezone.now() + timedelta(days=1)),
    }
    kwargs = {key: sessions[value] if key == "session" else value for key, value in change.items()}

    with pytest.raises(ValidationError, match=message):
        _record(coordinator, past_edition, "Vertrouwen", **kwargs)

    assert Theme.objects.count() == 0


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "Enter at least one theme"),
        (["Vertrouwen", "  "], "Give each theme a title."),
        (["Vertrouwen", "vertrouwen "], "You entered the theme “vertrouwen” twice."),
        (["Vertrouwen", "Al bekend"], "This edition already has a theme called “Al bekend”"),
    ],
)
def test_bad_rows_are_refused_and_nothing_stored(coordinator, past_edition, rows, message):
    existing = ThemeFactory(conference=past_edition, title="al bekend")

    with pytest.raises(ValidationError, match=message):
        _record(coordinator, past_edition, *rows)

    assert list(Theme.objects.all()) == [existing]


def test_a_table_of_another_edition_or_with_a_theme_is_refused(coordinator, past_edition):
    elsewhere = TableTalkFactory()
    taken = TableTalkFactory(conference=past_edition, theme=ThemeFactory(conference=past_edition))
    free = TableTalkFactory(conference=past_edition)

    for rows, message in [
        ([SessionTheme("Een", table_talk=elsewhere)], "is not part of this edition"),
        ([SessionTheme("Een", table_talk=taken)], "already talks about another theme"),
        ([SessionTheme("Een", table_talk=free), SessionTheme("Twee", table_talk=free)], "one theme only"),
    ]:
        with pytest.raises(ValidationError, match=message):
            _record(coordinator, past_edition, *rows)

    assert Theme.objects.count() == 1
    free.refresh_from_db()
    assert free.theme is None


def test_only_coordinators_record(resident, partner, past_edition):
    for person in (resident, partner):
        with pytest.raises(ValidationError, match="Only coordinators"):
            _record(person, past_edition, "Vertrouwen")

    assert Theme.objects.count() == 0


def test_proposed_themes_can_be_marked_as_chosen_during_the_session(coordinator, past_edition, tables_session):
    published = ThemeFactory(conference=past_edition, status=Theme.Status.PUBLISHED)
    chosen_unknown_how = ThemeFactory(conference=past_edition, status=Theme.Status.CHOSEN)

    services.record_session_choice(
        coordinator=coordinator,
        conference=past_edition,
        session=tables_session,
        existing_themes=[published, chosen_unknown_how],
    )

    for theme in (published, chosen_unknown_how):
        theme.refresh_from_db()
        assert (theme.status, theme.choice_method, theme.chosen_in) == ("chosen", "session", tables_session)
        assert theme.chosen_at == tables_session.starts_at


@pytest.mark.parametrize(
    ("status", "method", "message"),
    [
        (Theme.Status.SUBMITTED, "", "is not published"),
        (Theme.Status.REJECTED, "", "is not published"),
        (Theme.Status.CHOSEN, Theme.ChoiceMethod.VOTE, "was already chosen in the voting round"),
        (Theme.Status.CHOSEN, Theme.ChoiceMethod.SESSION, "already been recorded as chosen during a session"),
    ],
)
def test_themes_that_cannot_be_chosen_again_are_refused(coordinator, past_edition, status, method, message):
    theme = ThemeFactory(conference=past_edition, status=status, choice_method=method)

    with pytest.raises(ValidationError, match=message):
        services.record_session_choice(coordinator=coordinator, conference=past_edition, existing_themes=[theme])

    theme.refresh_from_db()
    assert (theme.status, theme.choice_method, theme.chosen_at) == (status, method, None)


def test_a_theme_of_another_edition_is_refused(coordinator, past_edition):
    other = ThemeFactory()

    with pytest.raises(ValidationError, match="is not a theme of this edition"):
        services.record_session_choice(coordinator=coordinator, conference=past_edition, existing_themes=[other])

    other.refresh_from_db()
    assert other.status == Theme.Status.PUBLISHED


def _round_with_chosen_themes(coordinator):
    now = timezone.now()
    edition = EditionFactory(starts_at=now - timedelta(days=10))
    round_ = VotingRoundFactory(
        conference=edition, opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=20), themes_to_choose=1
    )
    winner, runner_up = ThemeFactory(conference=edition), ThemeFactory(conference=edition)
    Theme.objects.update(created_at=now - timedelta(days=50))  # proposed before the round opened
    VoteFactory(ballot__round=round_, theme=winner)
    services.publish_results(round_=round_)
    services.choose_themes(round_=round_, themes=[winner])
    return round_, winner, runner_up


def test_after_a_round_has_chosen_a_session_adds_themes_next_to_it(coordinator):
    round_, winner, runner_up = _round_with_chosen_themes(coordinator)

    [new] = _record(coordinator, round_.conference, "Uit de zaal")
    services.record_session_choice(coordinator=coordinator, conference=round_.conference, existing_themes=[runner_up])

    winner.refresh_from_db()
    runner_up.refresh_from_db()
    assert (winner.status, winner.choice_method) == ("chosen", "vote")
    assert (runner_up.status, runner_up.choice_method) == ("chosen", "session")
    assert [(t.title, t.vote_total) for t in selectors.round_results(round_)] == [
        (winner.title, 1),
        (runner_up.title, 0),
    ]  # the theme from the room was never on the ballot, so it is not in the results
    assert new.pk not in set(selectors.round_results(round_).values_list("pk", flat=True))


def test_while_a_round_has_not_chosen_its_ballot_stays_as_it_is(coordinator, resident):
    round_ = VotingRoundFactory()
    on_ballot = ThemeFactory(conference=round_.conference)

    with pytest.raises(ValidationError, match="is on the ballot of this edition's voting round"):
        services.record_session_choice(
            coordinator=coordinator, conference=round_.conference, existing_themes=[on_ballot]
        )
    [new] = _record(coordinator, round_.conference, "Uit een voorbereidende bijeenkomst")

    on_ballot.refresh_from_db()
    assert on_ballot.status == Theme.Status.PUBLISHED
    assert list(selectors.round_themes(round_)) == [on_ballot]
    with pytest.raises(ValidationError, match="only vote for published themes"):
        services.cast_vote(voter=resident, round_=round_, theme=new)


def test_coordinators_propose_for_a_past_edition_and_moderate_as_usual(coordinator, past_edition):
    theme = services.propose_theme(proposer=coordinator, conference=past_edition, title="Idee", description="Uitleg")

    assert theme.status == Theme.Status.SUBMITTED
    services.publish_theme(theme=theme)
    theme.refresh_from_db()
    assert theme.status == Theme.Status.PUBLISHED


def test_the_daily_limit_does_not_hold_back_coordinators_entering_history(coordinator, past_edition):
    for number in range(services.PROPOSALS_PER_DAY + 2):
        services.propose_theme(proposer=coordinator, conference=past_edition, title=f"Idee {number}", description="x")

    assert Theme.objects.count() == services.PROPOSALS_PER_DAY + 2


# --- pages and permissions ---------------------------------------------------------------------


def _post_rows(edition, rows, **extra):
    data = {"rows-TOTAL_FORMS": str(len(rows)), "rows-INITIAL_FORMS": "0", **extra}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"rows-{index}-{key}"] = value
    return data


def test_residents_get_403_and_nothing_changes(resident_client, past_edition):
    theme = ThemeFactory(conference=past_edition)
    url = reverse("themes:record_session", args=[past_edition.slug])
    data = _post_rows(past_edition, [{"title": "Vertrouwen"}])

    responses = [
        resident_client.get(reverse("themes:record_session_pick")),
        resident_client.get(url),
        resident_client.post(url, data),
        resident_client.post(reverse("themes:moderate", args=[theme.pk]), {"action": "session"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert list(Theme.objects.values_list("title", "status")) == [(theme.title, "published")]


def test_visitors_are_sent_to_login(client, past_edition):
    response = client.get(reverse("themes:record_session", args=[past_edition.slug]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_edition_overview_and_the_moderation_area_link_to_the_page(coordinator_client, past_edition):
    record_url = reverse("themes:record_session", args=[past_edition.slug])
    overview = coordinator_client.get(reverse("conference:manage_edition", args=[past_edition.slug]))
    queue = coordinator_client.get(reverse("themes:queue"))
    picked = coordinator_client.get(reverse("themes:record_session_pick"), {"edition": past_edition.slug})

    assert f'href="{record_url}"' in overview.content.decode()
    assert f'href="{reverse("themes:record_session_pick")}"' in queue.content.decode()
    assert (picked.status_code, picked.url) == (302, record_url)


def test_coordinator_records_several_themes_on_one_page(coordinator_client, coordinator, past_edition, tables_session):
    table = TableTalkFactory(conference=past_edition, session=tables_session, title="Tafel over solidariteit")
    rows = [
        {"title": "Het bereik van solidariteit", "description": "Meer bewoners bereiken.", "table_talk": str(table.pk)},
        {"title": "", "description": "", "target_group": ""},
        {"title": "Vertrouwen als basis voor meedoen", "target_group": "vrijwilligers"},
    ]
    data = _post_rows(past_edition, rows, session=str(tables_session.pk), chosen_on="")

    response = coordinator_client.post(reverse("themes:record_session", args=[past_edition.slug]), data, follow=True)

    assert response.status_code == 200
    themes = list(past_edition.themes.order_by("title"))
    assert [(t.title, t.choice_method, t.chosen_in_id) for t in themes] == [
        ("Het bereik van solidariteit", "session", tables_session.pk),
        ("Vertrouwen als basis voor meedoen", "session", tables_session.pk),
    ]
    assert [m.message for m in response.context["messages"]] == [
        "2 themes have been recorded as chosen during the session. They are public now."
    ]
    assert [t.title for t in response.context["chosen"]] == [
        "Het bereik van solidariteit",
        "Vertrouwen als basis voor meedoen",
    ]
    table.refresh_from_db()
    assert table.theme.title == "Het bereik van solidariteit"


def test_add_a_row_works_without_javascript_and_stores_nothing(coordinator_client, past_edition):
    data = _post_rows(past_edition, [{"title": "Vertrouwen"}], add_row="1")

    response = coordinator_client.post(reverse("themes:record_session", args=[past_edition.slug]), data)

    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert response.context["formset"].forms[0]["title"].value() == "Vertrouwen"
    assert Theme.objects.count() == 0


def test_a_row_without_title_gets_a_clear_message_and_nothing_is_stored(coordinator_client, past_edition):
    data = _post_rows(past_edition, [{"title": "Vertrouwen"}, {"title": "", "description": "Zonder titel"}])

    response = coordinator_client.post(reverse("themes:record_session", args=[past_edition.slug]), data)

    assert response.status_code == 400
    assert "Give this theme a title, or leave the whole row empty." in response.content.decode()
    assert Theme.objects.count() == 0


def test_a_refusal_of_the_service_is_shown_and_nothing_is_stored(coordinator_client, past_edition):
    data = _post_rows(past_edition, [{"title": "Vertrouwen"}], chosen_on=str(timezone.localdate() + timedelta(days=3)))

    response = coordinator_client.post(reverse("themes:record_session", args=[past_edition.slug]), data)

    assert response.status_code == 400
    assert "The day it was chosen cannot be in the future." in response.content.decode()
    assert Theme.objects.count() == 0


def test_the_page_explains_what_happens_next_to_a_chosen_round(coordinator_client, coordinator):
    round_, _winner, _runner_up = _round_with_chosen_themes(coordinator)

    html = coordinator_client.get(reverse("themes:record_session", args=[round_.conference.slug])).content.decode()

    assert "That result stays as it is." in html


def test_a_published_theme_is_marked_chosen_from_its_moderation_page(coordinator_client, past_edition, tables_session):
    theme = ThemeFactory(conference=past_edition)
    url = reverse("themes:moderate", args=[theme.pk])

    assert 'id="gekozen-in-sessie"' in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {"action": "session", "session-session": str(tables_session.pk)})

    assert (response.status_code, response.url) == (302, theme.get_absolute_url())
    theme.refresh_from_db()
    assert (theme.status, theme.choice_method, theme.chosen_in) == ("chosen", "session", tables_session)


@pytest.mark.parametrize("count", [1, 20])
def test_record_page_queries_do_not_grow(coordinator_client, django_assert_max_num_queries, past_edition, count):
    for number in range(count):
        session = SessionFactory(conference=past_edition, title=f"Ronde {number}")
        TableTalkFactory(conference=past_edition, session=session)
        ThemeFactory(conference=past_edition, title=f"Voorstel {number}")
        ThemeFactory(
            conference=past_edition,
            title=f"Gekozen {number}",
            status=Theme.Status.CHOSEN,
            choice_method=Theme.ChoiceMethod.SESSION,
            chosen_in=session,
            chosen_at=session.starts_at,
        )

    with django_assert_max_num_queries(16):
        response = coordinator_client.get(reverse("themes:record_session", args=[past_edition.slug]))

    assert response.status_code == 200
    assert len(response.context["chosen"]) == count


def test_residents_only_see_coming_editions_in_the_proposal_form(client, resident, coordinator, past_edition):
    coming = EditionFactory()
    coordinator_client = Client()
    client.force_login(resident)
    coordinator_client.force_login(coordinator)

    for_resident = client.get(reverse("themes:propose")).context["form"]
    for_coordinator = coordinator_client.get(reverse("themes:propose")).context["form"]

    assert list(for_resident.fields["conference"].queryset) == [coming]
    assert set(for_coordinator.fields["conference"].queryset) == {coming, past_edition}
    assert for_coordinator.initial["conference"] == coming


def test_coordinator_proposes_for_a_past_edition_through_the_form(coordinator_client, past_edition):
    data = {"conference": past_edition.pk, "title": "Mantelzorg", "description": "Uitleg", "confirm": "True"}

    response = coordinator_client.post(reverse("themes:propose"), data)

    theme = Theme.objects.get()
    assert (response.status_code, theme.conference, theme.status) == (302, past_edition, "submitted")


# --- how it was chosen, on the pages ------------------------------------------------------------


def test_theme_page_list_and_recap_say_how_a_theme_was_chosen(client, coordinator, past_edition, tables_session):
    from tests.conference.factories import RecapFactory

    [by_session] = _record(coordinator, past_edition, "Vertrouwen", session=tables_session)
    by_vote = ThemeFactory(conference=past_edition, status=Theme.Status.CHOSEN, choice_method=Theme.ChoiceMethod.VOTE)
    recap = RecapFactory(conference=past_edition)

    page = client.get(by_session.get_absolute_url()).content.decode()
    vote_page = client.get(by_vote.get_absolute_url()).content.decode()
    listing = client.get(reverse("themes:list"), {"edition": past_edition.slug}).content.decode()
    edition = client.get(past_edition.get_absolute_url()).content.decode()
    recap_page = client.get(recap.get_absolute_url()).content.decode()

    by_the_table = "Chosen during the session “Gesprekken aan drie tafels”"
    assert by_the_table in page
    link = f'<a href="{tables_session.get_absolute_url()}">Gesprekken aan drie tafels</a>'
    assert f"Chosen during the session {link} on" in page
    assert "Named and chosen at Versnellingskamer" in page  # entered afterwards: it was never proposed
    assert "Proposed for" not in page
    assert "Chosen in the voting round" in vote_page and "during the session" not in vote_page
    assert (listing.count(by_the_table), listing.count("Chosen in the voting round")) == (1, 1)
    assert by_the_table in edition
    assert by_the_table in recap_page


def test_the_table_talk_form_offers_the_themes_of_a_past_edition(coordinator, past_edition):
    [theme] = _record(coordinator, past_edition, "Vertrouwen")
    ThemeFactory()  # another edition's theme is not offered

    form = TableTalkForm(edition=past_edition)

    assert list(form.fields["theme"].queryset) == [theme]


def test_a_coordinator_sees_it_on_the_theme_page(coordinator_client, coordinator, past_edition):
    theme = ThemeFactory(conference=past_edition)

    html = coordinator_client.get(theme.get_absolute_url()).content.decode()

    assert f'href="{reverse("themes:moderate", args=[theme.pk])}#gekozen-in-sessie"' in html
