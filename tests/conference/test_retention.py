"""Data is kept no longer than the privacy statement says: a year after an edition or a voting round."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from conference import privacy
from conference.models import EvaluationResponse, Registration
from tests.factories import EditionFactory, UserFactory
from tests.themes.factories import BallotFactory, VoteFactory, VotingRoundFactory
from themes import selectors as theme_selectors
from themes.models import Ballot

pytestmark = pytest.mark.django_db


def test_old_registrations_and_voters_are_forgotten_votes_still_count(people):
    later = people.round_.closes_at + privacy.RETENTION + timedelta(days=1)  # the coming edition is not over
    totals = theme_selectors.round_totals(people.round_)
    coming = Registration.objects.filter(conference=people.coming).count()

    counts = privacy.apply_retention(now=later)

    assert not Registration.objects.filter(conference=people.past).exists()
    assert Registration.objects.filter(conference=people.coming).count() == coming  # not yet over long enough
    assert not Ballot.objects.filter(round=people.round_, voter__isnull=False).exists()
    assert theme_selectors.round_totals(people.round_) == totals
    assert not EvaluationResponse.objects.filter(respondent__isnull=False).exists()
    assert EvaluationResponse.objects.count() == 2
    assert counts == {"registrations": 2, "ballots": 5, "evaluation_answers": 2}


def test_recent_data_stays():
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=100))
    person = UserFactory()
    Registration.objects.create(conference=edition, user=person)
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=100), closes_at=timezone.now() - timedelta(days=90)
    )
    VoteFactory(ballot=BallotFactory(round=round_, voter=person), slot=1)

    counts = privacy.apply_retention()

    assert counts == {"registrations": 0, "ballots": 0, "evaluation_answers": 0}
    assert Registration.objects.filter(user=person).exists()
    assert Ballot.objects.get(round=round_).voter == person


def test_the_command_reports_what_it_forgot():
    out = StringIO()

    call_command("apply_retention", stdout=out)

    assert out.getvalue().strip() == "ballots: 0, evaluation_answers: 0, registrations: 0"
