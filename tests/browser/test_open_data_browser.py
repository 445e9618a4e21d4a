"""A partner's developer finds the open data and the API from the footer; both pages pass axe under the strict CSP."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_the_downloads_and_the_api_description_from_the_footer(page):
    call_command("load_demo", stdout=io.StringIO())

    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Open data").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Open data"
    expect(page.get_by_role("link", name="CC0 1.0: geen rechten voorbehouden", exact=False)).to_be_visible()
    page.checks.assert_accessible()

    page.get_by_label("Gegevens van").select_option(label="Werkconferentie 26 oktober 2023")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state()
    assert "editie=2023-oktober-heumen-voor-iedereen" in page.url
    csv_link = page.get_by_role("link", name=re.compile(r"^CSV: Thema.s$"))
    assert csv_link.get_attribute("href") == "/open-data/themas.csv?editie=2023-oktober-heumen-voor-iedereen"
    page.checks.assert_accessible()

    page.get_by_role("contentinfo").get_by_role("link", name="API voor websites en apps").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "API voor websites en apps"
    operations = page.locator("#swagger-ui .opblock-summary")
    expect(operations.first).to_be_visible()  # Swagger UI read openapi.json and drew the operations
    expect(operations).to_have_count(18)
    expect(page.get_by_text("Gepubliceerde thema's (ook gekozen", exact=False)).to_have_count(0)  # still folded
    page.checks.assert_accessible()

    page.locator("#swagger-ui .opblock-summary-control").nth(9).click()  # GET /api/v1/themes
    expect(page.get_by_text("Alleen thema's met deze status.").first).to_be_visible()
    page.checks.assert_accessible()


def test_the_api_description_page_fits_a_phone_in_english(narrow_page):
    narrow_page.goto("/en/open-data/api/")
    expect(narrow_page.locator("#swagger-ui .opblock-summary").first).to_be_visible()
    expect(narrow_page.get_by_text("Only themes with this status.")).to_have_count(0)
    narrow_page.locator("#swagger-ui .opblock-summary-control").nth(9).click()
    expect(narrow_page.get_by_text("Only themes with this status.").first).to_be_visible()
    narrow_page.checks.assert_accessible()
