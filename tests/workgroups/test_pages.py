from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conference.models import Edition, SiteSettings
from tests.factories import EditionFactory, PartnerFactory
from tests.html import collapsed
from tests.workgroups.factories import GoalFactory, WorkgroupMembershipFactory
from workgroups import services
from workgroups.models import Commitment, Goal, GoalUpdate, ProgressReport, Workgroup, WorkgroupMembership

pytestmark = pytest.mark.django_db

REPORTS_PER_GROUP = 10


def _build(count):
    """`count` workgroups with a member, two goals and ten published reports with decisions each."""
    start = timezone.now() - timedelta(days=4000)
    editions = Edition.objects.bulk_create(
        Edition(
            title=f"Editie {i}",
            slug=f"editie-{i}",
            starts_at=start + timedelta(days=300 * i),
            ends_at=start + timedelta(days=300 * i, hours=4),
            is_published=True,
        )
        for i in range(REPORTS_PER_GROUP)
    )
    workgroups = Workgroup.objects.bulk_create(
        Workgroup(name=f"Werkgroep {i:03}", slug=f"werkgroep-{i:03}", started_in=editions[0]) for i in range(count)
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
    for goal in goals:  # a change by hand, besides what the reports say
        services.save_goal(workgroup=first, goal=goal, status=Goal.Status.ACHIEVED)
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

    with django_assert_max_num_queries(4 + 1):  # measured: 4
        response = client.get(reverse("workgroups:list"))

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(count, 20)


#: Measured queries on a workgroup page (signed in: session, user, permissions, own membership;
#: the timeline looks up the next edition; the reports' quick wins and next steps: one query each).
PAGE_QUERIES = {"anonymous": 11, "member": 18, "coordinator": 18}


@pytest.mark.parametrize("count", [1, 300])
@pytest.mark.parametrize("who", ["anonymous", "member", "coordinator"])
def test_workgroup_page_queries_do_not_grow(client, django_assert_max_num_queries, count, who, coordinator):
    workgroups, partner = _build(count)
    if who != "anonymous":
        client.force_login(partner if who == "member" else coordinator)
    SiteSettings.load()

    with django_assert_max_num_queries(PAGE_QUERIES[who] + 1):
        response = client.get(workgroups[0].get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["reports"]) == REPORTS_PER_GROUP
    assert len([e for e in response.context["timeline"] if e.kind == "decision"]) == REPORTS_PER_GROUP
    histories = [[entry.kind for entry in goal.history] for goal in response.context["goals"]]
    assert histories == [["report"] * REPORTS_PER_GROUP + ["edit"]] * 2  # the change by hand came last


@pytest.mark.parametrize("count", [1, 300])
def test_report_page_queries_do_not_grow(client, django_assert_max_num_queries, count, coordinator):
    workgroups, _partner = _build(count)
    report = workgroups[0].reports.first()
    client.force_login(coordinator)
    SiteSettings.load()

    with django_assert_max_num_queries(9):  # measured: 9, with one query each for quick wins and next steps
        response = client.get(report.get_absolute_url())

    assert response.status_code == 200


def test_list_filters_by_status_and_edition(client):
    edition = EditionFactory()
    Workgroup.objects.create(name="Actief", slug="actief", started_in=edition)
    Workgroup.objects.create(name="Gestopt", slug="gestopt", status="stopped")

    by_status = client.get(reverse("workgroups:list"), {"status": "stopped"})
    by_edition = client.get(reverse("workgroups:list"), {"edition": edition.slug})

    assert [w.name for w in by_status.context["page_obj"]] == ["Gestopt"]
    assert [w.name for w in by_edition.context["page_obj"]] == ["Actief"]


def test_partner_dashboard_shows_report_due_and_queries_are_bounded(client, django_assert_max_num_queries):
    workgroups, partner = _build(5)
    upcoming = EditionFactory(starts_at=timezone.now() + timedelta(weeks=4))
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
    edition = Edition.objects.get(slug="editie-9")
    SiteSettings.load()

    # 16: the programme and table talks, themes, the reports with their quick wins and next steps,
    # commitments with their totals (for the edition and per organisation); none per row.
    with django_assert_max_num_queries(16):
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


def test_goal_progress_bar_and_history_on_workgroup_page(client, coordinator, workgroup, lead, member, edition):
    goal = GoalFactory(workgroup=workgroup, title="Huiskamer open", progress=20)
    report = services.save_report(
        workgroup=workgroup,
        conference=edition,
        author=member,
        summary="Stand van zaken",
        goal_updates={goal.pk: {"status": Goal.Status.IN_PROGRESS, "progress": 70, "note": "Sleutel is er"}},
    )
    services.submit_report(report=report)
    services.publish_report(report=report, notify=False)
    client.force_login(member)
    client.post(
        reverse("workgroups:goal_edit", args=[workgroup.slug, goal.pk]),
        {"title": goal.title, "description": "", "target_date": "", "status": Goal.Status.ACHIEVED, "progress": 80},
    )
    client.logout()

    response = client.get(workgroup.get_absolute_url())

    html = collapsed(response.content)
    assert f'<progress id="goal-progress-{goal.pk}" max="100" value="100">' in html  # achieved means 100%
    [shown] = response.context["goals"]
    assert [(e.kind, e.status_label, e.progress, e.who) for e in shown.history] == [
        ("report", "Bezig", 70, ""),  # what the report said; publishing it is not listed as a change by hand
        ("edit", "Bereikt", 100, str(member)),
    ]
    assert f'<a href="{report.get_absolute_url()}">{edition}</a>: Bezig, 70% — Sleutel is er' in html
    assert f"gewijzigd door {member.display_name}: Bereikt, 100%" in html
    assert member.email not in html


def test_goal_history_leaves_out_changes_that_keep_status_and_progress(client, workgroup, lead):
    goal = GoalFactory(workgroup=workgroup, progress=20)
    services.save_goal(workgroup=workgroup, goal=goal, title="Nieuwe titel")  # same status and progress
    services.save_goal(workgroup=workgroup, goal=goal, progress=40)

    response = client.get(workgroup.get_absolute_url())

    [shown] = response.context["goals"]
    assert [(e.kind, e.progress, e.who) for e in shown.history] == [("edit", 40, "")]
    assert "gewijzigd: Bezig, 40%" in collapsed(response.content)  # no person: changed by the system


def test_decision_is_shown_on_the_report_page(client, coordinator, workgroup, member, edition):
    report = services.save_report(workgroup=workgroup, conference=edition, author=member, summary="Stand")
    services.submit_report(report=report)
    services.publish_report(report=report, notify=False)
    services.record_decision(
        report=report, decided_by=coordinator, decision="adjust", note="Eerst **kleiner** beginnen", notify=False
    )

    html = client.get(report.get_absolute_url()).content.decode()

    assert "Besluit: Bijstellen" in html
    assert "Eerst <strong>kleiner</strong> beginnen" in html


def test_table_talk_about_the_origin_theme_is_in_the_workgroup_timeline(client, edition):
    from conference.models import TableTalk
    from themes.models import Theme

    theme = Theme.objects.create(conference=edition, title="Eenzaamheid", description="x", status="chosen")
    talk = TableTalk.objects.create(conference=edition, theme=theme, title="Eenzaamheid onder ouderen", round=1)
    TableTalk.objects.create(conference=edition, title="Een ander onderwerp", round=1)
    workgroup = services.create_workgroup_from_theme(theme=theme)

    response = client.get(workgroup.get_absolute_url())

    talks = [event for event in response.context["timeline"] if event.kind == "talk"]
    assert [(e.title, e.items) for e in talks] == [
        (f"Tafelgesprekken op {edition}", [("Eenzaamheid onder ouderen", talk.get_absolute_url())])
    ]
    kinds = [event.kind for event in response.context["timeline"]]
    assert kinds.index("theme") < kinds.index("talk") < kinds.index("today")
    assert f'<a href="{talk.get_absolute_url()}">Eenzaamheid onder ouderen</a>' in response.content.decode()


def test_partner_dashboard_shows_my_workgroups_and_my_drafts(client, workgroup, lead, edition):
    from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory

    asked = WorkgroupFactory(name="Vervoer")
    services.request_membership(workgroup=asked, user=lead)
    WorkgroupFactory(name="Niet van mij")
    draft = ProgressReportFactory(workgroup=workgroup, conference=edition, author=lead)
    other_draft = ProgressReportFactory(conference=edition)
    client.force_login(lead)

    response = client.get(reverse("workgroups:dashboard"))

    html = response.content.decode()
    assert [(m.workgroup.name, m.status) for m in response.context["memberships"]] == [
        ("Vervoer", "requested"),
        (workgroup.name, "active"),
    ]
    assert "Niet van mij" not in html
    assert "vraagt om mee te doen" in html
    assert list(response.context["drafts"]) == [draft]
    assert draft.get_absolute_url() in html
    assert other_draft.get_absolute_url() not in html


def test_commitments_of_an_edition_are_on_its_page_and_in_its_recap(client, workgroup, edition):
    from tests.conference.factories import RecapFactory
    from tests.factories import OrganisationFactory
    from tests.workgroups.factories import CommitmentFactory

    organisation = OrganisationFactory(name="Bibliotheek")
    CommitmentFactory(organisation=organisation, conference=edition, workgroup=workgroup, description="Een zaal")
    CommitmentFactory(organisation=organisation, description="Op een andere editie")
    recap = RecapFactory(conference=edition)

    for url in (edition.get_absolute_url(), recap.get_absolute_url()):
        html = client.get(url).content.decode()
        assert 'id="wg-edition-commitments"' in html
        assert "<strong>Bibliotheek</strong>: Een zaal" in html
        assert workgroup.name in html
        assert "Op een andere editie" not in html
