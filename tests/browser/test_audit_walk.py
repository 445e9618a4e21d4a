"""A coordinator moves a session to another room, then finds that change on *Wijzigingen*, filtered by kind.

axe checks every page on the way; the changes page also at 360 px, where its table scrolls inside
its own region and the page itself never sideways.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.conference.factories import SessionFactory
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory
from tests.themes.factories import ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session():
    start = (timezone.localtime() + timedelta(days=40)).replace(hour=13, minute=0, second=0, microsecond=0)
    edition = EditionFactory(
        title="Buurtconferentie", slug="buurt", starts_at=start, ends_at=start + timedelta(hours=4)
    )
    ThemeFactory(conference=edition, title="Bankjes in het park")  # another kind of change, filtered out below
    return SessionFactory(conference=edition, title="Verkenning wonen", room="Zaal 1", starts_at=start)


def test_coordinator_finds_the_session_change_among_the_changes(page, narrow_page, session):
    coordinator = CoordinatorFactory(display_name="Marieke Voorbeeld")
    login(page, coordinator.email, PASSWORD)
    page.goto("/beheer/edities/buurt/")
    page.get_by_role("link", name="Verkenning wonen").click()
    page.wait_for_load_state()
    page.locator("#id_room").fill("De Schakel")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/beheer/edities/buurt/")

    page.get_by_role("link", name="Wijzigingen").click()
    page.wait_for_url("**/beheer/wijzigingen/")
    page.checks.assert_accessible()
    page.get_by_label("Soort").select_option(label="Sessie")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**/beheer/wijzigingen/?*")

    table = page.get_by_role("region", name="Wijzigingen")
    changed = table.locator("tbody tr").filter(has_text="Gewijzigd")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("Marieke Voorbeeld")
    expect(changed).to_contain_text("Zaal: Zaal 1 → De Schakel")
    expect(table).not_to_contain_text("Bankjes in het park")
    page.checks.assert_accessible()

    login(narrow_page, coordinator.email, PASSWORD)
    narrow_page.goto("/beheer/wijzigingen/?kind=session")
    expect(narrow_page.get_by_role("region", name="Wijzigingen")).to_contain_text("De Schakel")
    narrow_page.checks.assert_accessible()
    changed.get_by_role("link", name="Verkenning wonen").click()
    page.wait_for_url(f"**{session.get_absolute_url()}")
