"""The audit trail of workgroups: a report's way from draft to published, decisions, commitments."""

import pytest
from django.urls import reverse

from conference import audit
from conference.models import AuditEntry
from tests.factories import MembershipFactory, OrganisationFactory
from tests.workgroups.factories import CommitmentFactory, ProgressReportFactory
from workgroups import services
from workgroups.models import Commitment, ProgressReport, Workgroup

pytestmark = pytest.mark.django_db


def changes_of(kind, obj):
    return list(AuditEntry.objects.filter(kind=kind, object_id=obj.pk, action="changed").order_by("pk"))


def test_submit_send_back_and_publish_each_leave_their_state_change(client, workgroup, member, coordinator, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    with audit.acting_as(member):
        services.submit_report(report=report)
    client.force_login(coordinator)
    client.post(reverse("workgroups:report_send_back", args=[workgroup.slug, report.pk]), {"comment": "Aanvullen"})
    with audit.acting_as(member):
        services.submit_report(report=report)
    client.post(reverse("workgroups:report_publish", args=[workgroup.slug, report.pk]), {"publish": "1"})

    steps = changes_of("progress_report", report)
    assert [(e.actor, e.changes["status"]) for e in steps] == [
        (member, ["draft", "submitted"]),
        (coordinator, ["submitted", "draft"]),
        (member, ["draft", "submitted"]),
        (coordinator, ["submitted", "published"]),
    ]
    assert steps[1].changes["review_comment"] == ["", "Aanvullen"]
    assert {e.edition_id for e in steps} == {edition.pk}


def test_a_stop_decision_is_recorded_on_the_report_and_stops_the_group(coordinator, workgroup, member, edition):
    report = ProgressReportFactory(workgroup=workgroup, conference=edition, author=member)
    services.submit_report(report=report)

    with audit.acting_as(coordinator):
        services.record_decision(report=report, decided_by=coordinator, decision=ProgressReport.Decision.STOP)

    decision = changes_of("progress_report", report)[-1]
    assert decision.actor == coordinator
    assert decision.changes["decision"] == ["", "stop"]
    assert decision.changes["decided_by"] == [None, {"id": coordinator.pk}]  # an account: its id only
    [stopped] = changes_of("workgroup", workgroup)  # a bulk update in the service, audited
    assert (stopped.actor, stopped.changes) == (coordinator, {"status": ["active", Workgroup.Status.STOPPED]})


def test_a_commitment_recorded_and_reviewed(partner, coordinator, edition):
    organisation = partner.organisations.get()

    with audit.acting_as(partner):
        commitment = services.record_commitment(
            organisation=organisation, recorded_by=partner, conference=edition, description="Twee trainingen"
        )
    with audit.acting_as(coordinator):
        services.review_commitment(
            commitment=commitment, reviewed_by=coordinator, status=Commitment.Status.DELIVERED, note="Gedaan"
        )

    created = AuditEntry.objects.get(kind="commitment", object_id=commitment.pk, action="created")
    [reviewed] = changes_of("commitment", commitment)
    assert (created.actor_role, created.edition_id, created.changes["description"]) == (
        "partner",
        edition.pk,
        [None, "Twee trainingen"],
    )
    assert reviewed.changes["status"] == ["open", "delivered"]
    assert reviewed.changes["review_note"] == ["", "Gedaan"]


def test_a_commitment_reviewed_in_the_page_is_the_leads(client, workgroup, lead, edition):
    commitment = CommitmentFactory(workgroup=workgroup, conference=edition, organisation=OrganisationFactory())
    MembershipFactory(user=lead, organisation=commitment.organisation)
    client.force_login(lead)

    client.post(reverse("workgroups:commitment_review", args=[commitment.pk]), {"status": "partly", "note": "Half"})

    [entry] = changes_of("commitment", commitment)
    assert (entry.actor, entry.actor_role, entry.changes["status"]) == (lead, "partner", ["open", "partly"])
