from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conference.models import Outcome, SiteSettings, TableTalk
from tests.factories import ConferenceFactory
from tests.themes.factories import ThemeFactory, VotingRoundFactory
from themes import selectors, services
from themes.models import Theme

pytestmark = pytest.mark.django_db


def _past_talk_with_outcome(status=Outcome.Status.PUBLISHED):
    past = ConferenceFactory(starts_at=timezone.now() - timedelta(days=200))
    theme = ThemeFactory(conference=past, status=Theme.Status.CHOSEN, target_group="jongeren")
    talk = TableTalk.objects.create(conference=past, theme=theme, title=theme.title, table_label="1")
    outcome = Outcome.objects.create(table_talk=talk, text="Ouders handvatten geven voor het gesprek.", status=status)
    return theme, talk, outcome


def test_theme_from_outcome_proposes_it_for_the_next_edition(coordinator):
    _theme, talk, outcome = _past_talk_with_outcome()
    coming = ConferenceFactory()

    theme = services.theme_from_outcome(outcome=outcome, coordinator=coordinator)

    assert (theme.conference, theme.status, theme.origin_outcome, theme.target_group) == (
        coming,
        Theme.Status.SUBMITTED,
        outcome,
        "jongeren",
    )
    assert theme.title == "Ouders handvatten geven voor het gesprek."
    assert talk.title in theme.description


def test_theme_from_outcome_happens_once(coordinator):
    _theme, _talk, outcome = _past_talk_with_outcome()
    ConferenceFactory()
    services.theme_from_outcome(outcome=outcome, coordinator=coordinator)

    with pytest.raises(ValidationError) as error:
        services.theme_from_outcome(outcome=outcome, coordinator=coordinator)

    assert error.value.messages == ["This outcome has already become a theme."]
    assert Theme.objects.filter(origin_outcome=outcome).count() == 1


def test_theme_from_a_draft_outcome_is_refused(coordinator):
    _theme, _talk, outcome = _past_talk_with_outcome(status=Outcome.Status.DRAFT)
    ConferenceFactory()

    with pytest.raises(ValidationError):
        services.theme_from_outcome(outcome=outcome, coordinator=coordinator)

    assert Theme.objects.filter(origin_outcome=outcome).count() == 0


def test_from_outcome_view_is_for_coordinators(resident_client):
    _theme, _talk, outcome = _past_talk_with_outcome()
    ConferenceFactory()

    response = resident_client.post(reverse("themes:from_outcome", args=[outcome.pk]))

    assert response.status_code == 403
    assert Theme.objects.filter(origin_outcome=outcome).count() == 0


def test_from_outcome_view_creates_the_proposal_and_both_pages_show_it(coordinator_client, coordinator):
    theme, talk, outcome = _past_talk_with_outcome()
    ConferenceFactory()

    response = coordinator_client.post(reverse("themes:from_outcome", args=[outcome.pk]))
    proposal = Theme.objects.get(origin_outcome=outcome)
    services.publish_theme(theme=proposal, moderator=coordinator)
    talk_page = coordinator_client.get(talk.get_absolute_url()).content.decode()
    theme_page = coordinator_client.get(proposal.get_absolute_url()).content.decode()
    old_theme_page = coordinator_client.get(theme.get_absolute_url()).content.decode()

    assert response.status_code == 302
    assert proposal.get_absolute_url() in talk_page
    assert talk.get_absolute_url() in theme_page
    assert proposal.get_absolute_url() in old_theme_page


def test_theme_page_shows_its_table_talks_and_outcomes(client):
    theme, talk, outcome = _past_talk_with_outcome()

    response = client.get(theme.get_absolute_url())

    assert response.context["table_talks"] == [talk]
    assert outcome.text in response.content.decode()


def test_theme_page_shows_votes_only_after_publication(client, coordinator):
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(days=1)
    )
    theme = ThemeFactory(conference=round_.conference)

    hidden = client.get(theme.get_absolute_url()).context["votes"]
    services.publish_results(round_=round_, published_by=coordinator)
    shown = client.get(theme.get_absolute_url()).context["votes"]

    assert (hidden, shown, selectors.vote_count(theme)) == (None, 0, 0)


def test_panels_show_themes_on_conference_pages(client, coordinator, django_assert_max_num_queries):
    round_ = VotingRoundFactory()
    chosen = ThemeFactory(conference=round_.conference, status=Theme.Status.CHOSEN, title="Samen eten")
    SiteSettings.load()

    with django_assert_max_num_queries(25):
        home = client.get(reverse("conference:home")).content.decode()
    edition = client.get(round_.conference.get_absolute_url()).content.decode()

    assert round_.get_absolute_url() in home
    assert chosen.get_absolute_url() in home
    assert chosen.get_absolute_url() in edition


def test_dashboard_panel_counts_the_queue(coordinator_client):
    ThemeFactory.create_batch(2, status=Theme.Status.SUBMITTED)

    response = coordinator_client.get(reverse("conference:manage"))

    assert reverse("themes:queue") in response.content.decode()
    assert "2 themes to check" in response.content.decode()


def test_my_panel_shows_my_proposals_with_the_reason(client):
    theme = ThemeFactory(status=Theme.Status.REJECTED, moderation_note="Past niet bij de conferentie.")
    client.force_login(theme.submitted_by)

    response = client.get(reverse("conference:my_overview")).content.decode()

    assert theme.get_absolute_url() in response
    assert "Past niet bij de conferentie." in response
