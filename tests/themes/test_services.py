"""Theme services added with the service layer: a theme from a table-talk outcome (a coordinator's
act, outside the proposal limit) and the recurring-themes page."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from conference.models import Outcome
from tests.conference.factories import OutcomeFactory, TableTalkFactory
from tests.factories import EditionFactory
from themes import services
from themes.models import RecurringOverview, Theme

pytestmark = pytest.mark.django_db


def _published_outcomes(count):
    past = EditionFactory(starts_at=timezone.now() - timedelta(days=200))
    talk = TableTalkFactory(conference=past)
    return [OutcomeFactory(table_talk=talk, status=Outcome.Status.PUBLISHED) for _ in range(count)]


def test_themes_from_outcomes_do_not_count_against_the_proposal_limit(coordinator):
    coming = EditionFactory()
    for outcome in _published_outcomes(services.PROPOSALS_PER_DAY + 1):
        services.theme_from_outcome(outcome=outcome, coordinator=coordinator)
    coordinator.is_coordinator = False  # from now on they propose as any resident does
    coordinator.save(update_fields=["is_coordinator"])

    own = [
        services.propose_theme(proposer=coordinator, conference=coming, title=f"Idee {n}", description="Uitleg")
        for n in range(services.PROPOSALS_PER_DAY)
    ]
    with pytest.raises(ValidationError) as error:
        services.propose_theme(proposer=coordinator, conference=coming, title="Nog een", description="Uitleg")

    assert error.value.messages == ["You can propose at most 5 themes a day. Please try again tomorrow."]
    assert len(own) == services.PROPOSALS_PER_DAY
    assert Theme.objects.filter(origin_outcome__isnull=False).count() == services.PROPOSALS_PER_DAY + 1


def test_theme_from_outcome_is_its_own_service_for_coordinators_only(resident):
    (outcome,) = _published_outcomes(1)
    EditionFactory()

    with pytest.raises(PermissionDenied):
        services.theme_from_outcome(outcome=outcome, coordinator=resident)

    assert not Theme.objects.exists()


def test_theme_from_outcome_page_refuses_a_resident_and_stores_nothing(resident_client):
    (outcome,) = _published_outcomes(1)
    EditionFactory()

    response = resident_client.post(reverse("themes:from_outcome", args=[outcome.pk]))

    assert response.status_code == 403
    assert not Theme.objects.exists()


def test_save_recurring_overview_publishes_the_page_with_its_introduction():
    overview = services.save_recurring_overview(is_published=True, introduction="  Wat steeds terugkomt. ")

    assert RecurringOverview.objects.count() == 1
    assert (overview.is_published, overview.introduction) == (True, "Wat steeds terugkomt.")
    assert RecurringOverview.load().is_published


def test_recurring_page_saves_through_the_service(coordinator_client):
    response = coordinator_client.post(reverse("themes:recurring"), {"publish": "1", "introduction": "Terug"})

    assert response.status_code == 302
    assert (RecurringOverview.load().is_published, RecurringOverview.load().introduction) == (True, "Terug")


def test_resident_cannot_change_the_recurring_page(resident_client):
    services.save_recurring_overview(is_published=True, introduction="Zo blijft het")

    with translation.override("nl"):
        response = resident_client.post(
            reverse("themes:recurring"), {"publish": "0", "confirm": "1", "introduction": "Gekaapt"}
        )

    assert response.status_code == 200  # the public page, without the form
    assert "form" not in response.context or response.context["form"] is None
    overview = RecurringOverview.load()
    assert (overview.is_published, overview.introduction) == (True, "Zo blijft het")
