"""The conference journey: a coordinator prepares an edition, a resident registers, a host records
outcomes on a phone, the coordinator publishes them and a recap. axe checks every page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conference.models import Edition, Outcome, Recap, Registration
from tests.browser.conftest import login
from tests.conference.factories import TableTalkFactory
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, PartnerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def _add_session(page, slug, title, room, start, end):
    page.goto(f"/beheer/edities/{slug}/programma/nieuw/")
    page.checks.assert_accessible()
    page.locator("#id_kind").select_option("choice")
    page.locator("#id_title").fill(title)
    page.locator("#id_starts_at").fill(_local(start))
    page.locator("#id_ends_at").fill(_local(end))
    page.locator("#id_room").fill(room)
    page.locator("#id_capacity").fill("20")
    page.locator("#id_needs_registration").check()
    page.locator("#id_hosts-0-name").fill(f"Spreker {room}")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()


def test_edition_registration_outcomes_and_recap(page, phone_page, new_page):
    coordinator = CoordinatorFactory(email="regie@example.org")
    host = PartnerFactory(email="gastheer@example.org", display_name="Harm Gastheer")
    resident = UserFactory(email="inwoner@example.org", display_name="Ineke Inwoner")
    start = (timezone.localtime() + timedelta(days=40)).replace(hour=13, minute=0, second=0, microsecond=0)

    # The coordinator creates an edition with two parallel choice sessions and publishes it.
    login(page, coordinator.email, PASSWORD)
    page.goto("/beheer/")
    page.checks.assert_accessible()
    page.checks.follow(page.get_by_role("link", name="Nieuwe editie").first)
    page.checks.assert_accessible()
    page.locator("#id_title").fill("Werkconferentie voorjaar")
    page.locator("#id_slug").fill("voorjaar")
    page.locator("#id_motto").fill("Heumen voor iedereen")
    page.locator("#id_starts_at").fill(_local(start))
    page.locator("#id_ends_at").fill(_local(start + timedelta(hours=4)))
    page.locator("#id_mode").select_option("on_site")
    page.locator("#id_venue").fill("Gemeentehuis")
    page.locator("#id_capacity").fill("60")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    _add_session(page, "voorjaar", "Keuzesessie wonen", "Zaal 1", start, start + timedelta(hours=1))
    _add_session(page, "voorjaar", "Keuzesessie jongeren", "Zaal 2", start, start + timedelta(hours=1))
    page.checks.assert_accessible()
    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert Edition.objects.get(slug="voorjaar").is_published

    # A resident registers and picks one of the two parallel sessions.
    visitor = new_page()
    login(visitor, resident.email, PASSWORD)
    visitor.goto("/edities/voorjaar/")
    visitor.checks.assert_accessible()
    visitor.checks.follow(visitor.get_by_role("link", name="Aanmelden").first)
    visitor.checks.assert_accessible()
    visitor.get_by_label("Keuzesessie jongeren (Zaal 2)").check()
    visitor.get_by_role("button", name="Aanmelden").click()
    visitor.wait_for_load_state()
    visitor.checks.assert_accessible()
    registration = Registration.objects.get(user=resident)
    assert [c.session.title for c in registration.choices.all()] == ["Keuzesessie jongeren"]
    visitor.goto("/edities/voorjaar/")
    visitor.get_by_role("link", name="Keuzesessie jongeren").click()
    visitor.wait_for_load_state()
    visitor.checks.assert_accessible()
    assert visitor.get_by_text("U hebt een plaats in deze sessie.").is_visible()

    # The host records three outcomes on a phone.
    table = TableTalkFactory(conference=Edition.objects.get(slug="voorjaar"), title="Samen in gesprek", host=host)
    login(phone_page, host.email, PASSWORD)
    phone_page.goto(table.get_absolute_url())
    phone_page.checks.assert_accessible()
    texts = ["Begroet mensen in uw straat", "Gebruik welzijnskaarten", "Wie organiseert samen eten?"]
    kinds = ["Idee", "Actie", "Vraag"]
    for number, (text, kind) in enumerate(zip(texts, kinds, strict=True), start=1):
        phone_page.locator("#id_text").fill(text)
        phone_page.get_by_label(kind, exact=True).check()
        phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
        phone_page.locator("#outcome-list li").nth(number - 1).wait_for()
    phone_page.checks.assert_accessible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert list(table.outcomes.values_list("text", flat=True)) == texts

    # The coordinator publishes the outcomes and a recap.
    page.goto("/beheer/edities/voorjaar/tafels/")
    page.checks.assert_accessible()
    page.get_by_role("button", name="Publiceer alle concept-opbrengsten").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert set(table.outcomes.values_list("status", flat=True)) == {Outcome.Status.PUBLISHED}
    page.goto("/beheer/edities/voorjaar/terugblik/")
    page.checks.assert_accessible()
    page.locator("#id_introduction").fill("Een **goede** middag met veel ideeën.")
    page.locator("#id_sections-0-heading").fill("Vooruitblik")
    page.locator("#id_sections-0-body").fill("We gaan verder in werkgroepen.")
    page.get_by_role("button", name="Voorbeeld").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Terugblik publiceren").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert Recap.objects.get().status == Recap.Status.PUBLISHED

    # Anyone can now read the recap with the outcomes.
    reader = new_page()
    reader.goto("/terugblikken/voorjaar/")
    reader.checks.assert_accessible()
    assert reader.get_by_text("Begroet mensen in uw straat").is_visible()
    reader.goto("/terugblikken/")
    reader.checks.assert_accessible()
    reader.goto("/")
    reader.checks.assert_accessible()


def test_outcome_typed_offline_is_sent_once_when_the_network_returns(phone_page):
    host = PartnerFactory(email="tafel@example.org")
    table = TableTalkFactory(host=host)
    login(phone_page, host.email, PASSWORD)
    phone_page.goto(table.get_absolute_url())

    phone_page.context.set_offline(True)
    phone_page.locator("#id_text").fill("Ervaringsdeskundigen betrekken")
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    phone_page.get_by_text("Nog niet verstuurd").wait_for()
    assert phone_page.locator("#id_text").input_value() == "Ervaringsdeskundigen betrekken"
    phone_page.context.set_offline(False)
    phone_page.get_by_text("Opgeslagen. U kunt de volgende opbrengst toevoegen.").wait_for(timeout=30000)

    phone_page.checks.assert_accessible()
    assert list(table.outcomes.values_list("text", flat=True)) == ["Ervaringsdeskundigen betrekken"]


def test_evaluation_and_coordinator_pages_are_accessible(page, new_page):
    from conference import services
    from tests.conference.factories import OutcomeFactory, RecapFactory, SessionFactory

    coordinator = CoordinatorFactory()
    resident = UserFactory()
    edition = EditionFactory(slug="najaar", title="Werkconferentie najaar")
    session = SessionFactory(conference=edition, title="Keuzesessie zorg", capacity=10)
    services.register(conference=edition, user=resident, sessions=[session])
    services.save_evaluation(
        conference=edition, introduction="Hoe was het?", questions=["Wat ging goed?"], is_open=True
    )
    OutcomeFactory(table_talk=TableTalkFactory(conference=edition), status=Outcome.Status.PUBLISHED)
    RecapFactory(conference=edition)

    participant = new_page()
    login(participant, resident.email, PASSWORD)
    for url in ["/mijn/", "/edities/", "/edities/najaar/", "/edities/najaar/aanmelden/", "/edities/najaar/evaluatie/"]:
        participant.goto(url)
        participant.checks.assert_accessible()
    participant.get_by_label("4").check()
    participant.get_by_label("Wat ging goed?").fill("De gesprekken aan tafel")
    participant.get_by_role("button", name="Versturen").click()
    participant.wait_for_load_state()
    participant.checks.assert_accessible()

    login(page, coordinator.email, PASSWORD)
    for url in [
        "/beheer/edities/",
        "/beheer/edities/najaar/",
        "/beheer/edities/najaar/bewerken/",
        "/beheer/edities/najaar/aanmeldingen/",
        f"/beheer/edities/najaar/programma/{session.pk}/",
        "/beheer/edities/najaar/evaluatie/",
        "/terugblikken/najaar/",
    ]:
        page.goto(url)
        page.checks.assert_accessible()
    assert page.get_by_text("De gesprekken aan tafel").count() == 0  # the recap shows no open answers


def _recording_host(phone_page, email):
    host = PartnerFactory(email=email)
    table = TableTalkFactory(host=host)
    login(phone_page, host.email, PASSWORD)
    phone_page.goto(table.get_absolute_url())
    return table


def _outcome_url(table):
    return f"**/tafels/{table.pk}/opbrengsten/"


def _lose_first_answer(phone_page, table):
    """The first send reaches the server, but its answer never reaches the phone."""
    sent = []

    def handle(route):
        sent.append(route.request.post_data)
        if len(sent) == 1:
            route.fetch()  # the server stores the outcome ...
            route.abort()  # ... and the phone hears nothing back
        else:
            route.continue_()

    phone_page.route(_outcome_url(table), handle)
    return sent


def test_outcome_whose_answer_was_lost_is_stored_once_and_kept_meanwhile(phone_page):
    table = _recording_host(phone_page, "verloren@example.org")
    sent = _lose_first_answer(phone_page, table)

    phone_page.locator("#id_text").fill("Buurtkamer op zaterdag")
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    phone_page.get_by_text("Nog niet verstuurd").wait_for()
    kept = phone_page.locator("#id_text").input_value()
    # Sending by hand while the retry waits: still one loop, and the same key.
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    phone_page.get_by_text("Opgeslagen. U kunt de volgende opbrengst toevoegen.").wait_for()
    phone_page.wait_for_timeout(2500)  # past the first automatic retry, which must not come

    assert kept == "Buurtkamer op zaterdag"
    assert len(sent) == 2
    assert list(table.outcomes.values_list("text", flat=True)) == ["Buurtkamer op zaterdag"]
    assert phone_page.locator("#outcome-list li").count() == 1
    assert phone_page.locator("#id_text").input_value() == ""


def test_outcome_edited_after_a_failed_send_is_not_dropped(phone_page):
    table = _recording_host(phone_page, "bewerkt@example.org")
    _lose_first_answer(phone_page, table)

    phone_page.locator("#id_text").fill("Eerste versie")
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    phone_page.get_by_text("Nog niet verstuurd").wait_for()
    phone_page.locator("#id_text").fill("Eerste versie, beter verwoord")
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    phone_page.get_by_text("Opgeslagen. U kunt de volgende opbrengst toevoegen.").wait_for()

    # Both reached the server; the edited text is stored as well, not taken for the first one.
    assert sorted(table.outcomes.values_list("text", flat=True)) == ["Eerste versie", "Eerste versie, beter verwoord"]
    assert phone_page.locator("#outcome-list").get_by_text("Eerste versie, beter verwoord").is_visible()


def test_text_typed_while_an_outcome_is_sent_stays_in_the_box(phone_page):
    table = _recording_host(phone_page, "doortypen@example.org")
    held = []
    phone_page.route(_outcome_url(table), lambda route: held.append(route))  # held until the test lets go

    phone_page.locator("#id_text").fill("Wandelgroep")
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    while not held:
        phone_page.wait_for_timeout(50)
    phone_page.locator("#id_text").fill("Wandelgroep met koffie na afloop")
    held[0].continue_()
    phone_page.get_by_text("Opgeslagen. U kunt de volgende opbrengst toevoegen.").wait_for()

    assert list(table.outcomes.values_list("text", flat=True)) == ["Wandelgroep"]
    assert phone_page.locator("#id_text").input_value() == "Wandelgroep met koffie na afloop"


def test_expired_login_keeps_the_text_and_sends_it_after_signing_in_again(phone_page):
    table = _recording_host(phone_page, "verlopen@example.org")
    phone_page.context.clear_cookies()  # the session has expired

    phone_page.locator("#id_text").fill("Jongeren zelf laten kiezen")
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    phone_page.get_by_text("U bent niet meer ingelogd").wait_for()
    phone_page.wait_for_timeout(2500)  # no retry loop against the login page

    assert phone_page.locator("#id_text").input_value() == "Jongeren zelf laten kiezen"
    assert phone_page.locator("#outcome-list").count() == 1
    assert table.outcomes.count() == 0
    phone_page.checks.assert_accessible()

    phone_page.get_by_role("link", name="Opnieuw inloggen").click()
    phone_page.locator("#id_login").fill("verlopen@example.org")
    phone_page.locator("#id_password").fill(PASSWORD)
    phone_page.locator("main form button[type=submit]").click()
    phone_page.locator("#id_text").wait_for()
    assert phone_page.locator("#id_text").input_value() == "Jongeren zelf laten kiezen"
    phone_page.get_by_role("button", name="Opbrengst toevoegen").click()
    phone_page.get_by_text("Opgeslagen. U kunt de volgende opbrengst toevoegen.").wait_for()
    assert list(table.outcomes.values_list("text", flat=True)) == ["Jongeren zelf laten kiezen"]
