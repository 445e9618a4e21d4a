from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import EditionFactory, UserFactory
from themes.models import Ballot, Theme, Vote, VotingRound


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    conference = factory.SubFactory(EditionFactory)
    title = factory.Sequence(lambda n: f"Thema {n}")
    description = "Een onderwerp om samen aan te werken."
    target_group = "inwoners"
    submitted_by = factory.SubFactory(UserFactory)
    status = Theme.Status.PUBLISHED


class VotingRoundFactory(factory.django.DjangoModelFactory):
    """An open round by default: opened an hour ago, closes in a week."""

    class Meta:
        model = VotingRound

    conference = factory.SubFactory(EditionFactory)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    votes_per_voter = 3
    themes_to_choose = 2


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    round = factory.SubFactory(VotingRoundFactory)
    voter = factory.SubFactory(UserFactory)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    ballot = factory.SubFactory(BallotFactory)
    theme = factory.SubFactory(ThemeFactory)
    slot = factory.Sequence(lambda n: n % 3 + 1)
