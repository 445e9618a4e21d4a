"""The demo data as a newcomer meets it: seed themes, recurring themes, results, and an open round to vote in."""

import pytest
from django.conf import settings
from django.core.management import call_command

from conference.demo import upcoming_edition
from tests.browser.conftest import login
from themes.models import Theme, Vote, VotingRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_newcomer_browses_the_seed_themes_and_votes(page, phone_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    mental = Theme.objects.get(title="Mentale weerbaarheid jongeren (12-23 jaar)")
    closed = VotingRound.objects.get(conference__slug="2023-oktober-heumen-voor-iedereen")
    open_round = VotingRound.objects.get(conference=upcoming_edition())

    page.goto("/themas/")
    page.checks.assert_accessible()
    page.locator("#id_q").fill("weerbaarheid")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    page.get_by_role("link", name=mental.title).first.click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert page.get_by_role("link", name="Mentale weerbaarheid jongeren (12-23 jaar)").count() >= 1  # its table talk

    page.goto("/themas/terugkerend/")
    page.checks.assert_accessible()
    page.goto(f"/themas/stemrondes/{closed.pk}/uitslag/")
    page.checks.assert_accessible()
    page.goto("/")
    page.checks.assert_accessible()
    page.get_by_role("link", name="Stem nu").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()

    login(page, "inwoner@example.org", settings.PORTAL_DEMO_PASSWORD)
    page.goto(open_round.get_absolute_url())
    before = Vote.objects.filter(ballot__round=open_round).count()
    page.get_by_role("button", name="Stem op Ontmoeting tegen eenzaamheid in de kernen").click()
    page.get_by_text("U heeft nog 2 stemmen").wait_for()
    page.checks.assert_accessible()
    assert Vote.objects.filter(ballot__round=open_round).count() == before + 1
    page.goto("/mijn/")
    page.checks.assert_accessible()

    phone_page.goto(f"/themas/stemrondes/{closed.pk}/uitslag/")
    phone_page.checks.assert_accessible()
    phone_page.goto(mental.get_absolute_url())
    phone_page.checks.assert_accessible()
