import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import OrganisationFactory, PartnerFactory
from tests.workgroups.factories import CommitmentFactory
from workgroups import services
from workgroups.models import Commitment

pytestmark = pytest.mark.django_db


def test_member_of_organisation_records_commitment(client, partner, edition, workgroup):
    organisation = partner.organisations.get()
    client.force_login(partner)

    response = client.post(
        reverse("workgroups:commitment_create"),
        {
            "organisation": organisation.pk,
            "conference": edition.pk,
            "workgroup": workgroup.pk,
            "kind": "hours",
            "description": "40 uur per jaar",
            "due_date": "2027-03-01",
        },
    )

    assert response.status_code == 302
    assert list(Commitment.objects.values_list("organisation", "description")) == [(organisation.pk, "40 uur per jaar")]


def test_commitment_for_another_organisation_is_refused(client, partner, edition):
    other = OrganisationFactory()
    client.force_login(partner)

    response = client.post(
        reverse("workgroups:commitment_create"),
        {"organisation": other.pk, "conference": edition.pk, "kind": "money", "description": "1000 euro"},
    )

    assert response.status_code == 200
    assert Commitment.objects.count() == 0
    with pytest.raises(ValidationError):
        services.record_commitment(organisation=other, recorded_by=partner, conference=edition, description="x")


def test_residents_cannot_record_commitments(client, resident):
    client.force_login(resident)

    assert client.get(reverse("workgroups:commitment_create")).status_code == 403


def test_lead_reviews_commitment_to_own_group_only(client, workgroup, lead, coordinator, edition):
    mine = CommitmentFactory(workgroup=workgroup, conference=edition)
    conference_wide = CommitmentFactory(conference=edition)
    client.force_login(lead)

    assert (
        client.post(
            reverse("workgroups:commitment_review", args=[conference_wide.pk]), {"status": "delivered"}
        ).status_code
        == 403
    )
    client.post(reverse("workgroups:commitment_review", args=[mine.pk]), {"status": "partly", "note": "Half"})

    mine.refresh_from_db()
    assert (mine.status, mine.review_note, mine.reviewed_by) == ("partly", "Half", lead)


def test_organisation_page_counts_kept_commitments(client, edition):
    organisation = OrganisationFactory()
    CommitmentFactory(organisation=organisation, conference=edition, status=Commitment.Status.DELIVERED)
    CommitmentFactory(organisation=organisation, conference=edition, status=Commitment.Status.NOT_DELIVERED)

    response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200
    assert "1 van 2" in response.content.decode()


def test_partner_of_other_organisation_sees_no_record_link(client, edition):
    organisation = OrganisationFactory()
    CommitmentFactory(organisation=organisation, conference=edition)
    client.force_login(PartnerFactory())

    response = client.get(organisation.get_absolute_url())

    assert reverse("workgroups:commitment_create") not in response.content.decode()


def test_organisation_page_pages_through_many_commitments(client, edition):
    organisation = OrganisationFactory()
    CommitmentFactory.create_batch(25, organisation=organisation, conference=edition)

    first = client.get(organisation.get_absolute_url())
    second = client.get(organisation.get_absolute_url(), {"page": 2})

    assert len(first.context["commitments"]) == 20
    assert len(second.context["commitments"]) == 5
    assert "Pagina 1 van 2" in first.content.decode()
    assert "0 van 25" in first.content.decode()  # the count covers every page, not just this one


@pytest.mark.parametrize("count", [1, 100])
def test_organisation_page_queries_do_not_grow(client, edition, django_assert_max_num_queries, count):
    from conference.models import Membership, SiteSettings

    organisation = OrganisationFactory()
    for partner in PartnerFactory.create_batch(min(count, 10)):
        Membership.objects.filter(user=partner).update(organisation=organisation)
    CommitmentFactory.create_batch(count, organisation=organisation, conference=edition)
    SiteSettings.load()

    with django_assert_max_num_queries(10):
        response = client.get(organisation.get_absolute_url())

    assert response.status_code == 200


def test_dashboard_offers_recording_commitments_only_to_partners(client, resident, partner):
    url = reverse("workgroups:dashboard")
    create = reverse("workgroups:commitment_create")

    client.force_login(resident)
    assert create not in client.get(url).content.decode()
    client.force_login(partner)
    assert create in client.get(url).content.decode()


@pytest.mark.parametrize(
    "status",
    [Commitment.Status.DELIVERED, Commitment.Status.PARTLY, Commitment.Status.NOT_DELIVERED],
)
@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_coordinator_and_lead_mark_a_commitment_with_a_note(client, workgroup, lead, coordinator, edition, who, status):
    commitment = CommitmentFactory(workgroup=workgroup, conference=edition)
    reviewer = coordinator if who == "coordinator" else lead
    client.force_login(reviewer)

    response = client.post(
        reverse("workgroups:commitment_review", args=[commitment.pk]), {"status": status, "note": "  Zie verslag "}
    )

    commitment.refresh_from_db()
    assert response.status_code == 302
    assert (commitment.status, commitment.review_note, commitment.reviewed_by) == (status, "Zie verslag", reviewer)
    assert commitment.reviewed_at is not None
    page = client.get(workgroup.get_absolute_url()).content.decode()
    assert f'<span class="badge wg-badge-{status}">{commitment.get_status_display()}</span>' in page
    assert "Zie verslag" in page


@pytest.mark.parametrize("who", ["member", "other_partner", "resident"])
def test_others_cannot_review_a_commitment(client, workgroup, lead, member, resident, edition, who):
    commitment = CommitmentFactory(workgroup=workgroup, conference=edition)
    users = {"member": member, "other_partner": PartnerFactory(), "resident": resident}
    client.force_login(users[who])
    url = reverse("workgroups:commitment_review", args=[commitment.pk])

    responses = [client.get(url), client.post(url, {"status": "delivered", "note": "Gedaan"})]

    assert [r.status_code for r in responses] == [403, 403]
    commitment.refresh_from_db()
    assert (commitment.status, commitment.review_note, commitment.reviewed_by) == ("open", "", None)
    assert f'href="{url}"' not in client.get(workgroup.get_absolute_url()).content.decode()


def test_organisation_page_counts_commitments_kept_across_editions(client):
    from tests.factories import ConferenceFactory

    organisation = OrganisationFactory()
    older, newer = ConferenceFactory(), ConferenceFactory()
    for edition, status in [
        (older, Commitment.Status.DELIVERED),
        (older, Commitment.Status.DELIVERED),
        (older, Commitment.Status.NOT_DELIVERED),
        (newer, Commitment.Status.DELIVERED),
        (newer, Commitment.Status.PARTLY),
        (newer, Commitment.Status.OPEN),
    ]:
        CommitmentFactory(organisation=organisation, conference=edition, status=status)
    CommitmentFactory(conference=newer, status=Commitment.Status.DELIVERED)  # another organisation's

    response = client.get(organisation.get_absolute_url())

    html = response.content.decode()
    assert "3 van 6 toezeggingen nagekomen, 1 gedeeltelijk." in html
    assert str(older) in html
    assert str(newer) in html
