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
    reports = ProgressReport.objects.values_list("workgroup__slug", "conference__slug", "decision")
    decisions = sorted(reports, key=lambda r: (r[0], r[1] or "~"))

    assert decisions == [
        ("dementievriendelijker-heumen", "2023-oktober-heumen-voor-iedereen", "continue"),
        ("eenzaamheid", "2023-oktober-heumen-voor-iedereen", "continue"),
        ("het-hele-verhaal", "2021-maart-afstemming-welzijn-wonen-zorg", "adjust"),
        ("inwoners-voor-inwoners", "2023-oktober-heumen-voor-iedereen", "green_light"),
        ("sociale-media-hoe-houden-we-het-leuk", "2021-maart-afstemming-welzijn-wonen-zorg", "continue"),
        ("sociale-media-hoe-houden-we-het-leuk", None, "continue"),  # the half-year follow-up
    ]
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


def test_demo_has_a_half_year_followup_decided_between_editions(demo):
    from datetime import date

    followup = ProgressReport.objects.get(conference__isnull=True)

    assert followup.workgroup.slug == "sociale-media-hoe-houden-we-het-leuk"
    assert (followup.period_start, followup.period_end) == (date(2021, 3, 12), date(2021, 9, 30))
    assert (followup.decision, followup.get_decision_display()) == ("continue", "Doorgaan")
    assert (followup.decided_on, followup.decision_context) == (date(2021, 10, 14), "Regiegroepoverleg")
    assert [w.done_on for w in followup.quick_wins.all()] == [date(2021, 5, 19), date(2021, 6, 24)]
    at_2021 = followup.workgroup.reports.get(conference__slug="2021-maart-afstemming-welzijn-wonen-zorg")
    steps = [(s.text.split(":")[0], s.owner) for s in at_2021.next_steps.all()]
    assert steps == [
        ("Kinderraad Heumen bevragen", "Fatima El Amrani, Preventienetwerk Jeugd"),
        ("Aanbod voor scholen", "Preventienetwerk Jeugd"),
        ("Jaarlijkse ouderavond sociale media", "Preventienetwerk Jeugd"),
        ("Gesprekstool of spel voor ouders verspreiden", "Bram Bosman, Sterker sociaal werk"),
    ]


def test_demo_quick_wins_have_dates_and_one_has_a_word_found_nowhere_else(demo):
    from datetime import date

    from workgroups.models import QuickWin

    website = QuickWin.objects.get(text="Website heumenontmoet.nl online")
    assert (website.report.workgroup.slug, website.done_on) == ("eenzaamheid", date(2023, 9, 1))
    assert QuickWin.objects.filter(done_on__isnull=True).count() == 0
    assert QuickWin.objects.filter(text__icontains="boodschappenbus").count() == 1
    assert not ProgressReport.objects.filter(summary__icontains="boodschappenbus").exists()


def test_demo_twice_changes_nothing_and_tops_up_an_older_demo(demo):
    from workgroups.models import NextStep, QuickWin

    counts = (ProgressReport.objects.count(), ProgressReport.history.count(), QuickWin.objects.count())
    steps = list(NextStep.objects.values_list("pk", "text"))
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (ProgressReport.objects.count(), ProgressReport.history.count(), QuickWin.objects.count()) == counts
    assert list(NextStep.objects.values_list("pk", "text")) == steps

    # A demo loaded before quick wins existed: its reports get them once, the follow-up is added.
    QuickWin.objects.all().delete()
    ProgressReport.objects.filter(conference__isnull=True).delete()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (ProgressReport.objects.count(), QuickWin.objects.count()) == (counts[0], counts[2])
