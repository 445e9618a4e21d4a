"""Search as a visitor meets it: the box in the header, a filter by kind, a hit opened; also on a 360 px phone."""

import io
import re

import pytest
from django.core.management import call_command

from workgroups.models import Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_searches_from_the_header_filters_by_kind_and_opens_a_hit(page, new_page):
    call_command("load_demo", stdout=io.StringIO())
    workgroup = Workgroup.objects.get(slug="eenzaamheid")

    page.goto("/")
    page.checks.assert_accessible()
    page.get_by_label("Zoek op de hele site").fill("eenzaam")
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/zoeken/?q=eenzaam")
    assert page.get_by_role("heading", level=1).inner_text() == "Zoeken"
    assert page.locator(".portal-search-hit mark").count() >= 1
    page.checks.assert_accessible()

    page.get_by_role("navigation", name="Filter op soort").get_by_role("link", name=re.compile(r"^Werkgroepen")).click()
    page.wait_for_load_state()
    assert "kind=workgroup" in page.url
    badges = page.locator(".portal-search-kind").all_inner_texts()
    assert badges and set(badges) == {"Werkgroep"}
    page.checks.assert_accessible()

    page.get_by_role("link", name=workgroup.name, exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith(workgroup.get_absolute_url())
    page.checks.assert_accessible()

    phone = new_page(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone.goto("/")
    phone.checks.assert_accessible()
    phone.get_by_label("Zoek op de hele site").fill("dementie")
    phone.get_by_label("Zoek op de hele site").press("Enter")
    phone.wait_for_load_state()
    assert phone.locator(".portal-search-hit").count() >= 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.checks.assert_accessible()
    phone.goto("/zoeken/?q=zwembadkaart")
    assert phone.get_by_text("Niets gevonden voor “zwembadkaart”").count() == 1
    phone.checks.assert_accessible()
    phone.goto("/en/zoeken/?q=eenzaam&kind=theme")
    assert phone.get_by_role("heading", level=1).inner_text() == "Search"
    phone.checks.assert_accessible()
