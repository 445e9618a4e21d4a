"""A resident downloads their data and deletes their account; visitors read the statements; a coordinator edits one."""

import json

import pytest
from playwright.sync_api import expect

from conference import services
from conference.models import User
from tests.browser.conftest import login
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, UserFactory
from tests.themes.factories import ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_my_data_and_delete_my_account(page):
    sanne = UserFactory(email="sanne@example.org", display_name="Sanne Jansen")
    ThemeFactory(submitted_by=sanne, title="Een bankje bij de bushalte")
    services.register(conference=EditionFactory(title="Werkconferentie in het voorjaar"), user=sanne)
    login(page, "sanne@example.org", PASSWORD)

    page.goto("/")
    page.checks.assert_accessible()
    page.locator("footer").get_by_role("link", name="Mijn gegevens").click()  # one click from the home page
    expect(page.get_by_role("heading", level=1, name="Mijn gegevens")).to_be_visible()
    page.checks.assert_accessible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Mijn gegevens downloaden").click()
    download = download_info.value
    assert download.suggested_filename.startswith("mijn-gegevens-")
    with open(download.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["account"]["email"] == "sanne@example.org"
    assert [theme["title"] for theme in data["themes"]] == ["Een bankje bij de bushalte"]
    assert [r["edition"] for r in data["registrations"]] == ["Werkconferentie in het voorjaar"]

    page.get_by_label("Uw wachtwoord").fill("niet-mijn-wachtwoord")
    page.get_by_role("button", name="Mijn account verwijderen").click()
    expect(page.get_by_text("Dat wachtwoord klopt niet. Uw account is niet verwijderd.")).to_be_visible()
    page.checks.assert_accessible()
    assert User.objects.filter(email="sanne@example.org").exists()

    page.get_by_label("Uw wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Mijn account verwijderen").click()
    expect(page.get_by_role("heading", level=1, name="Uw account is verwijderd")).to_be_visible()
    page.checks.assert_accessible()
    expect(page.get_by_role("link", name="Inloggen").first).to_be_visible()
    assert not User.objects.filter(email="sanne@example.org").exists()


def test_statements_from_the_footer_and_a_coordinator_edits_one(page, new_page):
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Privacyverklaring").click()
    expect(page.get_by_role("heading", level=1, name="Privacyverklaring")).to_be_visible()
    page.checks.assert_accessible()
    page.locator("footer").get_by_role("link", name="Toegankelijkheidsverklaring").click()
    expect(page.get_by_role("heading", level=2, name="Bekende beperkingen")).to_be_visible()
    page.checks.assert_accessible()

    coordinator = CoordinatorFactory()
    person = UserFactory(display_name="Piet Pieters")
    manager = new_page()
    login(manager, coordinator.email, PASSWORD)
    manager.goto(f"/beheer/gebruikers/{person.pk}/gegevens/")
    expect(manager.get_by_role("heading", level=1, name="Gegevens van Piet Pieters")).to_be_visible()
    manager.checks.assert_accessible()
    manager.goto("/beheer/verklaringen/")
    manager.checks.assert_accessible()
    manager.checks.follow(manager.get_by_role("link", name="Toegankelijkheidsverklaring aanpassen"))
    manager.checks.assert_accessible()
    manager.get_by_label("Tekst in het Nederlands").fill("## Onze aanpak\n\nWe testen elke pagina.")
    manager.get_by_role("button", name="Voorbeeld").click()
    expect(manager.get_by_role("heading", level=2, name="Onze aanpak")).to_be_visible()
    manager.checks.assert_accessible()
    manager.get_by_role("button", name="Opslaan").click()
    expect(manager.get_by_text("De verklaring is opgeslagen.")).to_be_visible()

    page.goto("/toegankelijkheid/")
    expect(page.get_by_role("heading", level=2, name="Onze aanpak")).to_be_visible()
