import pytest
from django.urls import reverse

from conference.models import Membership, SiteSettings, User
from tests.factories import CoordinatorFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

MANAGE_PAGES = [
    "conference:manage",
    "conference:manage_users",
    "conference:manage_organisations",
    "conference:manage_site",
]


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_resident_gets_403(resident_client, name):
    response = resident_client.get(reverse(name))

    assert response.status_code == 403
    assert "geen toegang" in response.content.decode()


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_partner_gets_403(partner_client, name):
    assert partner_client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_coordinator_gets_page(coordinator_client, name):
    assert coordinator_client.get(reverse(name)).status_code == 200


def test_coordinator_grants_and_revokes_partner(coordinator_client):
    person = UserFactory()
    organisation = OrganisationFactory()

    coordinator_client.post(
        reverse("conference:manage_user_grant", args=[person.pk]), {"organisation": organisation.pk}
    )
    membership = Membership.objects.get(user=person)
    assert membership.organisation == organisation

    coordinator_client.post(reverse("conference:manage_membership_revoke", args=[membership.pk]))
    assert not Membership.objects.filter(user=person).exists()


def test_resident_cannot_grant_roles(resident_client, resident):
    organisation = OrganisationFactory()

    response = resident_client.post(
        reverse("conference:manage_user_grant", args=[resident.pk]), {"organisation": organisation.pk}
    )
    promote = resident_client.post(
        reverse("conference:manage_user_coordinator", args=[resident.pk]), {"is_coordinator": "1"}
    )

    assert response.status_code == promote.status_code == 403
    assert not Membership.objects.exists()
    resident.refresh_from_db()
    assert resident.is_coordinator is False


def test_coordinator_makes_and_unmakes_coordinator(coordinator_client):
    person = UserFactory()

    coordinator_client.post(reverse("conference:manage_user_coordinator", args=[person.pk]), {"is_coordinator": "1"})
    assert User.objects.get(pk=person.pk).is_coordinator is True

    coordinator_client.post(reverse("conference:manage_user_coordinator", args=[person.pk]), {"is_coordinator": "0"})
    assert User.objects.get(pk=person.pk).is_coordinator is False


def test_coordinator_cannot_remove_own_role(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("conference:manage_user_coordinator", args=[coordinator.pk]), {"is_coordinator": "0"}, follow=True
    )

    assert User.objects.get(pk=coordinator.pk).is_coordinator is True
    assert "eigen rol" in response.content.decode()


def test_role_changes_need_post(coordinator_client):
    person = UserFactory()

    response = coordinator_client.get(reverse("conference:manage_user_coordinator", args=[person.pk]))

    assert response.status_code == 405


def test_grant_with_bad_input_stores_nothing(coordinator_client):
    person = UserFactory()

    response = coordinator_client.post(
        reverse("conference:manage_user_grant", args=[person.pk]), {"organisation": "999999"}, follow=True
    )

    assert not Membership.objects.exists()
    assert "Kies een organisatie" in response.content.decode()


@pytest.mark.parametrize("count", [1, 40])
def test_user_list_queries_do_not_grow(coordinator_client, django_assert_max_num_queries, count):
    organisation = OrganisationFactory()
    for user in UserFactory.create_batch(count):
        Membership.objects.create(user=user, organisation=organisation)
    CoordinatorFactory()
    SiteSettings.load()

    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("conference:manage_users"))

    assert response.status_code == 200


def test_user_list_search(coordinator_client):
    UserFactory(display_name="Anna Zoekbaar")
    UserFactory(display_name="Bert Anders")

    response = coordinator_client.get(reverse("conference:manage_users"), {"q": "zoekbaar"})

    names = [str(user) for user in response.context["page_obj"]]
    assert names == ["Anna Zoekbaar"]


def test_public_organisation_page_shows_names_not_emails(client):
    organisation = OrganisationFactory()
    person = UserFactory(display_name="Zichtbare Naam", email="geheim@example.org")
    Membership.objects.create(user=person, organisation=organisation)

    body = client.get(organisation.get_absolute_url()).content.decode()

    assert "Zichtbare Naam" in body
    assert "geheim@example.org" not in body
