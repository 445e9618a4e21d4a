import re

import pytest
from django.core import mail

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_verify_log_in_and_out(page, live_server):
    page.goto("/")
    page.checks.assert_accessible()

    page.checks.follow(page.get_by_role("link", name="Registreren").first)
    page.checks.assert_accessible()
    page.get_by_label("E-mailadres").fill("sanne@example.org")
    page.get_by_label("Uw naam").fill("Sanne Testpersoon")
    page.get_by_label("Wachtwoord", exact=False).first.fill("Een-lange-zin-voor-Sanne-9")
    page.get_by_label("Wachtwoord (bevestigen)").fill("Een-lange-zin-voor-Sanne-9")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])
    page.checks.assert_accessible()
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_load_state()

    login(page, "sanne@example.org", "Een-lange-zin-voor-Sanne-9")
    page.checks.assert_accessible()
    assert page.get_by_role("button", name="Uitloggen").is_visible()
    assert page.get_by_text("Sanne Testpersoon").first.is_visible()

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Inloggen").first.is_visible()


def test_login_page_is_accessible(page):
    page.goto("/account/login/")

    page.checks.assert_accessible()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_home_usable_at_360_pixels(new_page):
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto("/")

    page.checks.assert_accessible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
