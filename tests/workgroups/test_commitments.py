from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import OrganisationFactory, PartnerFactory
from tests.html import collapsed
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
    with pytest.raises(ValidationError, match="Alleen leden van een organisatie kunnen toezeggingen"):
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

    conference_wide.refresh_from_db()
    assert (conference_wide.status, conference_wide.reviewed_by) == ("open", None)
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
    from tests.factories import EditionFactory

    organisation = OrganisationFactory()
    older, newer = EditionFactory(), EditionFactory()
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


# Hours and euros ----------------------------------------------------------------------------

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "typed", "stored"),
    [
        ("nl", "12,5", "12.5"),
        ("nl", "12.5", "12.5"),
        ("nl", "1.500", "1500"),
        ("nl", "1.500,50", "1500.50"),
        ("nl", "€ 1.234.567", "1234567"),
        ("nl", "0.250", "0.250"),
        ("nl", "250", "250"),
        ("en", "1,500", "1500"),
        ("en", "12,5", "12.5"),
        ("en", "1,500.50", "1500.50"),
    ],
)
def test_numbers_are_read_as_people_type_them(language, typed, stored):
    from django.utils import translation

    from workgroups.forms import normalise_number

    with translation.override(language):
        assert normalise_number(typed) == stored


def _commitment_post(edition, organisation, **fields):
    return {
        "organisation": organisation.pk,
        "conference": edition.pk,
        "kind": "hours",
        "description": "4 uur per maand van een welzijnswerker",
        **fields,
    }


def test_hours_and_euros_are_stored_as_numbers_with_the_description_as_note(client, partner, edition):
    organisation = partner.organisations.get()
    client.force_login(partner)

    response = client.post(
        reverse("workgroups:commitment_create"),
        _commitment_post(edition, organisation, hours="12,5", amount="1.500,50"),
    )

    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.hours, commitment.amount, commitment.description) == (
        Decimal("12.5"),
        Decimal("1500.50"),
        "4 uur per maand van een welzijnswerker",
    )
    assert f"12,5{NBSP}uur · €{NBSP}1.500,50" in client.get(organisation.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("hours", "-3", "Zorg ervoor dat deze waarde minstens 0 is."),
        ("amount", "veel", "Voer een getal in."),
        ("hours", "1,25", "Zorg dat er niet meer dan 1 cijfer achter de komma staat."),
    ],
)
def test_bad_numbers_are_refused_and_nothing_is_stored(client, partner, edition, field, typed, message):
    client.force_login(partner)

    response = client.post(
        reverse("workgroups:commitment_create"),
        _commitment_post(edition, partner.organisations.get(), **{field: typed}),
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Commitment.objects.count() == 0


def test_service_refuses_negative_numbers(partner, edition):
    with pytest.raises(ValidationError, match="Het bedrag kan niet negatief zijn"):
        services.record_commitment(
            organisation=partner.organisations.get(),
            recorded_by=partner,
            conference=edition,
            description="Geld",
            amount=Decimal("-1"),
        )
    assert Commitment.objects.count() == 0


def test_numbers_are_optional(client, partner, edition):
    client.force_login(partner)

    client.post(
        reverse("workgroups:commitment_create"),
        _commitment_post(edition, partner.organisations.get(), kind="location", hours="", amount=""),
    )

    assert Commitment.objects.values_list("hours", "amount").get() == (None, None)


def _pledges(edition, workgroup=None):
    """Two organisations: 10 h delivered + 2,5 h open + € 500 delivered + € 250 partly; and 4 h + € 1.000 open."""
    care, sport = OrganisationFactory(name="Zorgalliantie"), OrganisationFactory(name="Sportservice")
    delivered, partly = Commitment.Status.DELIVERED, Commitment.Status.PARTLY
    CommitmentFactory(organisation=care, conference=edition, workgroup=workgroup, hours=10, status=delivered)
    CommitmentFactory(organisation=care, conference=edition, workgroup=workgroup, hours=Decimal("2.5"))
    CommitmentFactory(organisation=care, conference=edition, workgroup=workgroup, amount=500, status=delivered)
    CommitmentFactory(organisation=care, conference=edition, amount=250, status=partly)
    CommitmentFactory(organisation=sport, conference=edition, workgroup=workgroup, hours=4, amount=1000)
    CommitmentFactory(organisation=sport, conference=edition, kind="location", description="Een zaal")
    return care, sport


def test_totals_per_organisation_on_its_page(client, edition):
    care, _sport = _pledges(edition)
    CommitmentFactory(organisation=care, hours=1)  # at another edition: counts for the organisation too

    response = client.get(care.get_absolute_url())

    html = response.content.decode()
    assert f"Toegezegd:</strong> 13,5{NBSP}uur en €{NBSP}750." in collapsed(html)
    assert f"Helemaal geleverd:</strong> 10{NBSP}uur en €{NBSP}500." in collapsed(html)


def test_totals_per_edition_on_its_page_and_in_its_recap(client, edition):
    from tests.conference.factories import RecapFactory

    _care, sport = _pledges(edition)
    CommitmentFactory(hours=100, amount=100)  # another edition: not counted
    recap = RecapFactory(conference=edition)

    for url in (edition.get_absolute_url(), recap.get_absolute_url()):
        html = client.get(url).content.decode()
        assert f"Toegezegd:</strong> 16,5{NBSP}uur en €{NBSP}1.750." in collapsed(html)
        assert f"Helemaal geleverd:</strong> 10{NBSP}uur en €{NBSP}500." in collapsed(html)
        assert (
            f'<th scope="row"><a href="{sport.get_absolute_url()}">Sportservice</a></th>\n'
            f'              <td class="text-end">4{NBSP}uur</td>\n'
            f'              <td class="text-end">€{NBSP}1.000</td>'
        ) in html


def test_totals_are_summed_by_the_database(edition, django_assert_num_queries):
    from workgroups import selectors

    _pledges(edition)

    with django_assert_num_queries(2):
        totals = selectors.commitment_totals(edition.commitments.all())
        rows = selectors.commitment_totals_by_organisation(edition.commitments.all())

    assert totals == {
        "count": 6,
        "total_hours": Decimal("16.5"),
        "total_amount": Decimal("1750"),
        "delivered_hours": Decimal("10"),
        "delivered_amount": Decimal("500"),
    }
    assert [(r["organisation__name"], r["total_hours"], r["total_amount"], r["delivered_hours"]) for r in rows] == [
        ("Sportservice", Decimal("4"), Decimal("1000"), None),
        ("Zorgalliantie", Decimal("12.5"), Decimal("750"), Decimal("10")),
    ]


def test_totals_per_workgroup_on_its_page(client, workgroup, edition):
    _pledges(edition, workgroup=workgroup)

    html = client.get(workgroup.get_absolute_url()).content.decode()

    assert f"Toegezegd:</strong> 16,5{NBSP}uur en €{NBSP}1.500." in collapsed(html)
    assert f"4{NBSP}uur · €{NBSP}1.000" in html


def test_no_totals_when_nothing_is_counted(client, edition):
    organisation = OrganisationFactory()
    CommitmentFactory(organisation=organisation, conference=edition, kind="location", description="Een zaal")

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "Toegezegd:" not in html


@pytest.mark.parametrize("count", [1, 30])
def test_edition_page_with_totals_queries_do_not_grow(client, edition, django_assert_max_num_queries, count):
    from conference.models import SiteSettings

    for _ in range(count):
        CommitmentFactory(conference=edition, hours=2, amount=50)
    SiteSettings.load()

    with django_assert_max_num_queries(14):
        response = client.get(edition.get_absolute_url())

    assert response.status_code == 200
    assert f"{2 * count}{NBSP}uur" in response.content.decode()
