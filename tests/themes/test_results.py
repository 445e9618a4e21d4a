import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.themes.factories import BallotFactory, ThemeFactory, VoteFactory, VotingRoundFactory
from themes import services
from themes.models import Theme, VotingRound

pytestmark = pytest.mark.django_db


def _closed_round_with_votes(counts):
    """A closed round whose themes got ``counts`` votes (one voter per vote, for simplicity)."""
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=10), closes_at=timezone.now() - timedelta(days=1)
    )
    themes = []
    for number, count in enumerate(counts):
        theme = ThemeFactory(conference=round_.conference, title=f"Thema {chr(65 + number)}")
        for _vote in range(count):
            VoteFactory(ballot=BallotFactory(round=round_), theme=theme, slot=1)
        themes.append(theme)
    return round_, themes


def _result_urls(round_):
    return [
        reverse("themes:results", args=[round_.pk]),
        reverse("themes:export_csv", args=[round_.pk]),
        reverse("themes:export_json", args=[round_.pk]),
    ]


@pytest.mark.parametrize("who", ["visitor", "resident"])
def test_results_and_exports_are_hidden_before_publication(client, who):
    round_, _themes = _closed_round_with_votes([2, 1])
    if who == "resident":
        client.force_login(UserFactory())

    statuses = [client.get(url).status_code for url in _result_urls(round_)]

    assert statuses == ([302, 302, 302] if who == "visitor" else [403, 403, 403])


def test_coordinator_previews_closed_results_but_exports_wait_for_publication(coordinator_client):
    round_, _themes = _closed_round_with_votes([2, 1])

    statuses = [coordinator_client.get(url).status_code for url in _result_urls(round_)]

    assert statuses == [200, 403, 403]


def test_coordinator_cannot_see_results_of_an_open_round(coordinator_client):
    round_ = VotingRoundFactory()

    assert coordinator_client.get(reverse("themes:results", args=[round_.pk])).status_code == 403


def test_publish_results_refuses_an_open_round(coordinator):
    round_ = VotingRoundFactory()

    with pytest.raises(ValidationError) as error:
        services.publish_results(round_=round_)

    assert error.value.messages == ["The results can only be published after the round has closed."]
    assert VotingRound.objects.get().results_published is False


def test_published_results_rank_the_themes(client, coordinator):
    round_, _themes = _closed_round_with_votes([1, 3, 2])
    services.publish_results(round_=round_)

    response = client.get(reverse("themes:results", args=[round_.pk]))

    ranking = [(theme.title, theme.vote_total, theme.bar) for theme in response.context["rows"]]
    assert ranking == [("Thema B", 3, 100), ("Thema C", 2, 67), ("Thema A", 1, 33)]
    assert (response.context["votes"], response.context["voters"]) == (6, 6)


def test_exports_give_the_ranking(client, coordinator):
    round_, _themes = _closed_round_with_votes([1, 3])
    services.publish_results(round_=round_)

    csv_lines = client.get(reverse("themes:export_csv", args=[round_.pk])).content.decode("utf-8-sig").splitlines()
    data = json.loads(client.get(reverse("themes:export_json", args=[round_.pk])).content)

    assert csv_lines[0] == "rank,id,title,target_group,organisation,status,votes"
    assert [line.split(",")[2] for line in csv_lines[1:]] == ["Thema B", "Thema A"]
    assert [(row["title"], row["votes"]) for row in data["results"]] == [("Thema B", 3), ("Thema A", 1)]


def test_choose_themes_marks_chosen_and_not_chosen(coordinator):
    round_, themes = _closed_round_with_votes([3, 2, 1])
    services.publish_results(round_=round_)

    services.choose_themes(round_=round_, themes=themes[:2])

    statuses = [Theme.objects.get(pk=theme.pk).status for theme in themes]
    assert statuses == [Theme.Status.CHOSEN, Theme.Status.CHOSEN, Theme.Status.NOT_CHOSEN]


def test_choose_themes_with_a_tie_needs_an_explanation(coordinator):
    round_, themes = _closed_round_with_votes([3, 2, 2])
    services.publish_results(round_=round_)

    with pytest.raises(ValidationError, match="Explain the choice"):
        services.choose_themes(round_=round_, themes=[themes[0], themes[2]])
    services.choose_themes(
        round_=round_,
        themes=[themes[0], themes[2]],
        note="Gelijke stand: C sluit aan op beleid.",
    )

    round_.refresh_from_db()
    assert round_.choice_note == "Gelijke stand: C sluit aan op beleid."
    assert Theme.objects.get(pk=themes[2].pk).status == Theme.Status.CHOSEN


def test_choose_themes_needs_published_results(coordinator):
    round_, themes = _closed_round_with_votes([3, 2])

    with pytest.raises(ValidationError, match="Publish the results before you choose themes"):
        services.choose_themes(round_=round_, themes=themes[:1])

    assert set(Theme.objects.values_list("status", flat=True)) == {Theme.Status.PUBLISHED}


def test_choose_page_marks_the_themes(coordinator_client, coordinator):
    round_, themes = _closed_round_with_votes([3, 2, 1])
    services.publish_results(round_=round_)

    response = coordinator_client.post(
        reverse("themes:choose", args=[round_.pk]), {"themes": [themes[0].pk, themes[1].pk], "note": ""}
    )

    assert response.status_code == 302
    assert list(Theme.objects.filter(status=Theme.Status.CHOSEN).order_by("title")) == themes[:2]


def test_choose_form_offers_the_ranking_with_vote_counts(coordinator):
    from themes.forms import ChooseThemesForm

    round_, _themes = _closed_round_with_votes([1, 3, 0, 2])
    services.publish_results(round_=round_)

    field = ChooseThemesForm(round_=round_).fields["themes"]

    assert [label for _pk, label in field.choices] == [
        "Thema B (3 votes)",
        "Thema D (2 votes)",
        "Thema A (1 vote)",
        "Thema C (0 votes)",
    ]


def test_close_page_closes_an_open_round(coordinator_client):
    round_ = VotingRoundFactory()

    coordinator_client.post(reverse("themes:close", args=[round_.pk]))

    round_.refresh_from_db()
    assert round_.has_closed() is True
