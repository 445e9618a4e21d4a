import pytest
from django.urls import reverse

from conference import services
from conference.models import Evaluation, Outcome, Recap
from tests.conference.factories import OutcomeFactory, RecapFactory, TableTalkFactory
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_draft_recap_is_invisible(client, resident, who):
    recap = RecapFactory(status=Recap.Status.DRAFT)
    if who == "resident":
        client.force_login(resident)

    assert client.get(recap.get_absolute_url()).status_code == 404
    assert list(client.get(reverse("conference:recap_list")).context["page_obj"]) == []


def test_draft_recap_is_visible_to_coordinators(coordinator_client):
    recap = RecapFactory(status=Recap.Status.DRAFT)

    assert coordinator_client.get(recap.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "resident", "partner"])
def test_recap_of_an_unpublished_edition_is_invisible(client, resident, partner, who):
    recap = RecapFactory(conference=EditionFactory(is_published=False), title="Geheime terugblik")
    if who != "anonymous":
        client.force_login(resident if who == "resident" else partner)

    assert client.get(recap.get_absolute_url()).status_code == 404
    assert "Geheime terugblik" not in client.get(reverse("conference:recap_list")).content.decode()
    assert "Geheime terugblik" not in client.get(reverse("conference:recap_feed")).content.decode()


def test_recap_markdown_renders_inert(client):
    recap = RecapFactory(
        introduction=(
            "## Kop\n\n<script>alert('x')</script>\n\n[klik](javascript:alert(1))\n\n"
            '<img src="x" onerror="alert(2)">\n\n- punt'
        )
    )

    body = client.get(recap.get_absolute_url()).content.decode()
    intro = body.split('class="portal-recap-intro">')[1].split("</div>")[0]

    assert "<script>alert" not in body
    assert "javascript:" not in body
    assert "onerror" not in body
    assert "<h2>Kop</h2>" in intro
    assert "<li>punt</li>" in intro


def test_recap_composes_outcomes_and_the_next_edition(client):
    recap = RecapFactory()
    table = TableTalkFactory(conference=recap.conference, title="Samen in gesprek")
    OutcomeFactory(table_talk=table, text="Begroet uw buren", status=Outcome.Status.PUBLISHED)
    OutcomeFactory(table_talk=table, text="Concept", status=Outcome.Status.DRAFT)
    later = EditionFactory(starts_at=recap.conference.starts_at.replace(year=recap.conference.starts_at.year + 1))

    response = client.get(recap.get_absolute_url())

    groups = response.context["outcome_groups"]
    assert [(g["topic"], [o.text for o in g["outcomes"]]) for g in groups] == [
        ("Samen in gesprek", ["Begroet uw buren"])
    ]
    assert response.context["next_edition"] == later


def test_coordinator_previews_without_saving(coordinator_client):
    edition = EditionFactory()
    data = {
        "title": "Terugblik",
        "introduction": "**Vet**",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "30",
        "sections-0-heading": "Vooruitblik",
        "sections-0-body": "Tot ziens",
        "sections-0-order": "0",
        "preview": "1",
    }

    response = coordinator_client.post(reverse("conference:manage_recap", args=[edition.slug]), data)

    assert response.status_code == 200
    assert "<strong>Vet</strong>" in response.content.decode()
    assert Recap.objects.count() == 0


def test_coordinator_saves_and_publishes_a_recap(coordinator_client):
    edition = EditionFactory()
    data = {
        "title": "Terugblik",
        "introduction": "Fijne dag",
        "show_evaluation": "on",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "30",
        "sections-0-heading": "Vooruitblik",
        "sections-0-body": "Tot ziens",
        "sections-0-order": "0",
    }
    coordinator_client.post(reverse("conference:manage_recap", args=[edition.slug]), data)

    coordinator_client.post(reverse("conference:manage_recap_publish", args=[edition.slug]), {"publish": "1"})

    recap = Recap.objects.get()
    assert (recap.status, [s.heading for s in recap.sections.all()]) == (Recap.Status.PUBLISHED, ["Vooruitblik"])


def test_resident_cannot_publish_a_recap(resident_client):
    recap = RecapFactory(status=Recap.Status.DRAFT)

    response = resident_client.post(
        reverse("conference:manage_recap_publish", args=[recap.conference.slug]), {"publish": "1"}
    )

    assert response.status_code == 403
    recap.refresh_from_db()
    assert recap.status == Recap.Status.DRAFT


def test_recap_shows_the_evaluation_summary(client):
    recap = RecapFactory()
    evaluation = services.save_evaluation(conference=recap.conference, introduction="", questions=[], is_open=True)
    for rating in (4, 5):
        user = UserFactory()
        services.register(conference=recap.conference, user=user)
        services.answer_evaluation(evaluation=evaluation, user=user, rating=rating, answers={})

    response = client.get(recap.get_absolute_url())

    assert (response.context["evaluation_summary"]["total"], response.context["evaluation_summary"]["average"]) == (
        2,
        4.5,
    )
    assert Evaluation.objects.count() == 1
