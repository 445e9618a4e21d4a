from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from conference.models import Outcome, SiteSettings, TableTalk
from tests.conference.factories import RecapFactory
from tests.factories import EditionFactory
from tests.themes.factories import ThemeFactory, VotingRoundFactory
from tests.workgroups.factories import WorkgroupFactory
from themes import selectors, services
from themes.models import Theme

pytestmark = pytest.mark.django_db


def _past_talk_with_outcome(status=Outcome.Status.PUBLISHED):
    past = EditionFactory(starts_at=timezone.now() - timedelta(days=200))
    theme = ThemeFactory(conference=past, status=Theme.Status.CHOSEN, target_group="jongeren")
    talk = TableTalk.objects.create(conference=past, theme=theme, title=theme.title, table_label="1")
    outcome = Outcome.objects.create(table_talk=talk, text="Ouders handvatten geven voor het gesprek.", status=status)
    return theme, talk, outcome


def test_theme_from_outcome_proposes_it_for_the_next_edition(coordinator):
    _theme, talk, outcome = _past_talk_with_outcome()
    coming = EditionFactory()

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
    EditionFactory()
    services.theme_from_outcome(outcome=outcome, coordinator=coordinator)

    with pytest.raises(ValidationError) as error:
        services.theme_from_outcome(outcome=outcome, coordinator=coordinator)

    assert error.value.messages == ["This outcome has already become a theme."]
    assert Theme.objects.filter(origin_outcome=outcome).count() == 1


def test_theme_from_a_draft_outcome_is_refused(coordinator):
    _theme, _talk, outcome = _past_talk_with_outcome(status=Outcome.Status.DRAFT)
    EditionFactory()

    with pytest.raises(ValidationError, match="Only a published outcome can become a theme"):
        services.theme_from_outcome(outcome=outcome, coordinator=coordinator)

    assert Theme.objects.filter(origin_outcome=outcome).count() == 0


def test_from_outcome_view_is_for_coordinators(resident_client):
    _theme, _talk, outcome = _past_talk_with_outcome()
    EditionFactory()

    response = resident_client.post(reverse("themes:from_outcome", args=[outcome.pk]))

    assert response.status_code == 403
    assert Theme.objects.filter(origin_outcome=outcome).count() == 0


def test_from_outcome_view_creates_the_proposal_and_both_pages_show_it(coordinator_client, coordinator):
    theme, talk, outcome = _past_talk_with_outcome()
    EditionFactory()

    response = coordinator_client.post(reverse("themes:from_outcome", args=[outcome.pk]))
    proposal = Theme.objects.get(origin_outcome=outcome)
    services.publish_theme(theme=proposal)
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
    services.publish_results(round_=round_)
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


def test_recap_page_shows_the_chosen_themes_of_its_edition(client):
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=30))
    chosen = ThemeFactory(conference=edition, status=Theme.Status.CHOSEN, title="Eenzaamheid onder ouderen")
    not_chosen = ThemeFactory(conference=edition, status=Theme.Status.NOT_CHOSEN, title="Sporten in de buurt")
    elsewhere = ThemeFactory(status=Theme.Status.CHOSEN, title="Thema van een andere editie")
    recap = RecapFactory(conference=edition)

    response = client.get(recap.get_absolute_url())
    page = response.content.decode()

    assert response.status_code == 200
    assert 'id="recap-themes-title"' in page
    assert f'<a href="{chosen.get_absolute_url()}">Eenzaamheid onder ouderen</a>' in page
    assert not_chosen.get_absolute_url() not in page
    assert elsewhere.get_absolute_url() not in page


def test_recap_page_without_chosen_themes_leaves_the_panel_out(client):
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=30))
    ThemeFactory(conference=edition, status=Theme.Status.PUBLISHED)
    recap = RecapFactory(conference=edition)

    response = client.get(recap.get_absolute_url())

    assert response.status_code == 200
    assert 'id="recap-themes-title"' not in response.content.decode()


def test_theme_page_shows_the_workgroup_it_became(client):
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=200))
    theme = ThemeFactory(conference=edition, status=Theme.Status.CHOSEN)
    workgroup = WorkgroupFactory(name="Werkgroep Samen Eten", origin_theme=theme, started_in=edition)

    response = client.get(theme.get_absolute_url())
    page = response.content.decode()

    assert response.status_code == 200
    assert workgroup.get_absolute_url() in page
    assert "Werkgroep Samen Eten" in page
    assert "This theme has not become a workgroup (yet)." not in page


def test_theme_page_of_a_chosen_theme_without_workgroup_says_so(client):
    theme = ThemeFactory(status=Theme.Status.CHOSEN)
    other = WorkgroupFactory(origin_theme=ThemeFactory(conference=theme.conference, status=Theme.Status.CHOSEN))

    page = client.get(theme.get_absolute_url()).content.decode()

    assert "This theme has not become a workgroup (yet)." in page
    assert other.get_absolute_url() not in page


def test_related_themes_are_of_this_and_earlier_editions_only():
    early = EditionFactory(starts_at=timezone.now() - timedelta(days=400))
    middle = EditionFactory(starts_at=timezone.now() - timedelta(days=30))
    late = EditionFactory(starts_at=timezone.now() + timedelta(days=200))
    theme = ThemeFactory(conference=middle, title="Eenzaamheid onder ouderen", target_group="ouderen")
    earlier_chosen = ThemeFactory(conference=early, status=Theme.Status.CHOSEN, title="Eenzaamheid bij ouderen")
    earlier_not_chosen = ThemeFactory(
        conference=early, status=Theme.Status.NOT_CHOSEN, title="Ouderen en eenzaamheid in de wijk"
    )
    same_edition = ThemeFactory(conference=middle, title="Eenzaamheid van ouderen thuis")
    ThemeFactory(conference=late, title="Eenzaamheid onder ouderen")  # later edition
    ThemeFactory(conference=early, status=Theme.Status.REJECTED, title="Eenzaamheid onder ouderen")
    ThemeFactory(conference=early, status=Theme.Status.SUBMITTED, title="Eenzaamheid onder ouderen")
    ThemeFactory(conference=early, status=Theme.Status.MERGED, title="Eenzaamheid onder ouderen")
    ThemeFactory(conference=early, title="Sporten in de buurt")  # not alike

    related = selectors.related_themes(theme)

    assert {t.pk for t in related} == {earlier_chosen.pk, earlier_not_chosen.pk, same_edition.pk}
    assert related[-1] == same_edition  # oldest first


def test_theme_page_lists_earlier_themes_like_it_but_not_later_ones(client):
    early = EditionFactory(starts_at=timezone.now() - timedelta(days=400))
    late = EditionFactory(starts_at=timezone.now() + timedelta(days=200))
    theme = ThemeFactory(title="Eenzaamheid onder ouderen", target_group="ouderen")
    earlier = ThemeFactory(conference=early, status=Theme.Status.CHOSEN, title="Eenzaamheid bij ouderen")
    later = ThemeFactory(conference=late, title="Eenzaamheid onder ouderen in de wijk")

    response = client.get(theme.get_absolute_url())

    assert response.context["earlier"] == [earlier]
    assert later.get_absolute_url() not in response.content.decode()
