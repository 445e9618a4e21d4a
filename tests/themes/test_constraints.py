"""The database itself refuses what the services refuse, for code that bypasses them."""

import pytest
from django.db import IntegrityError, transaction

from tests.themes.factories import BallotFactory, ThemeFactory, VoteFactory
from themes.models import Ballot, Vote

pytestmark = pytest.mark.django_db


def test_a_second_vote_for_one_theme_on_one_ballot_is_refused_by_the_database():
    ballot = BallotFactory()
    theme = ThemeFactory(conference=ballot.round.conference)
    VoteFactory(ballot=ballot, theme=theme, slot=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(ballot=ballot, theme=theme, slot=2)

    assert list(Vote.objects.values_list("ballot_id", "theme_id", "slot")) == [(ballot.pk, theme.pk, 1)]


def test_a_second_ballot_for_one_voter_in_one_round_is_refused_by_the_database():
    ballot = BallotFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=ballot.round, voter=ballot.voter)

    assert list(Ballot.objects.values_list("pk", flat=True)) == [ballot.pk]


def test_one_voter_may_have_a_ballot_in_each_round():
    first = BallotFactory()
    other = BallotFactory(voter=first.voter)

    assert Ballot.objects.filter(voter=first.voter).count() == 2
    assert other.round != first.round


def test_two_votes_in_one_slot_of_a_ballot_are_refused_by_the_database():
    ballot = BallotFactory()
    first, second = ThemeFactory.create_batch(2, conference=ballot.round.conference)
    VoteFactory(ballot=ballot, theme=first, slot=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(ballot=ballot, theme=second, slot=1)

    assert Vote.objects.filter(ballot=ballot).count() == 1
