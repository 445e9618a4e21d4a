"""The service functions behind the coordinator pages: editions, table talks, recaps,
organisations and the organising body. Each write goes through one of them, in one transaction."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from conference import services
from conference.models import Edition, Organisation, Recap, RecapSection, Registration, Session, SiteSettings, TableTalk
from tests.conference.factories import RecapFactory, SessionFactory, TableTalkFactory
from tests.factories import EditionFactory, OrganisationFactory, PartnerFactory, UserFactory
from tests.themes.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PORTAL_BASE_URL = "https://portaal.example.nl"


def _open_edition(**fields):
    now = timezone.now()
    return EditionFactory(registration_opens_at=now - timedelta(days=1), **fields)


# --- Editions ---------------------------------------------------------------------------------


def test_saving_a_larger_edition_gives_the_waiting_list_its_seats_and_mails_them(
    immediate_tasks, django_capture_on_commit_callbacks
):
    edition = _open_edition(capacity=1)
    services.register(conference=edition, user=UserFactory(), sessions=[])
    waiting = services.register(conference=edition, user=UserFactory(email="wacht@example.org"), sessions=[])
    assert waiting.status == Registration.Status.WAITLISTED
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.save_edition(edition=edition, capacity=2)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["wacht@example.org"]]
    assert edition.title in mail.outbox[0].body


def test_edition_save_and_refill_are_one_transaction(monkeypatch):
    """When the refill fails after it moved people up, the capacity change is undone with it."""
    edition = _open_edition(capacity=1)
    services.register(conference=edition, user=UserFactory(), sessions=[])
    waiting = services.register(conference=edition, user=UserFactory(), sessions=[])
    real_rebalance = services._rebalance

    def rebalance_then_fail(conference):
        real_rebalance(conference)
        raise RuntimeError("the mail queue is down")

    monkeypatch.setattr(services, "_rebalance", rebalance_then_fail)

    with pytest.raises(RuntimeError):
        services.save_edition(edition=edition, capacity=2)

    assert Edition.objects.get(pk=edition.pk).capacity == 1
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITLISTED


def test_edition_rules_live_in_the_service_with_the_dutch_message():
    edition = EditionFactory(mode=Edition.Mode.ON_SITE)

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.save_edition(edition=edition, mode=Edition.Mode.HYBRID, venue="")

    assert error.value.message_dict == {
        "online_url": ["Geef de online link voor een online of hybride editie."],
        "venue": ["Geef de locatie voor een editie op locatie."],
    }
    assert Edition.objects.get(pk=edition.pk).mode == Edition.Mode.ON_SITE


def test_an_edition_that_is_over_needs_no_online_link():
    past = EditionFactory(starts_at=timezone.now() - timedelta(days=400))

    services.save_edition(edition=past, mode=Edition.Mode.ONLINE, venue="Online")

    assert Edition.objects.get(pk=past.pk).mode == Edition.Mode.ONLINE


def test_edition_form_shows_the_service_rule_on_its_field(coordinator_client):
    edition = EditionFactory(title="Voorjaar")
    data = {
        "title": "Voorjaar",
        "slug": edition.slug,
        "starts_at": timezone.localtime(edition.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(edition.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "mode": Edition.Mode.ONLINE,
        "venue": "",
    }

    response = coordinator_client.post(reverse("conference:manage_edition_edit", args=[edition.slug]), data)

    assert response.status_code == 200
    assert "Geef de online link voor een online of hybride editie." in response.content.decode()
    assert Edition.objects.get(pk=edition.pk).mode == Edition.Mode.ON_SITE


def test_session_outside_its_edition_is_refused_by_the_service():
    edition = EditionFactory()

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.save_session(
            conference=edition,
            kind=Session.Kind.PLENARY,
            title="Te laat",
            starts_at=edition.ends_at + timedelta(days=2),
            ends_at=edition.ends_at + timedelta(days=2, hours=1),
        )

    assert error.value.message_dict == {"starts_at": ["De sessie moet tijdens de editie plaatsvinden."]}
    assert not edition.sessions.exists()


def test_session_delete_without_confirm_keeps_it_and_mails_nobody(coordinator_client):
    session = SessionFactory(title="Wonen met zorg")
    services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    mail.outbox.clear()
    url = reverse("conference:manage_session_delete", args=[session.conference.slug, session.pk])

    response = coordinator_client.post(url, {"confirm": "0"})

    assert response.status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()
    assert session.choices.count() == 1
    assert mail.outbox == []


# --- Table talks ------------------------------------------------------------------------------


def test_save_table_talk_adds_a_table_to_the_edition():
    edition = EditionFactory()
    theme = ThemeFactory(conference=edition)
    host = PartnerFactory()

    table = services.save_table_talk(conference=edition, title=" Samen eten ", theme=theme, host=host, round=2)

    assert (table.conference, table.title, table.theme, table.host, table.round) == (
        edition,
        "Samen eten",
        theme,
        host,
        2,
    )


def test_save_table_talk_refuses_a_theme_of_another_edition():
    edition = EditionFactory()
    other_theme = ThemeFactory(conference=EditionFactory())

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.save_table_talk(conference=edition, title="Samen eten", theme=other_theme)

    assert error.value.message_dict == {"theme": ["Kies een thema van deze editie."]}
    assert not TableTalk.objects.exists()


def test_save_table_talk_refuses_a_host_who_is_not_a_partner():
    edition = EditionFactory()

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.save_table_talk(conference=edition, title="Samen eten", host=UserFactory())

    assert error.value.message_dict == {"host": ["De gespreksleider met een account moet een partner zijn."]}
    assert not TableTalk.objects.exists()


def test_save_table_talk_refuses_a_table_of_another_edition():
    table = TableTalkFactory(title="Oud")

    with pytest.raises(ValidationError):
        services.save_table_talk(conference=EditionFactory(), table_talk=table, title="Nieuw")

    assert TableTalk.objects.get(pk=table.pk).title == "Oud"


def test_coordinator_adds_and_changes_a_table_through_the_pages(coordinator_client):
    edition = EditionFactory()
    url = reverse("conference:manage_table_talks", args=[edition.slug])

    coordinator_client.post(url, {"title": "Samen eten", "round": 1, "table_label": "1"})
    table = TableTalk.objects.get(conference=edition)
    edit = reverse("conference:manage_table_talk_edit", args=[edition.slug, table.pk])
    coordinator_client.post(edit, {"title": "Samen koken", "round": 2, "table_label": "1"})

    table.refresh_from_db()
    assert (table.title, table.round) == ("Samen koken", 2)


def test_resident_cannot_add_or_change_a_table(resident_client):
    table = TableTalkFactory(title="Oud")
    edition = table.conference

    add = resident_client.post(
        reverse("conference:manage_table_talks", args=[edition.slug]), {"title": "X", "round": 1}
    )
    edit = resident_client.post(
        reverse("conference:manage_table_talk_edit", args=[edition.slug, table.pk]), {"title": "X", "round": 1}
    )

    assert (add.status_code, edit.status_code) == (403, 403)
    assert list(TableTalk.objects.values_list("title", flat=True)) == ["Oud"]


# --- Recaps -----------------------------------------------------------------------------------


def test_save_recap_sets_updated_by_and_keeps_the_sections_in_the_list(coordinator):
    edition = EditionFactory()
    recap = RecapFactory(conference=edition, status=Recap.Status.DRAFT)
    kept = RecapSection.objects.create(recap=recap, heading="Blijft", body="Tekst", order=0)
    RecapSection.objects.create(recap=recap, heading="Gaat weg", body="Tekst", order=1)

    saved = services.save_recap(
        conference=edition,
        user=coordinator,
        title="Terugblik voorjaar",
        introduction="Een mooie middag.",
        sections=[
            {"id": kept.pk, "heading": "Blijft", "body": "Nieuwe tekst", "order": 0},
            {"heading": "Nieuw", "body": "Meer", "order": None},
        ],
    )

    assert saved.pk == recap.pk
    assert (saved.title, saved.updated_by) == ("Terugblik voorjaar", coordinator)
    assert list(saved.sections.values_list("heading", "body", "order")) == [
        ("Blijft", "Nieuwe tekst", 0),
        ("Nieuw", "Meer", 1),
    ]


def test_save_recap_refuses_a_section_of_another_recap(coordinator):
    edition = EditionFactory()
    foreign = RecapSection.objects.create(recap=RecapFactory(), heading="Elders", body="Tekst")

    with pytest.raises(ValidationError):
        services.save_recap(
            conference=edition,
            user=coordinator,
            title="Terugblik",
            sections=[{"id": foreign.pk, "heading": "Gekaapt", "body": "X"}],
        )

    assert not Recap.objects.filter(conference=edition).exists()
    assert RecapSection.objects.get(pk=foreign.pk).heading == "Elders"


def test_recap_page_saves_through_the_service_with_updated_by(coordinator_client, coordinator):
    edition = EditionFactory()
    data = {
        "title": "Terugblik",
        "introduction": "Een mooie middag.",
        "show_evaluation": "on",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-heading": "Wat we deden",
        "sections-0-body": "Praten aan tafels.",
        "sections-0-order": "0",
    }

    response = coordinator_client.post(reverse("conference:manage_recap", args=[edition.slug]), data)

    assert response.status_code == 302
    recap = Recap.objects.get(conference=edition)
    assert recap.updated_by == coordinator
    assert list(recap.sections.values_list("heading", flat=True)) == ["Wat we deden"]


def test_recap_preview_stores_nothing(coordinator_client):
    edition = EditionFactory()
    data = {
        "title": "Terugblik",
        "introduction": "Voorproefje",
        "preview": "1",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-0-heading": "Wat we deden",
        "sections-0-body": "Praten aan tafels.",
        "sections-0-order": "0",
    }

    response = coordinator_client.post(reverse("conference:manage_recap", args=[edition.slug]), data)

    assert response.status_code == 200
    assert "Wat we deden" in response.content.decode()
    assert not Recap.objects.exists()
    assert not RecapSection.objects.exists()


def test_resident_cannot_save_a_recap(resident_client):
    recap = RecapFactory(title="Zo was het", status=Recap.Status.DRAFT)

    response = resident_client.post(
        reverse("conference:manage_recap", args=[recap.conference.slug]),
        {"title": "Gekaapt", "sections-TOTAL_FORMS": "0", "sections-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 403
    recap.refresh_from_db()
    assert (recap.title, recap.updated_by) == ("Zo was het", None)


# --- Organisations and the organising body ----------------------------------------------------


def test_save_organisation_creates_and_changes_one():
    organisation = services.save_organisation(name=" Buurtteam ", slug="buurtteam", kind=Organisation.Kind.WELFARE)

    services.save_organisation(organisation=organisation, website="https://buurtteam.example.org")

    organisation.refresh_from_db()
    assert (organisation.name, organisation.kind, organisation.website) == (
        "Buurtteam",
        Organisation.Kind.WELFARE,
        "https://buurtteam.example.org",
    )


def test_save_organisation_refuses_a_taken_name():
    OrganisationFactory(name="Buurtteam", slug="buurtteam")

    with pytest.raises(ValidationError) as error:
        services.save_organisation(name="Buurtteam", slug="buurtteam-2")

    assert "name" in error.value.message_dict
    assert Organisation.objects.count() == 1


def test_organisation_page_saves_through_the_service(coordinator_client):
    response = coordinator_client.post(
        reverse("conference:manage_organisation_create"),
        {"name": "Buurtteam", "slug": "buurtteam", "kind": "welfare", "website": "", "description": ""},
    )

    assert response.status_code == 302
    assert Organisation.objects.get(slug="buurtteam").kind == Organisation.Kind.WELFARE


def test_resident_cannot_change_an_organisation(resident_client):
    organisation = OrganisationFactory(name="Buurtteam", slug="buurtteam")

    response = resident_client.post(
        reverse("conference:manage_organisation_edit", args=[organisation.slug]),
        {"name": "Gekaapt", "slug": "buurtteam", "kind": "other"},
    )

    assert response.status_code == 403
    assert Organisation.objects.get(pk=organisation.pk).name == "Buurtteam"


def test_save_site_settings_changes_the_one_row_and_the_cached_copy():
    SiteSettings.load()

    services.save_site_settings(name="Gemeente Voorbeeld", primary_colour="#112233")

    assert SiteSettings.objects.count() == 1
    assert (SiteSettings.load().name, SiteSettings.load().primary_colour) == ("Gemeente Voorbeeld", "#112233")


def test_save_site_settings_refuses_a_colour_that_is_not_one():
    SiteSettings.load()

    with pytest.raises(ValidationError) as error:
        services.save_site_settings(primary_colour="blauw")

    assert "primary_colour" in error.value.message_dict
    assert SiteSettings.objects.get(pk=1).primary_colour != "blauw"


def test_resident_cannot_change_the_site_settings(resident_client):
    before = SiteSettings.objects.get(pk=SiteSettings.load().pk).name

    response = resident_client.post(reverse("conference:manage_site"), {"name": "Gekaapt"})

    assert response.status_code == 403
    assert SiteSettings.objects.get(pk=1).name == before


def test_set_display_name_strips_and_refuses_an_empty_name():
    user = UserFactory(display_name="Oud")

    services.set_display_name(user=user, display_name="  Anne  ")
    with pytest.raises(ValidationError):
        services.set_display_name(user=user, display_name="   ")

    user.refresh_from_db()
    assert user.display_name == "Anne"
