import pytest
from django.utils import translation

from tests.themes.factories import ThemeFactory, VotingRoundFactory


@pytest.fixture
def open_round(db):
    """An open round with three published themes of its edition."""
    round_ = VotingRoundFactory()
    ThemeFactory.create_batch(4, conference=round_.conference)
    return round_


@pytest.fixture
def round_themes(open_round):
    return list(open_round.conference.themes.order_by("pk"))


@pytest.fixture(autouse=True)
def _english_messages():
    """Services speak the active language; tests compare with the English source messages."""
    with translation.override("en"):
        yield
