"""A chosen theme becomes a workgroup; a partner joins, reports, and the conference decides.

And the seed workgroups as the demo partner and the coordinator meet them."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from conference.demo import upcoming_edition
from tests.browser.conftest import login
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, PartnerFactory, UserFactory
from themes.models import Ballot, Theme, Vote, VotingRound
from workgroups.models import Commitment, Goal, ProgressReport, Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEME = "Verdraagzaamheid en verbinding"


def _chosen_theme_with_votes():
    now = timezone.now()
    earlier = EditionFactory(
        title="Werkconferentie najaar", starts_at=now - timedelta(days=60), ends_at=now - timedelta(days=60, hours=-4)
    )
    theme = Theme.objects.create(
        conference=earlier,
        title=THEME,
        description="Samen in gesprek, ook met wie anders denkt.",
        status=Theme.Status.CHOSEN,
    )
    round_ = VotingRound.objects.create(
        conference=earlier,
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=70),
        results_published=True,
        results_published_at=now - timedelta(days=69),
    )
    for voter in UserFactory.create_batch(3):
        Vote.objects.create(ballot=Ballot.objects.create(round=round_, voter=voter), theme=theme, slot=1)
    return theme


def _go(page, url):
    page.goto(url)
    page.checks.assert_accessible()


def _click(page, role, name):
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state()
    page.checks.assert_accessible()


def test_theme_to_workgroup_to_report_to_decision(page, new_page):
    theme = _chosen_theme_with_votes()
    EditionFactory(
        title="Werkconferentie voorjaar",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=3),
    )
    coordinator = CoordinatorFactory(display_name="Coby Coördinator")
    partner = PartnerFactory(display_name="Pim Partner")

    # 1. The coordinator turns the chosen theme into a workgroup in one step.
    login(page, coordinator.email, PASSWORD)
    _go(page, theme.get_absolute_url())
    _click(page, "button", "Maak van dit thema een werkgroep")
    page.get_by_role("heading", level=1, name=THEME).wait_for()
    workgroup = Workgroup.objects.get()
    assert (workgroup.origin_theme, workgroup.focus) == (theme, theme.description)

    # 2. A partner asks to join as an experience expert; the coordinator accepts.
    member = new_page()
    login(member, partner.email, PASSWORD)
    _go(member, workgroup.get_absolute_url())
    member.get_by_label("Ik doe mee als ervaringsdeskundige").check()
    _click(member, "button", "Vraag om mee te doen")
    _go(page, workgroup.get_absolute_url())
    page.evaluate("window.stillSamePage = true")
    page.get_by_role("button", name="Pim Partner toelaten").click()  # htmx swaps in the members block
    page.locator("#wg-members .wg-badge-lead").wait_for()
    assert page.evaluate("window.stillSamePage === true")
    page.get_by_text("Pim Partner is nu lid.").wait_for()
    # The pressed button is gone: focus moved to the message, so a screen reader reads it out.
    expect(page.locator("#wg-members [data-swap-focus]").first).to_be_focused()  # no eval: the CSP forbids it
    assert "Pim Partner is nu lid." in page.evaluate("document.activeElement.textContent")
    page.checks.assert_accessible()
    assert workgroup.memberships.get().role == "lead"

    # 3. The partner sets two goals.
    for title in ("Gesprekskaarten maken", "Samen eten organiseren"):
        _go(member, workgroup.get_absolute_url())
        _click(member, "link", "Doel toevoegen")
        member.get_by_label("Titel").fill(title)
        member.get_by_label("Voortgang (%)").fill("10")
        _click(member, "button", "Opslaan")
    goals = list(workgroup.goals.order_by("pk"))
    assert len(goals) == 2

    # 4. ... writes a report with an update on both goals, saves a draft, then submits it.
    _go(member, workgroup.get_absolute_url())
    _click(member, "link", "Voortgangsrapportage schrijven")
    member.get_by_label("Editie").select_option(label="Werkconferentie voorjaar")
    member.get_by_label("Samenvatting").fill("We maakten gesprekskaarten en hielden twee eetavonden.")
    member.get_by_label("Wat is bereikt").fill("Gesprekskaarten\nTwee eetavonden")
    member.locator("#id_next_steps-0-text").fill("Kaarten verspreiden in de wijken")
    member.locator(f"#id_goal_{goals[0].pk}_status").select_option("achieved")
    member.locator(f"#id_goal_{goals[0].pk}_progress").fill("100")
    member.locator(f"#id_goal_{goals[1].pk}_progress").fill("50")
    member.locator(f"#id_goal_{goals[1].pk}_note").fill("Twee van de vier avonden gehouden.")
    _click(member, "button", "Concept bewaren")
    report = ProgressReport.objects.get()
    assert report.status == "draft"
    _click(member, "button", "Rapportage indienen")
    report.refresh_from_db()
    assert report.status == "submitted"
    assert sorted(report.goal_updates.values_list("progress", flat=True)) == [50, 100]

    # 5. The coordinator publishes it and records "groen licht".
    _go(page, report.get_absolute_url())
    _click(page, "button", "Rapportage publiceren")
    page.locator("#id_decision").select_option("green_light")
    page.locator("#id_note").fill("Ga door en betrek de bewoners van elke wijk.")
    _click(page, "button", "Besluit vastleggen")
    report.refresh_from_db()
    assert (report.status, report.decision) == ("published", "green_light")
    assert Goal.objects.get(pk=goals[0].pk).status == "achieved"

    # 5b. The partner moves a goal on by hand, between two reports.
    _go(member, workgroup.get_absolute_url())
    _click(member, "link", "Doel “Samen eten organiseren” wijzigen")
    member.get_by_label("Voortgang (%)").fill("75")
    _click(member, "button", "Opslaan")
    assert Goal.objects.get(pk=goals[1].pk).progress == 75

    # 6. Anyone, on a phone, reads the whole lineage on the workgroup page, and a goal's history.
    phone = new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    _go(phone, workgroup.get_absolute_url())
    goal = phone.locator("article", has_text="Samen eten organiseren")
    goal.get_by_text("Geschiedenis van dit doel").click()
    history = goal.locator(".wg-goal-history li").all_inner_texts()
    assert [line.split(":", 1)[1].strip() for line in history] == [
        "Niet begonnen, 50% — Twee van de vier avonden gehouden.",
        "Niet begonnen, 75%",
    ]
    assert history[1].endswith("gewijzigd door Pim Partner: Niet begonnen, 75%")
    assert partner.email not in phone.content()
    phone.checks.assert_accessible()
    kinds = phone.locator(".wg-timeline .wg-event-kind").all_inner_texts()
    assert [k.strip().lower() for k in kinds] == ["thema", "stemming", "werkgroep", "rapportage", "besluit", "nu"]
    phone.get_by_text("Stemronde: 3 stemmen").wait_for()
    phone.locator(".wg-timeline").get_by_role("link", name="Besluit: Groen licht").wait_for()
    _go(phone, theme.get_absolute_url())
    phone.locator(".wg-timeline").get_by_role("link", name="Besluit: Groen licht").wait_for()


def test_demo_partner_sees_report_due_and_records_a_commitment(page, phone_page, new_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    # Anyone: the list (filtered), a seed workgroup with its history and decision, on a phone too.
    _go(page, "/werkgroepen/")
    page.get_by_label("Status").select_option("active")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    page.get_by_role("link", name="Inwoners voor Inwoners").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    page.locator(".wg-timeline").get_by_role("link", name="Besluit: Groen licht").wait_for()
    _go(phone_page, "/werkgroepen/eenzaamheid/")
    _go(phone_page, ProgressReport.objects.get(workgroup__slug="eenzaamheid").get_absolute_url())
    _go(page, "/edities/2023-oktober-heumen-voor-iedereen/")
    page.get_by_role("heading", name="Resultaten en besluiten van werkgroepen").wait_for()
    _go(page, "/organisaties/heumen-ontmoet/")
    page.get_by_text("1 van 1 toezeggingen nagekomen").wait_for()

    # The demo partner: a report is due for the next edition; records a commitment.
    login(page, "partner@example.org", settings.PORTAL_DEMO_PASSWORD)
    _go(page, "/mijn/")
    page.get_by_role("link", name="schrijf de rapportage").first.click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    page.get_by_role("heading", level=1, name="Voortgangsrapportage schrijven").wait_for()
    _go(page, "/werkgroepen/mijn/")
    page.get_by_role("link", name="Leg een toezegging van uw organisatie vast").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    pledged = Commitment.objects.count()
    page.get_by_role("button", name="Opslaan").click()  # empty: a clear message, nothing stored
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert Commitment.objects.count() == pledged
    page.locator("#id_conference").select_option(label=upcoming_edition().title)
    page.locator("#id_workgroup").select_option(label="Inwoners voor Inwoners")
    page.get_by_label("Wat draagt u bij?").fill("Een ruimte voor de huiskamer, twee middagen per week")
    page.locator("#id_kind").select_option("location")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    assert Commitment.objects.count() == pledged + 1

    # The coordinator: reports to review on the dashboard, a report's history of changes.
    staff = new_page()
    login(staff, "coordinator@example.org", settings.PORTAL_DEMO_PASSWORD)
    _go(staff, "/beheer/")
    report = ProgressReport.objects.get(workgroup__slug="inwoners-voor-inwoners")
    _go(staff, report.get_absolute_url())
    staff.get_by_role("link", name="Geschiedenis van wijzigingen").click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()
    commitment = Commitment.objects.get(description__startswith="Een ruimte voor de huiskamer")
    _go(staff, f"/werkgroepen/toezeggingen/{commitment.pk}/beoordelen/")
    staff.get_by_label("Nagekomen", exact=True).check()
    staff.get_by_role("button", name="Opslaan").click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()
    commitment.refresh_from_db()
    assert commitment.status == "delivered"
