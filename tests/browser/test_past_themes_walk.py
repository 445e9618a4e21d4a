# ruff: noqa: RUF001 - Dutch text uses typographic quotes
"""A coordinator records, on the demo, the themes a past session chose at the table: no voting round needed."""

import pytest
from django.conf import settings
from django.core.management import call_command

from conference.models import Session
from tests.browser.conftest import login
from themes.models import Theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ED_2024 = "2024-maart-heumen-voor-iedereen"
ED_2021 = "2021-maart-afstemming-welzijn-wonen-zorg"


def _go(page, url):
    page.goto(url)
    page.wait_for_load_state()
    page.checks.assert_accessible()


def _click(page, role, name):
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state()
    page.checks.assert_accessible()


def test_coordinator_records_themes_chosen_at_a_past_session(page, phone_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    session = Session.objects.get(conference__slug=ED_2024, title="In gesprek over ons commitment")
    login(page, "coordinator@example.org", settings.PORTAL_DEMO_PASSWORD)

    # 1. From the coordinator's overview of a past edition to the page for themes chosen at the table.
    _go(page, f"/beheer/edities/{ED_2024}/")
    _click(page, "link", "Thema’s vastleggen die tijdens een sessie zijn gekozen")
    page.get_by_role("heading", level=1, name="Thema’s gekozen tijdens een sessie").wait_for()

    # 2. The session, two themes, one more block (a plain form post), a third theme; then record.
    page.get_by_label("Sessie").select_option(str(session.pk))
    page.locator("#id_rows-0-title").fill("Commitment zichtbaar maken")
    page.locator("#id_rows-0-description").fill("Elke partner zegt per editie wat hij bijdraagt, en we kijken terug.")
    page.locator("#id_rows-0-target_group").fill("partners van de Werkconferentie")
    page.locator("#id_rows-2-title").fill("Minder vaak dezelfde thema’s")
    _click(page, "button", "Blok toevoegen")
    assert page.locator(".theme-session-row").count() == 4
    assert page.locator("#id_rows-0-title").input_value() == "Commitment zichtbaar maken"
    page.locator("#id_rows-3-title").fill("Inwoners mee laten beslissen")
    _click(page, "button", "Gekozen thema’s vastleggen")
    page.get_by_text("3 thema’s zijn vastgelegd als gekozen tijdens de sessie.").wait_for()
    recorded = Theme.objects.filter(conference__slug=ED_2024).order_by("title")
    assert [(t.title, t.status, t.choice_method, t.chosen_in_id) for t in recorded] == [
        ("Commitment zichtbaar maken", "chosen", "session", session.pk),
        ("Inwoners mee laten beslissen", "chosen", "session", session.pk),
        ("Minder vaak dezelfde thema’s", "chosen", "session", session.pk),
    ]
    assert {t.chosen_at for t in recorded} == {session.starts_at}

    # 3. Everyone sees them on the edition page and on the theme page, with how they were chosen.
    _click(page, "link", "Bekijk de pagina van de editie")
    panel = page.locator(".theme-panel", has_text="Thema’s")
    panel.get_by_role("link", name="Commitment zichtbaar maken").wait_for()
    assert (
        panel.locator(".theme-choice").all_inner_texts()
        == ["(Gekozen tijdens de sessie “In gesprek over ons commitment”)"] * 3
    )
    _go(phone_page, recorded[0].get_absolute_url())
    facts = phone_page.locator(".theme-choice").inner_text()
    assert facts == "Gekozen tijdens de sessie “In gesprek over ons commitment”, 21 maart 2024"
    phone_page.get_by_text(
        "Genoemd en gekozen op Werkconferentie 21 maart 2024, op 21 maart 2024, zonder stemronde."
    ).wait_for()

    # 4. A theme proposed for an earlier edition is marked as chosen during one of its sessions.
    earlier = Theme.objects.get(conference__slug=ED_2021, title="Mantelzorgers ontlasten")
    plenary = Session.objects.get(conference__slug=ED_2021, title="Terugblik en vooruitblik: doen we de goede dingen?")
    _go(page, earlier.get_absolute_url())
    _click(page, "link", "Markeer als gekozen tijdens een sessie")
    page.locator("#id_session-session").select_option(str(plenary.pk))
    _click(page, "button", "Markeer als gekozen tijdens de sessie")
    page.get_by_text("Het thema staat nu als gekozen tijdens de sessie.").wait_for()
    assert page.locator("dd.theme-choice").inner_text().startswith(f"Gekozen tijdens de sessie “{plenary.title}”")
    earlier.refresh_from_db()
    assert (earlier.status, earlier.choice_method, earlier.chosen_in) == ("chosen", "session", plenary)

    # 5. The moderation area leads to the same page; it lists what was recorded.
    _go(page, "/themas/beheer/")
    _click(page, "link", "Thema’s gekozen tijdens een sessie")
    page.get_by_label("Editie").select_option(ED_2024)
    _click(page, "button", "Kies deze editie")
    assert page.locator(".theme-recorded li").count() == 3
