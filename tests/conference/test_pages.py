import pytest
from django.urls import reverse

from conference.models import SiteSettings
from tests.factories import ConferenceFactory

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
    ConferenceFactory.create_batch(count)
    SiteSettings.load()

    with django_assert_max_num_queries(6):
        response = client.get("/")

    assert response.status_code == 200
    assert (response.context["next_edition"] is not None) == (count > 0)


def test_home_shows_next_published_edition_only(client):
    ConferenceFactory(title="Verborgen editie", is_published=False)
    ConferenceFactory(title="Open editie")

    body = client.get("/").content.decode()

    assert "Open editie" in body
    assert "Verborgen editie" not in body


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
    ConferenceFactory.create_batch(count)
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
