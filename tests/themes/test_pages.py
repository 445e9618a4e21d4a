from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conference.models import SiteSettings, User
from tests.factories import EditionFactory
from tests.themes.factories import ThemeFactory, VotingRoundFactory
from themes import selectors
from themes.models import Ballot, RecurringOverview, Theme, Vote

pytestmark = pytest.mark.django_db


def _many_themes_and_votes(theme_count):
    """``theme_count`` published themes in a closed, published round; ten votes per voter, bulk-created."""
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=10),
        closes_at=timezone.now() - timedelta(days=1),
        votes_per_voter=10,
        results_published=True,
    )
    themes = Theme.objects.bulk_create(
        Theme(
            conference=round_.conference,
            title=f"Thema nummer {number}",
            description="Samen werken aan een gemeente voor iedereen.",
            status=Theme.Status.PUBLISHED,
        )
        for number in range(theme_count)
    )
    voter_count = theme_count
    voters = User.objects.bulk_create(
        User(email=f"stemmer{number}@example.org", display_name=f"Stemmer {number}", password="!")
        for number in range(voter_count)
    )
    ballots = Ballot.objects.bulk_create(Ballot(round=round_, voter=voter) for voter in voters)
    per_ballot = min(10, theme_count)
    Vote.objects.bulk_create(
        (
            Vote(ballot=ballot, theme=themes[(index + slot) % theme_count], slot=slot + 1)
            for index, ballot in enumerate(ballots)
            for slot in range(per_ballot)
        ),
        batch_size=5000,
    )
    return round_


@pytest.mark.parametrize("theme_count", [10, 5000])
def test_list_and_results_pages_stay_under_a_query_bound(client, django_assert_max_num_queries, theme_count):
    round_ = _many_themes_and_votes(theme_count)
    SiteSettings.load()
    assert Vote.objects.count() == theme_count * 10

    with django_assert_max_num_queries(8):
        listing = client.get(reverse("themes:list"))
    with django_assert_max_num_queries(8):
        results = client.get(reverse("themes:results", args=[round_.pk]))
    with django_assert_max_num_queries(8):
        searched = client.get(reverse("themes:list"), {"q": "nummer", "edition": round_.conference.slug})

    assert (listing.status_code, results.status_code, searched.status_code) == (200, 200, 200)
    assert len(listing.context["page_obj"]) == min(theme_count, 20)
    assert len(results.context["rows"]) == min(theme_count, 25)
    assert results.context["votes"] == theme_count * 10
    assert listing.context["page_obj"][0].public_votes == 10


@pytest.mark.parametrize("count", [1, 15])
def test_theme_detail_queries_do_not_grow(client, django_assert_max_num_queries, count):
    theme = ThemeFactory(title="Eenzaamheid onder ouderen")
    ThemeFactory.create_batch(count, title="Eenzaamheid bij ouderen", merged_into=theme, status=Theme.Status.MERGED)
    SiteSettings.load()

    with django_assert_max_num_queries(14):
        response = client.get(theme.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["merged_themes"]) == count


def test_round_page_queries_stay_bounded(resident_client, django_assert_max_num_queries):
    round_ = VotingRoundFactory()
    ThemeFactory.create_batch(30, conference=round_.conference)
    SiteSettings.load()

    with django_assert_max_num_queries(12):
        response = resident_client.get(round_.get_absolute_url())

    assert len(response.context["themes"]) == 30


def test_search_finds_a_theme_by_a_word_from_its_description(client):
    wanted = ThemeFactory(title="Samen aan tafel", description="Buurtbewoners koken wekelijks met elkaar.")
    ThemeFactory(title="Iets anders", description="Over verkeer en parkeren.")

    response = client.get(reverse("themes:list"), {"q": "koken"})

    assert list(response.context["page_obj"]) == [wanted]


def test_list_filters_by_edition_status_and_target_group(client):
    edition = EditionFactory()
    wanted = ThemeFactory(conference=edition, status=Theme.Status.CHOSEN, target_group="jongeren van 12 tot 23 jaar")
    ThemeFactory(conference=edition, status=Theme.Status.PUBLISHED, target_group="jongeren")
    ThemeFactory(status=Theme.Status.CHOSEN, target_group="jongeren")
    ThemeFactory(conference=edition, status=Theme.Status.CHOSEN, target_group="ouderen")

    response = client.get(
        reverse("themes:list"), {"edition": edition.slug, "status": "chosen", "target_group": "jongeren"}
    )

    assert list(response.context["page_obj"]) == [wanted]


def test_list_hides_vote_counts_until_results_are_published(client):
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(days=1)
    )
    ThemeFactory(conference=round_.conference)

    response = client.get(reverse("themes:list"))

    assert response.context["page_obj"][0].public_votes is None
    assert selectors.vote_count(response.context["page_obj"][0]) is None


def test_recurring_groups_themes_across_editions():
    first = EditionFactory()
    second = EditionFactory(starts_at=first.starts_at + timedelta(days=365))
    third = EditionFactory(starts_at=first.starts_at + timedelta(days=730))
    a = ThemeFactory(conference=first, title="Eenzaamheid: ontmoeting stimuleren", target_group="inwoners")
    b = ThemeFactory(conference=second, title="Eenzaamheid onder ouderen", target_group="ouderen")
    c = ThemeFactory(conference=third, title="Ontmoeting tegen eenzaamheid", target_group="ouderen")
    ThemeFactory(conference=third, title="Verkeersveiligheid rond scholen", target_group="kinderen")

    groups = selectors.recurring_groups()

    assert [(group["edition_count"], group["themes"]) for group in groups] == [(3, [a, b, c])]


def test_recurring_page_is_public_only_once_published(client, coordinator):
    hidden = client.get(reverse("themes:recurring"))
    client.force_login(coordinator)
    coordinator_view = client.get(reverse("themes:recurring"))
    client.post(reverse("themes:recurring"), {"publish": "1", "introduction": "Wat steeds terugkomt."})
    client.logout()
    public = client.get(reverse("themes:recurring"))

    assert (hidden.status_code, coordinator_view.status_code, public.status_code) == (302, 200, 200)
    assert RecurringOverview.load().introduction == "Wat steeds terugkomt."


@pytest.mark.parametrize("count", [1, 25])
def test_coordinator_pages_queries_do_not_grow(coordinator_client, django_assert_max_num_queries, count):
    round_ = VotingRoundFactory()
    ThemeFactory.create_batch(count, status=Theme.Status.SUBMITTED)
    for number in range(count):
        ThemeFactory(conference=round_.conference, title=f"Eenzaamheid en ontmoeting {number}")
        ThemeFactory(title=f"Ontmoeting tegen eenzaamheid {number}")
    SiteSettings.load()
    RecurringOverview.load()

    for name in ["themes:queue", "themes:rounds", "themes:recurring", "themes:list"]:
        with django_assert_max_num_queries(10):
            response = coordinator_client.get(reverse(name))
        assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert coordinator_client.get(round_.get_absolute_url()).status_code == 200
