import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conference.demo import upcoming_edition
from conference.models import Recap, User
from workgroups.models import Commitment, ProgressReport, Workgroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_has_the_seed_workgroups_with_reports_and_decisions(demo):
    decisions = dict(ProgressReport.objects.values_list("workgroup__slug", "decision"))

    assert decisions == {
        "het-hele-verhaal": "adjust",
        "sociale-media-hoe-houden-we-het-leuk": "continue",
        "inwoners-voor-inwoners": "green_light",
        "eenzaamheid": "continue",
        "dementievriendelijker-heumen": "continue",
    }
    assert set(ProgressReport.objects.values_list("status", flat=True)) == {"published"}
    from_themes = Workgroup.objects.filter(origin_theme__conference__slug="2023-oktober-heumen-voor-iedereen")
    assert sorted(from_themes.values_list("name", flat=True)) == [
        "Mentale weerbaarheid jongeren (12-23 jaar)",
        "Verdraagzaamheid en verbinding: samen in gesprek",
    ]
    assert [w.reports.count() for w in from_themes] == [0, 0]
    assert Commitment.objects.count() == 8


def test_demo_partner_sees_a_report_due(client, demo):
    client.force_login(User.objects.get(email="partner@example.org"))

    response = client.get(reverse("workgroups:dashboard"))

    coming = upcoming_edition()
    due = [(d["workgroup"].slug, d["edition"]) for d in response.context["due"]]
    assert due == [("eenzaamheid", coming), ("inwoners-voor-inwoners", coming)]
    assert coming.starts_at > timezone.now()


def test_recap_shows_workgroup_decisions_of_its_edition(client, demo):
    recap = Recap.objects.get(conference__slug="2023-oktober-heumen-voor-iedereen")
    assert recap.status == "published"

    html = client.get(recap.get_absolute_url()).content.decode()

    assert "Resultaten en besluiten van werkgroepen" in html
    assert "Groen licht om door te gaan met de implementatie van de ontmoetingsruimte." in html


def test_demo_groups_have_members_from_several_organisations_with_their_function(client, demo):
    from workgroups.models import WorkgroupMembership

    group = Workgroup.objects.get(slug="inwoners-voor-inwoners")
    members = {(m.person_name, m.organisation.name, m.function, m.role) for m in group.memberships.all()}

    assert members == {
        ("Pieter Proefpartner", "Zorgalliantie", "Huisarts", "lead"),
        ("Anouk Jansen", "MEE", "Cliëntondersteuner", "member"),
        ("Bram Bosman", "Sterker sociaal werk", "Welzijnswerker", "member"),
        ("Ruud Peters", "Gemeente Heumen", "Buurtsportcoach", "member"),
    }
    assert group.memberships.get(name="Ruud Peters").user is None
    assert WorkgroupMembership.objects.filter(user__isnull=True).count() == 5
    html = client.get(group.get_absolute_url()).content.decode()
    assert "<strong>Ruud Peters</strong>" in html


def test_demo_commitments_add_up(client, demo):
    from decimal import Decimal

    from workgroups import selectors

    totals = selectors.commitment_totals(
        Commitment.objects.filter(conference__slug="2023-oktober-heumen-voor-iedereen")
    )

    assert (totals["total_hours"], totals["total_amount"], totals["delivered_amount"]) == (
        Decimal("128"),
        Decimal("500"),
        Decimal("500"),
    )


def test_demo_twice_changes_no_workgroup_data(demo):
    from workgroups.models import WorkgroupMembership

    def snapshot():
        return (
            list(WorkgroupMembership.objects.order_by("pk").values_list("pk", "user_id", "name", "function", "role")),
            list(Commitment.objects.order_by("pk").values_list("pk", "description", "hours", "amount", "status")),
        )

    before = snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert snapshot() == before
