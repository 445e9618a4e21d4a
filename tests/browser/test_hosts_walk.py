"""A coordinator adds a choice session with three hosts, one of them only an organisation, using
"add a host" without a page reload; the public programme shows them as they are. axe checks every
page, the session form also at 360 px and without JavaScript."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conference.models import Session
from tests.browser.conftest import login
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def edition():
    start = (timezone.localtime() + timedelta(days=40)).replace(hour=13, minute=0, second=0, microsecond=0)
    for name, slug in [("Werkplaats Sociaal Domein", "werkplaats"), ("Bibliotheek Gent", "bibliotheek-gent"),
                       ("Bindkracht 10", "bindkracht-10")]:  # fmt: skip
        OrganisationFactory(name=name, slug=slug)
    return EditionFactory(title="Buurtconferentie", slug="buurt", starts_at=start, ends_at=start + timedelta(hours=4))


def _fill_row(page, index, *, name="", organisation="", role="host"):
    if name:
        page.locator(f"#id_hosts-{index}-name").fill(name)
    if organisation:
        page.locator(f"#id_hosts-{index}-organisation").select_option(label=organisation)
    page.locator(f"#id_hosts-{index}-role").select_option(role)


def test_coordinator_adds_a_session_with_three_hosts(page, edition):
    coordinator = CoordinatorFactory()
    login(page, coordinator.email, PASSWORD)
    page.goto("/beheer/edities/buurt/")
    page.checks.assert_accessible()
    page.get_by_role("link", name="Sessie toevoegen").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()

    page.locator("#id_kind").select_option("choice")
    page.locator("#id_title").fill("Keuzesessie: samen in de wijk")
    page.locator("#id_starts_at").fill(_local(edition.starts_at))
    page.locator("#id_ends_at").fill(_local(edition.starts_at + timedelta(hours=1)))
    page.locator("#id_room").fill("Zaal 2")
    _fill_row(page, 0, name="Lotte Verbeek", organisation="Werkplaats Sociaal Domein")

    page.evaluate("window.noReload = true")
    add = page.get_by_role("button", name="Nog een gespreksleider toevoegen")
    add.click()
    assert page.evaluate("document.activeElement.id") == "id_hosts-1-name"
    expect(page.locator("[data-formset-status]")).to_have_text("Gespreksleider 2 toegevoegd.")
    _fill_row(page, 1, organisation="Bibliotheek Gent")
    add.click()
    assert page.evaluate("document.activeElement.id") == "id_hosts-2-name"
    _fill_row(page, 2, name="Tom Veenstra", organisation="Bindkracht 10")
    assert page.evaluate("window.noReload") is True  # the same page: nothing was sent yet
    assert page.locator("#id_hosts-TOTAL_FORMS").input_value() == "3"
    assert page.get_by_role("group", name="Gespreksleider 3").is_visible()
    page.checks.assert_accessible()

    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/beheer/edities/buurt/")
    page.checks.assert_accessible()
    session = Session.objects.get(title="Keuzesessie: samen in de wijk")
    assert [h.label for h in session.hosts.all()] == [
        "Lotte Verbeek (Werkplaats Sociaal Domein)",
        "Bibliotheek Gent",
        "Tom Veenstra (Bindkracht 10)",
    ]

    page.goto("/edities/buurt/")
    page.checks.assert_accessible()
    hosts = page.locator("article.portal-session", has_text="Keuzesessie: samen in de wijk").locator("li")
    assert hosts.all_inner_texts() == [
        "Gespreksleider: Lotte Verbeek (Werkplaats Sociaal Domein)",
        "Gespreksleider: Bibliotheek Gent",
        "Gespreksleider: Tom Veenstra (Bindkracht 10)",
    ]
    page.get_by_role("link", name="Keuzesessie: samen in de wijk").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert page.get_by_role("link", name="Bibliotheek Gent").is_visible()


def test_session_form_on_a_phone_and_without_javascript(new_page, edition):
    coordinator = CoordinatorFactory()
    phone = new_page(viewport={"width": 360, "height": 800}, is_mobile=True)
    login(phone, coordinator.email, PASSWORD)
    phone.goto("/beheer/edities/buurt/programma/nieuw/")
    phone.checks.assert_accessible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # Enter in a field saves the form; it does not add a row.
    phone.locator("#id_title").fill("Plenaire opening")
    phone.locator("#id_hosts-0-name").fill("Lotte Verbeek")
    phone.locator("#id_room").press("Enter")
    phone.wait_for_url("**/beheer/edities/buurt/")
    assert list(Session.objects.values_list("title", flat=True)) == ["Plenaire opening"]

    # The server's answer to "add a host" (what a browser without JavaScript gets), checked by axe:
    # the form is sent as that button would send it without the script (which makes it a plain button).
    phone.goto("/beheer/edities/buurt/programma/nieuw/")
    phone.locator("#id_title").fill("Keuzesessie op de telefoon")
    phone.locator("#id_hosts-0-organisation").select_option(label="Bindkracht 10")
    with phone.expect_navigation():
        phone.evaluate(
            "(f => { const i = document.createElement('input'); i.type = 'hidden'; i.name = 'add_host';"
            " i.value = '1'; f.append(i); f.requestSubmit(); })(document.querySelector('[data-formset-add]').form)"
        )
    assert (phone.locator("#id_title").input_value(), phone.locator("#id_hosts-TOTAL_FORMS").input_value()) == (
        "Keuzesessie op de telefoon",
        "2",
    )
    assert phone.evaluate("document.activeElement.id") == "id_hosts-1-name"
    phone.checks.assert_accessible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    offline = new_page(java_script_enabled=False, viewport={"width": 360, "height": 800})
    login(offline, coordinator.email, PASSWORD)
    offline.goto("/beheer/edities/buurt/programma/nieuw/")
    offline.locator("#id_title").fill("Keuzesessie zonder script")
    offline.locator("#id_hosts-0-name").fill("Tom Veenstra")
    offline.get_by_role("button", name="Nog een gespreksleider toevoegen").click()
    offline.wait_for_load_state()
    assert offline.locator("#id_title").input_value() == "Keuzesessie zonder script"
    assert offline.locator("#id_hosts-0-name").input_value() == "Tom Veenstra"
    assert offline.locator("#id_hosts-TOTAL_FORMS").input_value() == "2"
    assert offline.locator(".invalid-feedback").count() == 0
    offline.locator("#id_hosts-1-organisation").select_option(label="Bibliotheek Gent")
    offline.get_by_role("button", name="Opslaan").click()
    offline.wait_for_url("**/beheer/edities/buurt/")
    session = Session.objects.get(title="Keuzesessie zonder script")
    assert [h.label for h in session.hosts.all()] == ["Tom Veenstra", "Bibliotheek Gent"]
