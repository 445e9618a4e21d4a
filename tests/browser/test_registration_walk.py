# ruff: noqa: RUF001 - Dutch text quotes titles with typographic single quotes
"""Registering on the demo as newcomers do: one session per time slot (a second one is refused,
naming both), a full session and a full edition put people on the waiting list with their place,
and the coordinator's side (choice sessions need registration, counts, removing a session).
axe checks every page."""

import pytest
from django.conf import settings
from django.core.management import call_command

from conference.demo import upcoming_edition
from conference.models import Registration, Session, SessionChoice
from tests.browser.conftest import login
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HUISKAMER = "Keuzesessie: Een huiskamer van inwoners voor inwoners"
JONGEREN = "Keuzesessie: Mentale weerbaarheid van jongeren"
GESPREK = "Keuzesessie: Samen in gesprek"


def _visit(page, url):
    page.goto(url)
    page.checks.assert_accessible()


def _register(page, slug, *labels):
    _visit(page, f"/edities/{slug}/")
    page.get_by_role("link", name="Aanmelden", exact=True).first.click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    for label in labels:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_load_state()
    page.checks.assert_accessible()


def test_registering_on_the_demo_one_session_per_slot_and_the_waiting_list(page, new_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    edition = upcoming_edition()
    slug = edition.slug
    # Arranged for the walk: the afternoon session has one seat, the edition two more places.
    Session.objects.filter(conference=edition, title=GESPREK).update(capacity=1)
    taken = edition.registrations.filter(status=Registration.Status.CONFIRMED).count()
    type(edition).objects.filter(pk=edition.pk).update(capacity=taken + 2)
    anna, bram, cor = (UserFactory(display_name=name) for name in ("Anna Aalders", "Bram Bos", "Cor de Wit"))

    # Anna registers with a morning session and the last seat of the afternoon session.
    login(page, anna.email, PASSWORD)
    _register(page, slug, f"{HUISKAMER} (Raadzaal)", f"{GESPREK} (Kamer 2)")
    assert page.get_by_text("U bent aangemeld. We hebben u een e-mail gestuurd.").is_visible()
    mine = Registration.objects.get(user=anna).choices.order_by("session__starts_at")
    assert [(c.session.title, c.status) for c in mine] == [(HUISKAMER, "confirmed"), (GESPREK, "confirmed")]

    # She tries a second session in the morning slot: refused, naming both, with a choice to replace.
    jongeren = Session.objects.get(conference=edition, title=JONGEREN)
    _visit(page, jongeren.get_absolute_url())
    assert page.get_by_text(f"In dit tijdvak hebt u gekozen voor ‘{HUISKAMER}’.").is_visible()
    page.get_by_role("button", name="Kies deze sessie").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    refusal = (
        f"U hebt al gekozen voor ‘{HUISKAMER}’ in dit tijdvak; ‘{JONGEREN}’ is tegelijk. Kies één sessie per tijdvak."
    )
    assert page.get_by_role("alert").inner_text().strip() == refusal
    assert page.get_by_role("heading", name=f"‘{HUISKAMER}’ vervangen door ‘{JONGEREN}’?").is_visible()
    page.get_by_role("link", name=f"Nee, ‘{HUISKAMER}’ houden").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert set(Registration.objects.get(user=anna).choices.values_list("session__title", flat=True)) == {
        HUISKAMER,
        GESPREK,
    }

    # Bram wants the afternoon session too: it is full, so he is on its waiting list, place 1.
    bram_page = new_page()
    login(bram_page, bram.email, PASSWORD)
    _register(bram_page, slug, f"{GESPREK} (Kamer 2) - vol, wachtlijst")
    assert bram_page.get_by_text(
        f"‘{GESPREK}’ is vol. U staat op de wachtlijst voor deze sessie, plaats 1."
    ).is_visible()
    assert bram_page.get_by_text(f"{GESPREK} (wachtlijst, plaats 1)").is_visible()
    _visit(bram_page, Session.objects.get(conference=edition, title=GESPREK).get_absolute_url())
    assert bram_page.get_by_text("U staat op de wachtlijst voor deze sessie, plaats 1.").is_visible()

    # Cor comes when the edition is full: he is on its waiting list, place 1, and told so everywhere.
    cor_page = new_page()
    login(cor_page, cor.email, PASSWORD)
    _register(cor_page, slug)
    assert cor_page.get_by_text(
        "Deze editie is vol. U staat op de wachtlijst, plaats 1. We hebben u een e-mail gestuurd."
    ).is_visible()
    assert cor_page.get_by_text("U staat op de wachtlijst, plaats 1.", exact=True).is_visible()  # my page
    _visit(cor_page, f"/edities/{slug}/")
    assert cor_page.get_by_text("U staat op de wachtlijst, plaats 1.").is_visible()
    assert Registration.objects.get(user=cor).status == Registration.Status.WAITLISTED

    # The coordinator: a new choice session gets "registration needed" by itself; the counts agree;
    # removing a session asks first and says who chose it.
    coordinator = new_page()
    login(coordinator, "coordinator@example.org", settings.PORTAL_DEMO_PASSWORD)
    _visit(coordinator, f"/beheer/edities/{slug}/programma/nieuw/")
    box = coordinator.locator("#id_needs_registration")
    assert not box.is_checked()
    coordinator.locator("#id_kind").select_option("choice")
    assert box.is_checked()
    coordinator.locator("#id_kind").select_option("plenary")
    assert not box.is_checked()
    _visit(coordinator, f"/beheer/edities/{slug}/aanmeldingen/")
    assert coordinator.get_by_text("1 persoon staat op de wachtlijst voor de editie.").is_visible()
    assert coordinator.get_by_text("1 keuze wacht op een plaats in een volle sessie (zie de tabel).").is_visible()
    gesprek = Session.objects.get(conference=edition, title=GESPREK)
    _visit(coordinator, f"/beheer/edities/{slug}/programma/{gesprek.pk}/verwijderen/")
    assert coordinator.get_by_text("2 personen kozen deze sessie.").is_visible()
    coordinator.get_by_role("button", name="Ja, de sessie verwijderen").click()
    coordinator.wait_for_load_state()
    coordinator.checks.assert_accessible()
    assert coordinator.get_by_text(
        "De sessie is verwijderd. 2 personen die haar kozen krijgen een e-mail."
    ).is_visible()
    assert not SessionChoice.objects.filter(session__title=GESPREK, session__conference=edition).exists()
