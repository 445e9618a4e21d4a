"""Two-step login in the browser: a coordinator logs in with a code, a new coordinator sets up the app,
a coordinator cannot switch it off but can move it to a new phone, and a blocked login gets the portal's
page. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from conference.second_factor import current_code, totp_secret
from tests.browser.conftest import login
from tests.factories import PASSWORD, CoordinatorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_step(page, email, password=PASSWORD):
    page.goto("/account/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _scan_and_type_the_code(page, heading, button):
    """The set-up page of an app (new or on a new phone): QR code, axe, then the code from the key shown; the key."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("img", name="QR-code voor uw app voor inlogcodes")).to_be_visible()
    page.checks.assert_accessible()
    key = page.locator("#authenticator-key").inner_text().strip()
    page.get_by_label("Code uit de app").fill(current_code(key))
    page.get_by_role("button", name=button).click()
    return key


def test_a_coordinator_logs_in_with_a_code_from_the_app(page):
    coordinator = CoordinatorFactory(display_name="Marieke Tweestaps")

    _password_step(page, coordinator.email)
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen: tweede stap")
    page.checks.assert_accessible()
    page.get_by_label("Code uit de app").fill(current_code(totp_secret(coordinator)))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()

    page.goto("/beheer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("De werkconferentie beheren")
    page.checks.assert_accessible()


def test_a_new_coordinator_sets_up_the_app_before_the_coordinator_pages_open(page):
    coordinator = CoordinatorFactory(second_factor=False)
    login(page, coordinator.email, PASSWORD)

    page.get_by_role("link", name="Beheer").click()
    page.wait_for_load_state()
    # allauth asks for the password again before anyone changes how they log in; the notice says why.
    expect(page.get_by_text("U bent coördinator. Coördinatoren loggen in met twee stappen").first).to_be_visible()
    page.checks.assert_accessible()
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()

    key = _scan_and_type_the_code(page, "Inloggen in twee stappen aanzetten", "Inloggen in twee stappen aanzetten")
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Herstelcodes")
    expect(
        page.get_by_role("list", name="Uw herstelcodes die u nog kunt gebruiken").get_by_role("listitem")
    ).to_have_count(10)
    page.checks.assert_accessible()
    assert totp_secret(coordinator) == key
    page.get_by_role("link", name="Naar de pagina's voor coördinatoren").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("De werkconferentie beheren")


def test_a_coordinator_cannot_switch_two_step_login_off(page):
    coordinator = CoordinatorFactory()
    login(page, coordinator.email, PASSWORD)

    page.goto("/mijn/")
    page.get_by_role("link", name="Inloggen in twee stappen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Als coördinator kunt u dit niet uitzetten.")).to_be_visible()
    expect(page.get_by_role("link", name="Uitzetten")).to_have_count(0)
    page.checks.assert_accessible()

    page.goto("/account/2fa/totp/deactivate/")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("U bent coördinator.")
    expect(page.get_by_role("button", name="Ja, zet het uit")).to_have_count(0)
    page.checks.assert_accessible()

    page.goto("/account/2fa/recovery-codes/generate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe herstelcodes maken")
    page.checks.assert_accessible()


def test_a_coordinator_moves_the_app_to_a_new_phone(page):
    coordinator = CoordinatorFactory()
    login(page, coordinator.email, PASSWORD)

    page.goto("/account/2fa/")
    page.get_by_role("link", name="Nieuwe telefoon? Zet de app over").click()
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Bevestigen").click()
    key = _scan_and_type_the_code(page, "De app op een nieuwe telefoon zetten", "Nieuwe telefoon gebruiken")

    expect(page.get_by_text("Uw nieuwe telefoon is klaar.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen in twee stappen")
    page.checks.assert_accessible()
    assert totp_secret(coordinator) == key


def test_a_blocked_login_gets_the_portal_page(page):
    person = UserFactory()
    for _attempt in range(5):
        _password_step(page, person.email, "fout-wachtwoord")

    response = page.goto("/account/login/")
    page.locator("#id_login").fill(person.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_response(re.compile(r"/account/login/$")) as answer:
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert response.status == 200
    assert answer.value.status == 429
    expect(page.get_by_role("heading", level=1)).to_have_text("Te veel inlogpogingen")
    expect(page.get_by_role("link", name="Vraag een nieuw wachtwoord aan")).to_be_visible()
    page.checks.assert_accessible()
