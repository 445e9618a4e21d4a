"""Workgroup services of the closed service layer: one writer for a goal's state, the status
only through a decision, and "save and submit" of a report as one call in one transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import EditionFactory
from tests.workgroups.factories import WorkgroupFactory
from workgroups import services
from workgroups.models import Commitment, Goal, GoalUpdate, ProgressReport, Workgroup

pytestmark = pytest.mark.django_db


def test_save_goal_puts_an_achieved_goal_at_100_percent(workgroup):
    goal = services.save_goal(workgroup=workgroup, title="Huiskamer", status=Goal.Status.ACHIEVED, progress=40)

    goal.refresh_from_db()
    assert (goal.status, goal.progress) == (Goal.Status.ACHIEVED, 100)


def test_a_report_that_calls_a_goal_achieved_stores_100_percent_and_publishing_keeps_it(
    workgroup, member, goals, edition
):
    goal = goals[0]
    report = services.save_and_submit_report(
        workgroup=workgroup,
        author=member,
        conference=edition,
        summary="Gelukt",
        goal_updates={goal.pk: {"status": Goal.Status.ACHIEVED, "progress": 60, "note": ""}},
    )

    assert GoalUpdate.objects.get(report=report, goal=goal).progress == 100
    services.publish_report(report=report, notify=False)
    goal.refresh_from_db()
    assert (goal.status, goal.progress) == (Goal.Status.ACHIEVED, 100)


def test_goal_state_leaves_other_statuses_alone():
    assert services.goal_state(Goal.Status.IN_PROGRESS, 60) == (Goal.Status.IN_PROGRESS, 60)
    assert services.goal_state(Goal.Status.ACHIEVED, 0) == (Goal.Status.ACHIEVED, 100)


def test_update_workgroup_does_not_take_a_status(workgroup):
    with pytest.raises(TypeError):
        services.update_workgroup(workgroup=workgroup, name="Anders", status=Workgroup.Status.STOPPED)

    workgroup.refresh_from_db()
    assert (workgroup.name, workgroup.status) != ("Anders", Workgroup.Status.STOPPED)
    assert workgroup.status == Workgroup.Status.ACTIVE


def test_the_edit_form_has_no_status_field(client, workgroup, lead):
    client.force_login(lead)

    response = client.get(reverse("workgroups:edit", args=[workgroup.slug]))

    assert "status" not in response.context["form"].fields


def test_a_stop_decision_is_what_stops_a_group(coordinator, workgroup, member, edition):
    report = services.save_and_submit_report(workgroup=workgroup, author=member, conference=edition, summary="Klaar")

    services.record_decision(report=report, decided_by=coordinator, decision=ProgressReport.Decision.STOP, notify=False)

    workgroup.refresh_from_db()
    assert workgroup.status == Workgroup.Status.STOPPED


def test_save_and_submit_stores_a_submitted_report(workgroup, member, edition):
    report = services.save_and_submit_report(workgroup=workgroup, author=member, conference=edition, summary="Klaar")

    report.refresh_from_db()
    assert (report.status, report.summary) == (ProgressReport.Status.SUBMITTED, "Klaar")
    assert report.submitted_at is not None


def test_save_and_submit_stores_nothing_when_the_submit_is_refused(workgroup, member, goals, edition):
    with pytest.raises(ValidationError) as error:
        services.save_and_submit_report(
            workgroup=workgroup,
            author=member,
            conference=edition,
            summary="",
            goal_updates={goals[0].pk: {"status": Goal.Status.IN_PROGRESS, "progress": 30, "note": "x"}},
            quick_wins=[{"text": "Flyer gemaakt", "done_on": None}],
        )

    assert error.value.messages == ["Schrijf een samenvatting voordat u de rapportage indient."]
    assert not ProgressReport.objects.exists()
    assert not GoalUpdate.objects.exists()


def test_save_and_submit_keeps_an_existing_draft_as_it_was_when_refused(workgroup, member, edition):
    draft = services.save_report(workgroup=workgroup, author=member, conference=edition, summary="Eerste versie")

    with pytest.raises(ValidationError):
        services.save_and_submit_report(
            workgroup=workgroup, author=member, report=draft, conference=edition, summary=" "
        )

    draft.refresh_from_db()
    assert (draft.status, draft.summary) == (ProgressReport.Status.DRAFT, "Eerste versie")


def test_a_new_group_outside_an_edition_starts_today_whoever_calls_the_service():
    workgroup = services.create_workgroup(name="Samen eten")

    assert workgroup.started_on == timezone.localdate()


def test_commitment_to_a_stopped_group_is_refused_by_the_service(partner, edition):
    stopped = WorkgroupFactory(status=Workgroup.Status.STOPPED)

    with pytest.raises(ValidationError) as error:
        services.record_commitment(
            organisation=partner.organisations.get(),
            recorded_by=partner,
            conference=edition,
            workgroup=stopped,
            description="Vier uur per maand",
        )

    assert error.value.messages == ["Deze werkgroep is gestopt of afgerond: kies een groep die nog loopt."]
    assert not Commitment.objects.exists()


def test_commitment_for_an_unpublished_edition_is_refused_by_the_service(partner):
    hidden = EditionFactory(is_published=False)

    with pytest.raises(ValidationError) as error:
        services.record_commitment(
            organisation=partner.organisations.get(), recorded_by=partner, conference=hidden, description="Uren"
        )

    assert error.value.messages == ["Kies een gepubliceerde editie."]
    assert not Commitment.objects.exists()
