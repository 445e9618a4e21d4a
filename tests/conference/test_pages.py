from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from conference.models import SiteSettings
from tests.conference.factories import RecapFactory
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_home_is_dutch_by_default(client):
    response = client.get("/")

    assert response.status_code == 200
    assert response["Content-Language"] == "nl"
    assert "Volgende editie" in response.content.decode()


def test_home_in_english_under_prefix(client):
    response = client.get("/en/")

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert "Next edition" in response.content.decode()


def test_browser_preferring_english_is_sent_to_english(client):
    response = client.get("/edities/?x=1", headers={"accept-language": "en-GB,en;q=0.9"})

    assert response.status_code == 302
    assert response["Location"] == "/en/edities/?x=1"


def test_language_cookie_beats_browser_preference(client):
    client.cookies["portal_language"] = "nl"

    response = client.get("/", headers={"accept-language": "en"})

    assert response.status_code == 200
    assert response["Content-Language"] == "nl"


def test_language_switch_sets_cookie_and_redirects(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/en/edities/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/edities/"
    assert response.cookies["portal_language"].value == "en"


@pytest.mark.parametrize("count", [0, 50])
def test_home_queries_do_not_grow(client, django_assert_max_num_queries, count):
    EditionFactory.create_batch(count)
    SiteSettings.load()

    with django_assert_max_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200
    assert (response.context["next_edition"] is not None) == (count > 0)


def test_home_shows_next_published_edition_only(client):
    EditionFactory(title="Verborgen editie", is_published=False)
    EditionFactory(title="Open editie")

    body = client.get("/").content.decode()

    assert "Open editie" in body
    assert "Verborgen editie" not in body


def test_home_shows_a_coordinator_the_unpublished_edition_and_nobody_else(coordinator_client):
    """Everyone but a coordinator shares one home page body; a coordinator's own never lands in it."""
    from tests.factories import UserFactory

    EditionFactory(title="Verborgen editie", is_published=False, starts_at=timezone.now() + timedelta(days=3))
    EditionFactory(title="Open editie", starts_at=timezone.now() + timedelta(days=9))
    resident = Client()
    resident.force_login(UserFactory())

    before = resident.get("/").content.decode()
    coordinator = coordinator_client.get("/").content.decode()
    after = resident.get("/").content.decode()
    anonymous = Client().get("/").content.decode()

    assert "Verborgen editie" in coordinator
    assert ["Verborgen editie" in body for body in (before, after, anonymous)] == [False, False, False]
    assert all("Open editie" in body for body in (before, after, anonymous))


def test_healthz_is_tiny_and_queries_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_brand_css_uses_configured_colours(client):
    site = SiteSettings.load()
    site.primary_colour = "#123456"
    site.save()

    response = client.get("/huisstijl.css")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    assert "--portal-primary:#123456" in response.content.decode()


def test_site_name_comes_from_settings_not_code(client):
    site = SiteSettings.load()
    site.name = "Gemeente Voorbeeldstad"
    site.save()

    body = client.get("/").content.decode()

    assert "Gemeente Voorbeeldstad" in body
    assert "Heumen" not in body


def test_strict_content_security_policy(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy


def test_pages_have_no_inline_script_or_style(client):
    body = client.get("/").content.decode()

    assert "<script>" not in body
    assert " style=" not in body
    assert "<style" not in body


def test_own_404_page(client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


@pytest.mark.parametrize("count", [1, 100])
def test_edition_list_queries_do_not_grow(client, django_assert_max_num_queries, count):
    EditionFactory.create_batch(count)
    SiteSettings.load()

    with django_assert_max_num_queries(6):
        response = client.get(reverse("conference:edition_list"))

    assert response.status_code == 200
    assert len(response.context["upcoming"]) == count


def test_my_page_needs_login(client):
    response = client.get(reverse("conference:my_overview"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_my_page_greets_user(resident_client, resident):
    response = resident_client.get(reverse("conference:my_overview"))

    assert response.status_code == 200
    assert str(resident) in response.content.decode()


def test_expired_form_gets_a_dutch_explanation(resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    response = client.post(reverse("conference:my_overview"), {})

    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()


def test_english_redirect_keeps_an_escaped_question_mark_in_the_path(client):
    response = client.get("/edities/vraag%3Fantwoord/?x=1", headers={"accept-language": "en"})

    assert response.status_code == 302
    assert response["Location"] == "/en/edities/vraag%3Fantwoord/?x=1"


def test_english_redirect_keeps_other_characters_escaped(client):
    response = client.get("/edities/caf%C3%A9%20%23/", headers={"accept-language": "en"})

    assert response["Location"] == "/en/edities/caf%C3%A9%20%23/"


@override_settings(ROOT_URLCONF="tests.conference.urls_broken")
def test_own_500_page(resident):
    client = Client(raise_request_exception=False)
    client.force_login(resident)

    response = client.get("/kapot/")

    body = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in body
    assert "Dit ligt aan ons, niet aan u." in body
    assert "RuntimeError" not in body
    assert "a bug in a view" not in body


def test_healthz_queries_nothing_for_a_signed_in_user(resident_client, django_assert_num_queries):
    resident_client.get("/")  # the session exists and is in use

    with django_assert_num_queries(0):
        response = resident_client.get("/healthz")

    assert response.content == b"ok"


def test_coordinator_changes_the_organising_body(coordinator_client):
    data = {
        "name": "Gemeente Voorbeeldstad",
        "portal_name": "Samenwerkdag",
        "kind": SiteSettings.Kind.MUNICIPALITY,
        "country": SiteSettings.Country.NL,
        "primary_colour": "#224466",
        "accent_colour": "#aa5500",
        "contact_person": "Carla Contact",
        "contact_email": "samen@voorbeeldstad.example",
        "contact_phone": "024 123 45 67",
        "website": "https://voorbeeldstad.example",
        "data_licence": "CC-BY-4.0",
    }

    response = coordinator_client.post(reverse("conference:manage_site"), data)
    home = Client().get("/").content.decode()
    css = Client().get("/huisstijl.css").content.decode()

    assert response.status_code == 302
    assert "Gemeente Voorbeeldstad" in home
    assert "Samenwerkdag" in home
    assert "Carla Contact" in home
    assert "samen@voorbeeldstad.example" in home
    assert "024 123 45 67" in home
    assert "--portal-primary:#224466" in css
    assert "--portal-accent:#aa5500" in css
    assert SiteSettings.load().licence_name == "CC BY 4.0"


def test_bad_colour_for_the_organising_body_is_refused(coordinator_client):
    site = SiteSettings.load()
    before = site.primary_colour

    response = coordinator_client.post(
        reverse("conference:manage_site"), {"name": "X", "portal_name": "Y", "primary_colour": "rood"}
    )

    assert response.status_code == 200
    assert SiteSettings.objects.get().primary_colour == before


def test_home_shows_the_latest_recap_and_a_register_button(client):
    now = timezone.now()
    upcoming = EditionFactory(title="Najaar", registration_opens_at=now - timedelta(days=1))
    older = EditionFactory(starts_at=now - timedelta(days=400))
    latest = EditionFactory(starts_at=now - timedelta(days=200))
    RecapFactory(conference=older, title="Terugblik vorig jaar")
    RecapFactory(conference=latest, title="Terugblik voorjaar")
    RecapFactory(conference=EditionFactory(starts_at=now - timedelta(days=100)), status="draft", title="Concept")

    body = client.get("/").content.decode()

    assert "Terugblik voorjaar" in body
    assert "Terugblik vorig jaar" not in body
    assert "Concept" not in body
    assert f'href="{reverse("conference:register", args=[upcoming.slug])}"' in body


def test_home_has_no_register_button_before_registration_opens(client):
    upcoming = EditionFactory(registration_opens_at=timezone.now() + timedelta(days=3))

    body = client.get("/").content.decode()

    assert upcoming.title in body
    assert reverse("conference:register", args=[upcoming.slug]) not in body
