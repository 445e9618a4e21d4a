"""A coordinator on the demo sets up a workgroup in one form: three members from three
organisations (one without an account), a fourth row added without reloading, and a lead."""

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.conftest import login
from themes.models import Theme
from workgroups.models import Workgroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITION = "2024-maart-heumen-voor-iedereen"


def _row(page, index, **fields):
    prefix = f"#id_members-{index}-"
    if "account" in fields:
        page.locator(prefix + "account").fill(fields["account"])
    if "name" in fields:
        page.locator(prefix + "name").fill(fields["name"])
    if "organisation" in fields:
        page.locator(prefix + "organisation").select_option(label=fields["organisation"])
    page.locator(prefix + "function").fill(fields["function"])


def test_coordinator_sets_up_a_workgroup_with_members_and_lead_in_one_form(page, phone_page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    theme = Theme.objects.get(title="Verdraagzaamheid en verbinding: samen in gesprek")
    login(page, "coordinator@example.org", settings.PORTAL_DEMO_PASSWORD)

    page.goto("/werkgroepen/")
    page.checks.assert_accessible()
    page.get_by_role("link", name="Nieuwe werkgroep").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()

    page.locator("#id_name").fill("Samen bewegen in Malden")
    page.get_by_label("Zoek in de thema's op een woord").fill("verdraag")
    page.get_by_label("Thema van herkomst").select_option(label=theme.title)
    page.get_by_label("Starteditie").select_option(value=str(theme.conference_id))
    _row(page, 0, account="Sanne de Wit", function="Coördinator vrijwilligers")
    _row(page, 1, account="bram@example.org", function="Welzijnswerker")
    _row(page, 2, name="Dokter Jansen", organisation="Zorgalliantie", function="Huisarts")
    page.get_by_role("button", name="Lid toevoegen").click()  # a fourth row, without reloading
    page.get_by_role("group", name="Lid 4").wait_for()
    page.checks.assert_accessible()
    _row(page, 3, name="Ruud de Boer", organisation="Gemeente Heumen", function="Buurtsportcoach")
    page.locator("#id_lead_1").check()
    page.get_by_role("button", name="Werkgroep aanmaken").click()
    page.wait_for_load_state()

    page.get_by_role("heading", level=1, name="Samen bewegen in Malden").wait_for()
    page.checks.assert_accessible()
    workgroup = Workgroup.objects.get(name="Samen bewegen in Malden")
    assert (workgroup.origin_theme, workgroup.started_in_id) == (theme, theme.conference_id)
    members = sorted(
        (m.person_name, m.organisation.name, m.function, m.role, m.user_id is None) for m in workgroup.memberships.all()
    )
    assert members == [
        ("Bram Bosman", "Sterker sociaal werk", "Welzijnswerker", "lead", False),
        ("Dokter Jansen", "Zorgalliantie", "Huisarts", "member", True),
        ("Ruud de Boer", "Gemeente Heumen", "Buurtsportcoach", "member", True),
        ("Sanne de Wit", "Heumen Ontmoet", "Coördinator vrijwilligers", "member", False),
    ]
    block = page.locator("#wg-members")
    assert (
        block.locator("li").first.inner_text().startswith("Bram Bosman Trekker\nWelzijnswerker, Sterker sociaal werk")
    )
    assert "Huisarts, Zorgalliantie" in block.inner_text()
    assert "bram@example.org" not in page.content()

    # Later: one more person without an account, and one member taken out again (without reloading).
    page.get_by_role("link", name="Lid toevoegen").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    page.locator("#id_name").fill("Els Verbeek")
    page.locator("#id_organisation").select_option(label="MEE")
    page.locator("#id_function").fill("Cliëntondersteuner")
    page.get_by_role("button", name="Toevoegen").click()
    page.wait_for_load_state()
    page.get_by_text("Els Verbeek is nu lid.").wait_for()
    page.get_by_role("button", name="Verwijder Ruud de Boer").click()
    page.get_by_text("Ruud de Boer is geen lid meer.").wait_for()
    page.checks.assert_accessible()
    assert sorted(m.person_name for m in workgroup.memberships.filter(status="active")) == [
        "Bram Bosman",
        "Dokter Jansen",
        "Els Verbeek",
        "Sanne de Wit",
    ]
    page.get_by_role("link", name="Werkgroep wijzigen").click()
    page.wait_for_load_state()
    page.checks.assert_accessible()

    # The group as a visitor sees it, on a phone.
    phone_page.goto(workgroup.get_absolute_url())
    phone_page.checks.assert_accessible()
    assert "Cliëntondersteuner, MEE" in phone_page.locator("#wg-members").inner_text()


def test_a_wrong_account_is_explained_and_nothing_is_lost(page):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    login(page, "coordinator@example.org", settings.PORTAL_DEMO_PASSWORD)

    page.goto("/werkgroepen/nieuw/")
    page.locator("#id_name").fill("Groep met een typfout")
    _row(page, 0, account="Sane de Wiit", function="Coördinator")
    _row(page, 1, name="Dokter Jansen", organisation="Zorgalliantie", function="Huisarts")
    page.get_by_role("button", name="Werkgroep aanmaken").click()
    page.wait_for_load_state()

    page.get_by_text("Geen account gevonden voor “Sane de Wiit”.").wait_for()
    page.checks.assert_accessible()
    assert page.locator("#id_members-1-name").input_value() == "Dokter Jansen"
    assert Workgroup.objects.filter(name="Groep met een typfout").count() == 0
