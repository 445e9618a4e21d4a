"""Half a year after the work sessions: a partner writes a follow-up report between editions, and
the steering group decides "doorgaan" at its meeting, with the day and the place."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.browser.conftest import login
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, OrganisationFactory, PartnerFactory
from tests.workgroups.factories import WorkgroupFactory, WorkgroupMembershipFactory
from workgroups.models import ProgressReport, WorkgroupMembership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _go(page, url):
    page.goto(url)
    page.checks.assert_accessible()


def _click(page, role, name):
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state()
    page.checks.assert_accessible()


def test_partner_writes_a_half_year_followup_and_the_steering_group_decides_to_continue(page, new_page):
    today = timezone.localdate()
    sessions = EditionFactory(title="Werkconferentie voorjaar", starts_at=timezone.now() - timedelta(days=220))
    start, end = timezone.localdate(sessions.ends_at) + timedelta(days=1), today - timedelta(days=30)
    meeting = today - timedelta(days=3)
    OrganisationFactory(name="Preventienetwerk Jeugd")
    workgroup = WorkgroupFactory(name="Sociale media, hoe houden we het leuk")
    partner = PartnerFactory(display_name="Fatima El Amrani")
    WorkgroupMembershipFactory(workgroup=workgroup, user=partner, role=WorkgroupMembership.Role.LEAD)
    coordinator = CoordinatorFactory(display_name="Marieke Regiegroep")

    # 1. The partner starts a report from the group's page: between editions, for the half year.
    login(page, partner.email, PASSWORD)
    _go(page, workgroup.get_absolute_url())
    _click(page, "link", "Voortgangsrapportage schrijven")
    page.get_by_label("Editie").select_option(label="Geen: een rapportage tussen edities")
    page.get_by_label("Periode van", exact=True).fill(start.isoformat())
    page.get_by_label("Periode tot en met", exact=True).fill(end.isoformat())
    page.get_by_label("Samenvatting").fill("Een half jaar na de werksessies: wat kwam er van de plannen?")

    # 2. Two quick wins: the second row comes from "Meer regels", added in place by the script.
    page.locator("#id_quick_wins-0-text").fill("Kinderraad Heumen bevraagd over online pesten")
    page.locator("#id_quick_wins-0-done_on").fill((start + timedelta(days=60)).isoformat())
    page.evaluate("window.stillSamePage = true")
    page.get_by_role("button", name="Meer regels voor snelle resultaten").click()
    second = page.locator("#id_quick_wins-1-text")
    second.wait_for()
    assert page.evaluate("window.stillSamePage === true")
    assert page.evaluate("document.activeElement.id") == "id_quick_wins-1-text"
    assert page.locator("#wg-quick-wins legend").last.inner_text() == "Snel resultaat 2"
    second.fill("Eerste mediawijsheid-training gegeven in groep 8")
    page.locator("#id_quick_wins-1-done_on").fill((start + timedelta(days=100)).isoformat())
    page.checks.assert_accessible()

    # 3. One next step, taken by an organisation, with a date and where the money comes from.
    page.locator("#id_next_steps-0-text").fill("Mediawijsheid-training aanbieden aan alle basisscholen")
    page.locator("#id_next_steps-0-owner_organisation").select_option(label="Preventienetwerk Jeugd")
    page.locator("#id_next_steps-0-due_date").fill((today + timedelta(days=120)).isoformat())
    page.locator("#id_next_steps-0-funding").fill("Preventiebudget jeugd van de gemeente")
    _click(page, "button", "Rapportage indienen")
    report = ProgressReport.objects.get()
    assert (report.status, report.conference, report.period_start, report.period_end) == ("submitted", None, start, end)
    assert report.quick_wins.count() == 2

    # 4. The coordinator publishes it and records "Doorgaan" at the steering-group meeting.
    staff = new_page()
    login(staff, coordinator.email, PASSWORD)
    _go(staff, report.get_absolute_url())
    _click(staff, "button", "Rapportage publiceren")
    staff.locator("#id_decision").select_option(label="Doorgaan")
    staff.get_by_label("Besloten op").fill(meeting.isoformat())
    staff.get_by_label("Waar is het besloten?").fill("Regiegroepoverleg")
    staff.locator("#id_note").fill("Laat op de volgende werkconferentie zien hoe de trainingen zijn ontvangen.")
    _click(staff, "button", "Besluit vastleggen")
    report.refresh_from_db()
    assert (report.status, report.decision, report.decided_on, report.decision_context) == (
        "published",
        "continue",
        meeting,
        "Regiegroepoverleg",
    )

    # 5. Anyone, also on a phone, reads all of it on the report page.
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    _go(phone, report.get_absolute_url())
    phone.get_by_role("heading", level=1, name="Voortgangsrapportage tussen edities").wait_for()
    assert phone.locator(".wg-decision h2").inner_text() == "Besluit: Doorgaan"
    decided = phone.locator(".wg-decision-meta").inner_text()
    with translation.override("nl"):
        assert decided == f"Besloten op {date_format(meeting, 'j F Y')}, Regiegroepoverleg"
    assert phone.locator(f'.wg-report-facts time[datetime="{start.isoformat()}"]').count() == 1
    assert phone.locator(f'.wg-report-facts time[datetime="{end.isoformat()}"]').count() == 1
    wins = phone.locator(".wg-quick-wins li").all_inner_texts()
    assert [w.split(" (")[0] for w in wins] == [
        "Kinderraad Heumen bevraagd over online pesten",
        "Eerste mediawijsheid-training gegeven in groep 8",
    ]
    step = phone.locator(".wg-next-steps tbody tr").first.locator("th, td").all_inner_texts()
    assert step[:2] == ["Mediawijsheid-training aanbieden aan alle basisscholen", "Preventienetwerk Jeugd"]
    assert step[3] == "Preventiebudget jeugd van de gemeente"
    assert partner.email not in phone.content()
