"""Publish toggles name their target state, and taking published content back asks first.

Every endpoint: a POST without ``publish=1``/``publish=0`` is a 400 and changes nothing; ``publish=0``
without ``confirm=1`` shows the Dutch confirmation page and changes nothing; with it, it takes back.
"""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from conference import services
from conference.models import Edition, Outcome, Recap, TableSheetPhoto
from tests.conference.factories import OutcomeFactory, RecapFactory, TableTalkFactory
from tests.factories import EditionFactory
from tests.themes.factories import VotingRoundFactory
from tests.workgroups.factories import ProgressReportFactory
from themes.models import RecurringOverview, VotingRound
from workgroups.models import ProgressReport

pytestmark = pytest.mark.django_db

NOT_A_TARGET = [{}, {"publish": ""}, {"publish": "yes"}, {"publish": "true"}, {"publish": "2"}, {"publish": "on"}]


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def _published_outcome():
    return OutcomeFactory(status=Outcome.Status.PUBLISHED, published_at=timezone.now())


# --- The edition ---------------------------------------------------------------------------------


@pytest.mark.parametrize("data", NOT_A_TARGET)
@pytest.mark.parametrize("was_published", [True, False])
def test_edition_toggle_without_a_target_is_400_and_changes_nothing(coordinator_client, data, was_published):
    edition = EditionFactory(is_published=was_published)

    response = coordinator_client.post(reverse("conference:manage_edition_publish", args=[edition.slug]), data)

    assert response.status_code == 400
    assert "We konden dit verzoek niet lezen" in response.content.decode()
    assert Edition.objects.get(pk=edition.pk).is_published is was_published


def test_unpublishing_an_edition_asks_first_and_changes_nothing(coordinator_client):
    edition = EditionFactory(is_published=True)
    url = reverse("conference:manage_edition_publish", args=[edition.slug])

    response = coordinator_client.post(url, {"publish": "0"})

    body = response.content.decode()
    assert response.status_code == 200
    assert f"De editie “{edition.title}” offline halen?" in body
    assert "de editiepagina met het programma en de sessies" in body
    assert 'name="confirm" value="1"' in body and 'name="publish" value="0"' in body
    assert Edition.objects.get(pk=edition.pk).is_published


def test_unpublishing_an_edition_with_confirmation_takes_it_offline(coordinator_client):
    edition = EditionFactory(is_published=True)
    url = reverse("conference:manage_edition_publish", args=[edition.slug])

    response = coordinator_client.post(url, {"publish": "0", "confirm": "1"})

    assert response.status_code == 302
    assert not Edition.objects.get(pk=edition.pk).is_published


def test_publishing_an_edition_needs_no_confirmation(coordinator_client):
    edition = EditionFactory(is_published=False)

    coordinator_client.post(reverse("conference:manage_edition_publish", args=[edition.slug]), {"publish": "1"})

    assert Edition.objects.get(pk=edition.pk).is_published


def test_resident_gets_403_not_a_400(resident_client):
    edition = EditionFactory(is_published=True)

    response = resident_client.post(reverse("conference:manage_edition_publish", args=[edition.slug]), {})

    assert response.status_code == 403
    assert Edition.objects.get(pk=edition.pk).is_published


# --- The recap -----------------------------------------------------------------------------------


@pytest.mark.parametrize("data", NOT_A_TARGET)
def test_recap_toggle_without_a_target_is_400_and_changes_nothing(coordinator_client, data):
    recap = RecapFactory(status=Recap.Status.PUBLISHED)

    response = coordinator_client.post(reverse("conference:manage_recap_publish", args=[recap.conference.slug]), data)

    assert response.status_code == 400
    assert Recap.objects.get(pk=recap.pk).status == Recap.Status.PUBLISHED


def test_taking_a_recap_back_asks_first_then_does_it(coordinator_client):
    recap = RecapFactory(status=Recap.Status.PUBLISHED)
    url = reverse("conference:manage_recap_publish", args=[recap.conference.slug])

    asked = coordinator_client.post(url, {"publish": "0"})
    status_after_asking = Recap.objects.get(pk=recap.pk).status
    done = coordinator_client.post(url, {"publish": "0", "confirm": "1"})

    assert asked.status_code == 200
    assert f"De terugblik “{recap.title}” weer een concept maken?" in asked.content.decode()
    assert "de terugblik in de nieuwsfeed en in de zoekresultaten" in asked.content.decode()
    assert status_after_asking == Recap.Status.PUBLISHED
    assert done.status_code == 302
    assert Recap.objects.get(pk=recap.pk).status == Recap.Status.DRAFT


# --- Outcomes of table talks --------------------------------------------------------------------


@pytest.mark.parametrize("data", NOT_A_TARGET)
def test_outcomes_toggle_without_a_target_is_400_and_changes_nothing(coordinator_client, data):
    outcome = _published_outcome()
    table = outcome.table_talk

    response = coordinator_client.post(
        reverse("conference:manage_outcomes_publish", args=[table.conference.slug]), {**data, "table": table.pk}
    )

    assert response.status_code == 400
    assert Outcome.objects.get(pk=outcome.pk).status == Outcome.Status.PUBLISHED


@pytest.mark.parametrize("one_table", [True, False])
def test_taking_outcomes_back_asks_first_and_says_how_many(coordinator_client, one_table):
    outcome = _published_outcome()
    table = outcome.table_talk
    OutcomeFactory(table_talk=TableTalkFactory(conference=table.conference), status=Outcome.Status.PUBLISHED)
    url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])
    fields = {"table": table.pk} if one_table else {}

    asked = coordinator_client.post(url, {"publish": "0", **fields})

    body = asked.content.decode()
    assert asked.status_code == 200
    assert ("1 gepubliceerde opbrengst" if one_table else "2 gepubliceerde opbrengsten") in body
    assert (f'name="table" value="{table.pk}"' in body) is one_table
    assert Outcome.objects.filter(status=Outcome.Status.PUBLISHED).count() == 2


def _published_photo(table):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "orange").save(buffer, format="JPEG")
    upload = SimpleUploadedFile("tafelvel.jpg", buffer.getvalue(), content_type="image/jpeg")
    photo = services.add_sheet_photo(table_talk=table, upload=upload, user=None)
    services.set_outcomes_published(outcomes=table.outcomes.all(), published=True)
    return photo


def test_taking_outcomes_back_with_confirmation_hides_outcomes_and_photos(coordinator_client):
    outcome = _published_outcome()
    table = outcome.table_talk
    photo = _published_photo(table)
    url = reverse("conference:manage_outcomes_publish", args=[table.conference.slug])

    asked = coordinator_client.post(url, {"publish": "0", "table": table.pk})
    done = coordinator_client.post(url, {"publish": "0", "confirm": "1", "table": table.pk})

    assert "1 foto van een tafelvel" in asked.content.decode()
    assert done.status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).status == Outcome.Status.DRAFT
    assert not TableSheetPhoto.objects.get(pk=photo.pk).is_published


def test_taking_back_when_nothing_is_public_needs_no_confirmation(coordinator_client):
    outcome = OutcomeFactory()  # a draft

    response = coordinator_client.post(
        reverse("conference:manage_outcomes_publish", args=[outcome.table_talk.conference.slug]), {"publish": "0"}
    )

    assert response.status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).status == Outcome.Status.DRAFT


# --- The recurring-themes page --------------------------------------------------------------------


def _publish_recurring():
    from themes import services as theme_services

    theme_services.save_recurring_overview(is_published=True, introduction="Wat steeds terugkomt.")


@pytest.mark.parametrize("data", NOT_A_TARGET)
def test_recurring_page_form_without_a_target_is_400_and_changes_nothing(coordinator_client, data):
    _publish_recurring()

    response = coordinator_client.post(reverse("themes:recurring"), {**data, "introduction": "Iets anders"})

    assert response.status_code == 400
    overview = RecurringOverview.load()
    assert (overview.is_published, overview.introduction) == (True, "Wat steeds terugkomt.")


def test_hiding_the_recurring_page_asks_first_and_keeps_the_typed_introduction(coordinator_client):
    _publish_recurring()
    url = reverse("themes:recurring")

    asked = coordinator_client.post(url, {"publish": "0", "introduction": "Nieuwe tekst"})
    published_after_asking = RecurringOverview.load().is_published
    done = coordinator_client.post(url, {"publish": "0", "confirm": "1", "introduction": "Nieuwe tekst"})

    assert asked.status_code == 200
    assert "Terugkerende thema\u2019s alleen aan coördinatoren tonen?" in asked.content.decode()
    assert 'name="introduction" value="Nieuwe tekst"' in asked.content.decode()
    assert published_after_asking is True
    assert done.status_code == 302
    overview = RecurringOverview.load()
    assert (overview.is_published, overview.introduction) == (False, "Nieuwe tekst")


# --- One-way publishing: round results and progress reports ---------------------------------------


@pytest.mark.parametrize("data", [*NOT_A_TARGET, {"publish": "0"}])
def test_round_results_publish_needs_publish_1(coordinator_client, data):
    round_ = VotingRoundFactory(
        opens_at=timezone.now() - timedelta(days=8), closes_at=timezone.now() - timedelta(days=1)
    )

    refused = coordinator_client.post(reverse("themes:publish", args=[round_.pk]), data)
    published_after_refusal = VotingRound.objects.get(pk=round_.pk).results_published
    accepted = coordinator_client.post(reverse("themes:publish", args=[round_.pk]), {"publish": "1"})

    assert refused.status_code == 400
    assert published_after_refusal is False
    assert accepted.status_code == 302
    assert VotingRound.objects.get(pk=round_.pk).results_published


@pytest.mark.parametrize("data", [*NOT_A_TARGET, {"publish": "0"}])
def test_report_publish_needs_publish_1(coordinator_client, data):
    report = ProgressReportFactory(status=ProgressReport.Status.SUBMITTED)
    url = reverse("workgroups:report_publish", args=[report.workgroup.slug, report.pk])

    refused = coordinator_client.post(url, data)
    status_after_refusal = ProgressReport.objects.get(pk=report.pk).status
    accepted = coordinator_client.post(url, {"publish": "1"})

    assert refused.status_code == 400
    assert status_after_refusal == ProgressReport.Status.SUBMITTED
    assert accepted.status_code == 302
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.PUBLISHED


def test_the_confirmation_page_is_only_for_coordinators(partner_client):
    edition = EditionFactory(is_published=True)

    response = partner_client.post(reverse("conference:manage_edition_publish", args=[edition.slug]), {"publish": "0"})

    assert response.status_code == 403
    assert Edition.objects.get(pk=edition.pk).is_published
