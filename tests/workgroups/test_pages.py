from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conference.models import Conference, SiteSettings
from tests.factories import ConferenceFactory, PartnerFactory
from tests.workgroups.factories import GoalFactory, WorkgroupMembershipFactory
from workgroups.models import Commitment, GoalUpdate, ProgressReport, Workgroup, WorkgroupMembership

pytestmark = pytest.mark.django_db

REPORTS_PER_GROUP = 10


def _build(count):
    """`count` workgroups with a member, two goals and ten published reports with decisions each."""
    start = timezone.now() - timedelta(days=4000)
    editions = Conference.objects.bulk_create(
        Conference(
            title=f"Editie {i}",
            slug=f"editie-{i}",
            starts_at=start + timedelta(days=300 * i),
            ends_at=start + timedelta(days=300 * i, hours=4),
            is_published=True,
        )
        for i in range(REPORTS_PER_GROUP)
    )
    workgroups = Workgroup.objects.bulk_create(
        Workgroup(name=f"Werkgroep {i:03}", slug=f"werkgroep-{i:03}", started_at=editions[0]) for i in range(count)
    )
    partner = PartnerFactory()
    WorkgroupMembership.objects.bulk_create(
        WorkgroupMembership(
            workgroup=w, user=partner, organisation=partner.organisations.get(), role="lead", status="active"
        )
        for w in workgroups
    )
    reports = ProgressReport.objects.bulk_create(
        ProgressReport(
            workgroup=w,
            conference=e,
            summary="Stand van zaken",
            achievements="Een\nTwee",
            status="published",
            decision="green_light",
            decided_at=e.ends_at,
        )
        for w in workgroups
        for e in editions
    )
    first = workgroups[0]
    goals = [GoalFactory(workgroup=first), GoalFactory(workgroup=first)]
    GoalUpdate.objects.bulk_create(
        GoalUpdate(report=r, goal=g, status="in_progress", progress=50)
        for r in reports[:REPORTS_PER_GROUP]
        for g in goals
    )
    Commitment.objects.bulk_create(
        Commitment(
            organisation=partner.organisations.get(), conference=editions[-1], workgroup=first, description="Een ruimte"
        )
        for _ in range(3)
    )
    return workgroups, partner


@pytest.mark.parametrize("count", [1, 300])
def test_workgroup_list_queries_do_not_grow(client, django_assert_max_num_queries, count):
    _build(count)
    SiteSettings.load()

    with django_assert_max_num_queries(5):
        response = client.get(reverse("workgroups:list"))

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count, 20)


@pytest.mark.parametrize("count", [1, 300])
@pytest.mark.parametrize("who", ["anonymous", "member", "coordinator"])
def test_workgroup_page_queries_do_not_grow(client, django_assert_max_num_queries, count, who, coordinator):
    workgroups, partner = _build(count)
    if who != "anonymous":
        client.force_login(partner if who == "member" else coordinator)
    SiteSettings.load()

    with django_assert_max_num_queries(15):  # measured: 8 anonymous, 13 coordinator, 15 member
        response = client.get(workgroups[0].get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["reports"]) == REPORTS_PER_GROUP
    assert len([e for e in response.context["timeline"] if e.kind == "decision"]) == REPORTS_PER_GROUP


@pytest.mark.parametrize("count", [1, 300])
def test_report_page_queries_do_not_grow(client, django_assert_max_num_queries, count, coordinator):
    workgroups, _partner = _build(count)
    report = workgroups[0].reports.first()
    client.force_login(coordinator)
    SiteSettings.load()

    with django_assert_max_num_queries(8):
        response = client.get(report.get_absolute_url())

    assert response.status_code == 200


def test_list_filters_by_status_and_edition(client):
    edition = ConferenceFactory()
    Workgroup.objects.create(name="Actief", slug="actief", started_at=edition)
    Workgroup.objects.create(name="Gestopt", slug="gestopt", status="stopped")

    by_status = client.get(reverse("workgroups:list"), {"status": "stopped"})
    by_edition = client.get(reverse("workgroups:list"), {"edition": edition.slug})

    assert [w.name for w in by_status.context["page_obj"]] == ["Gestopt"]
    assert [w.name for w in by_edition.context["page_obj"]] == ["Actief"]


def test_partner_dashboard_shows_report_due_and_queries_are_bounded(client, django_assert_max_num_queries):
    workgroups, partner = _build(5)
    upcoming = ConferenceFactory(starts_at=timezone.now() + timedelta(weeks=4))
    client.force_login(partner)
    SiteSettings.load()

    with django_assert_max_num_queries(14):
        response = client.get(reverse("workgroups:dashboard"))

    assert response.status_code == 200
    assert [(d["workgroup"].pk, d["edition"]) for d in response.context["due"]] == [
        (w.pk, upcoming) for w in workgroups
    ]
    assert len(response.context["decisions"]) == 10


@pytest.mark.parametrize("url_name", ["conference:home", "conference:my_overview", "conference:manage"])
def test_panels_render_with_bounded_queries(client, django_assert_max_num_queries, coordinator, url_name):
    _build(30)
    WorkgroupMembershipFactory(user=coordinator)
    client.force_login(coordinator)
    SiteSettings.load()

    with django_assert_max_num_queries(20):
        response = client.get(reverse(url_name))

    assert response.status_code == 200


def test_edition_and_organisation_panels_have_bounded_queries(client, django_assert_max_num_queries):
    _workgroups, partner = _build(30)
    edition = Conference.objects.get(slug="editie-9")
    SiteSettings.load()

    with django_assert_max_num_queries(14):
        edition_page = client.get(edition.get_absolute_url())
    with django_assert_max_num_queries(10):
        organisation_page = client.get(partner.organisations.get().get_absolute_url())

    assert edition_page.status_code == 200
    assert 'id="wg-edition-reports"' in edition_page.content.decode()
    assert organisation_page.status_code == 200


def test_table_talk_page_links_to_the_workgroup_its_theme_became(client, edition):
    from conference.models import TableTalk
    from themes.models import Theme
    from workgroups import services

    theme = Theme.objects.create(conference=edition, title="Samen in gesprek", description="x", status="chosen")
    table = TableTalk.objects.create(conference=edition, theme=theme, title="Samen in gesprek", round=1)
    workgroup = services.create_workgroup_from_theme(theme=theme)

    response = client.get(table.get_absolute_url())

    assert response.status_code == 200
    assert workgroup.get_absolute_url() in response.content.decode()
