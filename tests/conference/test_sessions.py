from datetime import timedelta

import pytest
from django.urls import reverse

from conference import services
from conference.models import SessionChoice, SessionHost, SiteSettings
from tests.conference.factories import SessionFactory, TableTalkFactory
from tests.factories import ConferenceFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(session):
    return reverse("conference:session_detail", args=[session.conference.slug, session.pk])


def test_session_page_shows_hosts_places_and_parallel_sessions(client):
    organisation = OrganisationFactory(name="Zorgalliantie")
    session = SessionFactory(title="Wonen met zorg", room="Raadzaal", capacity=12)
    SessionHost.objects.create(session=session, name="Sanne Spreker", organisation=organisation)
    SessionFactory(conference=session.conference, title="Eenzaamheid")
    SessionFactory(conference=session.conference, title="Later", starts_at=session.ends_at)

    response = client.get(_url(session))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Sanne Spreker" in body
    assert organisation.get_absolute_url() in body
    assert "Raadzaal" in body
    assert "12 van 12 plaatsen vrij" in body
    assert [s.title for s in response.context["parallel"]] == ["Eenzaamheid"]


def test_edition_programme_links_to_each_session(client):
    session = SessionFactory()

    response = client.get(session.conference.get_absolute_url())

    assert _url(session) in response.content.decode()


def test_full_session_says_new_choices_go_to_the_waiting_list(client):
    session = SessionFactory(capacity=1)
    services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    response = client.get(_url(session))

    assert "Vol: nieuwe keuzes komen op de wachtlijst." in response.content.decode()


def test_participant_sees_their_place_or_waiting_list(client):
    session = SessionFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    services.register(conference=session.conference, user=first, sessions=[session])
    services.register(conference=session.conference, user=second, sessions=[session])
    assert SessionChoice.objects.get(registration__user=second).status == SessionChoice.Status.WAITLISTED

    client.force_login(first)
    assert "U hebt een plaats in deze sessie." in client.get(_url(session)).content.decode()
    client.force_login(second)
    assert "U staat op de wachtlijst voor deze sessie." in client.get(_url(session)).content.decode()


def test_table_talk_round_lists_its_tables(client):
    session = SessionFactory(kind="table_talk", needs_registration=False)
    table = TableTalkFactory(conference=session.conference, session=session, title="Mentale weerbaarheid")

    response = client.get(_url(session))

    assert table.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_session_of_an_unpublished_edition_is_invisible(client, who):
    session = SessionFactory(conference=ConferenceFactory(is_published=False))
    if who == "resident":
        client.force_login(UserFactory())

    assert client.get(_url(session)).status_code == 404


def test_session_of_an_unpublished_edition_is_visible_to_coordinators(coordinator_client):
    session = SessionFactory(conference=ConferenceFactory(is_published=False))

    assert coordinator_client.get(_url(session)).status_code == 200


def test_session_of_another_edition_is_not_found_under_this_edition(client):
    session = SessionFactory()
    other = ConferenceFactory()

    assert client.get(reverse("conference:session_detail", args=[other.slug, session.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 100])
def test_session_page_queries_do_not_grow(client, django_assert_max_num_queries, count):
    edition = ConferenceFactory()
    ConferenceFactory.create_batch(count)
    sessions = SessionFactory.create_batch(count, conference=edition)
    for index, session in enumerate(sessions[:20]):
        SessionHost.objects.create(session=session, name=f"Host {index}", organisation=OrganisationFactory())
        TableTalkFactory(conference=edition, session=sessions[0])
        SessionFactory(conference=edition, starts_at=edition.starts_at + timedelta(minutes=index))
    for user in UserFactory.create_batch(min(count, 20)):
        services.register(conference=edition, user=user, sessions=[sessions[0]])
    SiteSettings.load()  # cached once per site, as on a running portal

    with django_assert_max_num_queries(8):
        response = client.get(_url(sessions[0]))

    assert response.status_code == 200
