"""The demo themes as a newcomer meets them after `make run`."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from conference.demo import upcoming_edition
from tests.factories import UserFactory
from themes.models import RecurringOverview, Theme, Vote, VotingRound

pytestmark = pytest.mark.django_db

ED_2020 = "2020-versnellingskamer-participatie"
ED_2023 = "2023-oktober-heumen-voor-iedereen"


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def test_demo_has_the_seed_themes(demo):
    chosen_2023 = Theme.objects.filter(conference__slug=ED_2023, status=Theme.Status.CHOSEN)
    assert sorted(chosen_2023.values_list("title", flat=True)) == [
        "Mentale weerbaarheid jongeren (12-23 jaar)",
        "Verdraagzaamheid en verbinding: samen in gesprek",
    ]
    assert Theme.objects.filter(conference__slug=ED_2023, status=Theme.Status.NOT_CHOSEN).count() >= 3
    assert sorted(Theme.objects.filter(conference__slug=ED_2020).values_list("title", flat=True)) == [
        "De betekenis van voorzieningen en sociaal werk",
        "Het bereik van solidariteit",
        "Vertrouwen als basis voor meedoen",
    ]


def test_demo_2023_round_is_closed_with_published_results(client, demo):
    round_ = VotingRound.objects.get(conference__slug=ED_2023)
    assert round_.results_published and not round_.is_open()

    response = client.get(reverse("themes:results", args=[round_.pk]))

    assert response.status_code == 200
    assert "Mentale weerbaarheid jongeren (12-23 jaar)" in response.content.decode()


def test_demo_recurring_page_is_public_and_groups_themes(client, demo):
    assert RecurringOverview.load().is_published

    response = client.get(reverse("themes:recurring"))

    assert response.status_code == 200
    groups = list(response.context["page_obj"])
    assert len(groups) >= 2
    assert all(len({theme.conference_id for theme in group["themes"]}) >= 2 for group in groups)
    titles = {theme.title for group in groups for theme in group["themes"]}
    assert {"Mantelzorgers ontlasten", "Mantelzorgers ontlasten: overbelasting voorkomen"} <= titles


def test_a_newcomer_can_vote_in_the_open_demo_round(client, demo):
    round_ = VotingRound.objects.get(conference=upcoming_edition())
    assert round_.is_open()
    theme = round_.conference.themes.filter(status=Theme.Status.PUBLISHED).first()
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = client.post(reverse("themes:cast", args=[round_.pk]), {"theme": theme.pk}, follow=True)

    assert response.status_code == 200
    assert Vote.objects.filter(ballot__voter=newcomer, ballot__round=round_, theme=theme).count() == 1
