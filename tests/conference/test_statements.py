"""The privacy statement and the accessibility statement: a default text from day one, editable by coordinators."""

import pytest
from django.urls import reverse

from conference import services
from conference.models import SiteSettings, Statement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return services.save_site_settings(
        name="Gemeente Heumen", contact_email="privacy@heumen.example", contact_phone="024 123 45 67"
    )


def test_privacy_statement_default_names_the_organising_body(client, site):
    html = client.get(reverse("conference:privacy")).content.decode()

    assert '<h1 class="portal-break-words">Privacyverklaring</h1>' in html
    assert "Gemeente Heumen is verantwoordelijk voor uw persoonsgegevens" in html
    for heading in ("Wat we bewaren en waarom", "Grondslag", "Hoe lang we het bewaren", "Wie uw gegevens kan zien"):
        assert f"<h2>{heading}</h2>" in html
    assert "tot 12 maanden na de editie" in html
    assert f'href="{reverse("conference:my_data")}"' in html
    assert '<a href="mailto:privacy@heumen.example"' in html
    assert "024 123 45 67" in html
    assert "Autoriteit Persoonsgegevens" in html


def test_a_flemish_body_names_its_own_authority(client, site):
    services.save_site_settings(country=SiteSettings.Country.BE)

    html = client.get(reverse("conference:privacy")).content.decode()

    assert "Gegevensbeschermingsautoriteit" in html
    assert "Autoriteit Persoonsgegevens" not in html


def test_english_page_has_the_english_default(client, site):
    html = client.get("/en/privacy/").content.decode()

    assert '<h1 class="portal-break-words">Privacy statement</h1>' in html
    assert "Gemeente Heumen is responsible for your personal data" in html
    assert 'href="/en/mijn/gegevens/"' in html


def test_accessibility_statement_default_has_the_government_shape(client, site):
    html = client.get(reverse("conference:accessibility")).content.decode()

    assert '<h1 class="portal-break-words">Toegankelijkheidsverklaring</h1>' in html
    assert "WCAG) 2.2, niveau AA" in html
    assert "axe-core" in html
    for heading in ("Status", "Hoe we het getest hebben", "Bekende beperkingen", "Problemen of vragen?", "Datum"):
        assert f"<h2>{heading}</h2>" in html
    assert "Laat het Gemeente Heumen weten" in html
    assert "Deze verklaring is opgesteld op 3 december 2026." in html


def test_every_page_links_both_statements_in_its_footer(client, site):
    for url in (reverse("conference:home"), reverse("themes:list"), reverse("conference:privacy")):
        html = client.get(url).content.decode()
        footer = html.split('<footer class="portal-footer')[1]
        assert f'href="{reverse("conference:privacy")}">Privacyverklaring</a>' in footer
        assert f'href="{reverse("conference:accessibility")}">Toegankelijkheidsverklaring</a>' in footer
        assert f'href="{reverse("conference:my_data")}">Mijn gegevens</a>' in footer


def test_the_default_follows_the_organising_body(client, site):
    services.save_site_settings(name="Gemeente Mook")

    html = client.get(reverse("conference:privacy")).content.decode()

    assert "Gemeente Mook is verantwoordelijk" in html
    assert "Heumen" not in html.split("<main")[1].split("</main>")[0]


def test_a_coordinator_writes_an_own_text(coordinator_client, coordinator, site):
    url = reverse("conference:manage_statement_edit", args=["privacy"])
    form = coordinator_client.get(url)
    assert form.status_code == 200
    assert "Gemeente Heumen is verantwoordelijk" in form.context["form"]["body_nl"].value()
    english_default = form.context["form"]["body_en"].value()

    own = "## Onze afspraken\n\nBel ons gerust. <script>alert(1)</script> [klik](javascript:alert(1))"
    response = coordinator_client.post(url, {"body_nl": own, "body_en": english_default})

    assert response.status_code == 302
    [statement] = Statement.objects.all()  # English unchanged: still the default, no row
    assert (statement.kind, statement.language, statement.updated_by) == ("privacy", "nl", coordinator)
    html = coordinator_client.get(reverse("conference:privacy")).content.decode()
    assert "<h2>Onze afspraken</h2>" in html
    assert "<script>alert(1)" not in html and "javascript:" not in html
    assert "Wie is verantwoordelijk" not in html
    assert "Who is responsible" in coordinator_client.get("/en/privacy/").content.decode()


def test_an_empty_text_brings_the_default_back(coordinator_client, coordinator, site):
    services_text = {"nl": "Eigen tekst.", "en": "Own text."}
    from conference import privacy

    privacy.save_statement(kind=Statement.Kind.ACCESSIBILITY, texts=services_text, by=coordinator)
    assert Statement.objects.count() == 2

    url = reverse("conference:manage_statement_edit", args=["toegankelijkheid"])
    coordinator_client.post(url, {"body_nl": "", "body_en": "  "})

    assert Statement.objects.count() == 0
    assert "axe-core" in coordinator_client.get(reverse("conference:accessibility")).content.decode()


def test_preview_shows_the_text_and_saves_nothing(coordinator_client, site):
    url = reverse("conference:manage_statement_edit", args=["privacy"])

    response = coordinator_client.post(url, {"body_nl": "**Voorbeeldtekst**", "body_en": "", "preview": "1"})

    assert response.status_code == 200
    assert "<strong>Voorbeeldtekst</strong>" in response.content.decode()
    assert Statement.objects.count() == 0


def test_the_statements_overview_is_in_the_coordinator_menu(coordinator_client, site):
    html = coordinator_client.get(reverse("conference:manage_statements")).content.decode()

    assert "standaardtekst" in html
    assert reverse("conference:manage_statement_edit", args=["toegankelijkheid"]) in html
    assert coordinator_client.get(reverse("conference:manage_statement_edit", args=["iets-anders"])).status_code == 404


@pytest.mark.parametrize("name", ["manage_statements", "manage_statement_edit"])
def test_residents_cannot_change_a_statement(client, site, name):
    client.force_login(UserFactory())
    url = reverse(f"conference:{name}", args=["privacy"] if name.endswith("edit") else [])

    assert client.get(url).status_code == 403
    assert client.post(url, {"body_nl": "Gekaapt", "body_en": ""}).status_code == 403
    assert Statement.objects.count() == 0


@pytest.mark.parametrize("name", ["privacy", "accessibility"])
def test_statement_pages_stay_within_a_query_bound(client, site, django_assert_max_num_queries, name):
    client.force_login(UserFactory())
    client.get(reverse("conference:home"))  # the site settings are cached, as on a running portal

    # The statement, the session and user, the site settings and session from the (database) cache, permissions.
    with django_assert_max_num_queries(8):
        response = client.get(reverse(f"conference:{name}"))

    assert response.status_code == 200
