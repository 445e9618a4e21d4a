"""Wide tables on a 360 px phone: each one scrolls sideways by keyboard, and axe finds nothing."""

import pytest
from django.conf import settings
from django.core.management import call_command

from conference.models import Edition, Registration
from tests.browser.conftest import login
from themes.models import VotingRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def narrow_page(new_page):
    return new_page(viewport={"width": 360, "height": 740}, is_mobile=True)


def test_coordinator_tables_scroll_by_keyboard_at_360_px(narrow_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = narrow_page
    coming = Edition.objects.filter(registrations__isnull=False).order_by("-starts_at").first()
    round_ = VotingRound.objects.filter(results_published=True).first()
    assert Registration.objects.filter(conference=coming).exists()
    login(page, "coordinator@example.org", settings.PORTAL_DEMO_PASSWORD)

    for path in [
        "/beheer/",
        f"/beheer/edities/{coming.slug}/aanmeldingen/",
        "/beheer/organisaties/",
        "/themas/beheer/",
        f"/themas/stemrondes/{round_.pk}/uitslag/",
        "/beheer/edities/2021-maart-afstemming-welzijn-wonen-zorg/evaluatie/",
    ]:
        page.goto(path)
        regions = page.locator("div[role=region][tabindex='0'] > table")
        assert regions.count() == page.locator("table").count(), path
        page.checks.assert_accessible()

    # A keyboard user reaches the participants table and scrolls it sideways.
    page.goto(f"/beheer/edities/{coming.slug}/aanmeldingen/")
    region = page.get_by_role("region", name="Deelnemers")
    region.focus()
    page.keyboard.press("ArrowRight")
    assert region.evaluate("el => el === document.activeElement")
