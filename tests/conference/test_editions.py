import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conference import services
from conference.models import Conference, Outcome, Recap, Session, SiteSettings
from tests.conference.factories import OutcomeFactory, RecapFactory, SessionFactory, TableTalkFactory
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_unpublished_edition_is_invisible(client, resident, who):
    edition = ConferenceFactory(is_published=False)
    if who == "resident":
        client.force_login(resident)

    assert client.get(edition.get_absolute_url()).status_code == 404
    assert client.get(reverse("conference:edition_ics", args=[edition.slug])).status_code == 404


def test_unpublished_edition_is_visible_to_coordinators(coordinator_client):
    edition = ConferenceFactory(is_published=False)

    assert coordinator_client.get(edition.get_absolute_url()).status_code == 200


def _edition_data(**overrides):
    start = timezone.localtime() + timedelta(days=60)
    data = {
        "title": "Werkconferentie najaar",
        "slug": "najaar",
        "motto": "Samen",
        "starts_at": start.strftime("%Y-%m-%dT13:00"),
        "ends_at": start.strftime("%Y-%m-%dT17:00"),
        "mode": "on_site",
        "venue": "Gemeentehuis",
        "capacity": "50",
        "description": "Welkom",
    }
    return {**data, **overrides}


def test_coordinator_creates_an_unpublished_edition(coordinator_client):
    response = coordinator_client.post(reverse("conference:manage_edition_create"), _edition_data())

    edition = Conference.objects.get(slug="najaar")
    assert response.status_code == 302
    assert (edition.capacity, edition.is_published) == (50, False)


def test_edition_form_with_end_before_start_stores_nothing(coordinator_client):
    start = timezone.localtime() + timedelta(days=60)
    data = _edition_data(ends_at=start.strftime("%Y-%m-%dT09:00"))

    response = coordinator_client.post(reverse("conference:manage_edition_create"), data)

    assert response.status_code == 200
    assert Conference.objects.count() == 0
    assert "Het einde moet na het begin komen." in response.content.decode()


def test_resident_cannot_create_editions(resident_client):
    response = resident_client.post(reverse("conference:manage_edition_create"), _edition_data())

    assert response.status_code == 403
    assert Conference.objects.count() == 0


def test_coordinator_publishes_and_unpublishes(coordinator_client):
    edition = ConferenceFactory(is_published=False)
    url = reverse("conference:manage_edition_publish", args=[edition.slug])

    coordinator_client.post(url, {"publish": "1"})
    published = Conference.objects.get(pk=edition.pk).is_published
    coordinator_client.post(url, {"publish": "0"})

    assert (published, Conference.objects.get(pk=edition.pk).is_published) == (True, False)


def test_coordinator_adds_a_session_with_a_host(coordinator_client):
    edition = ConferenceFactory()
    start = timezone.localtime(edition.starts_at)
    data = {
        "kind": "choice",
        "title": "Keuzesessie wonen",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "room": "Zaal 1",
        "capacity": "20",
        "needs_registration": "on",
        "hosts-TOTAL_FORMS": "2",
        "hosts-INITIAL_FORMS": "0",
        "hosts-MIN_NUM_FORMS": "0",
        "hosts-MAX_NUM_FORMS": "20",
        "hosts-0-name": "Sanne Spreker",
        "hosts-0-role": "speaker",
        "hosts-1-role": "speaker",
    }

    response = coordinator_client.post(reverse("conference:manage_session_create", args=[edition.slug]), data)

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.title, [h.name for h in session.hosts.all()]) == ("Keuzesessie wonen", ["Sanne Spreker"])


def test_programme_puts_parallel_sessions_in_one_slot(client):
    edition = ConferenceFactory()
    SessionFactory(conference=edition, title="A")
    SessionFactory(conference=edition, title="B")
    SessionFactory(conference=edition, title="C", starts_at=edition.starts_at + timedelta(hours=2))

    response = client.get(edition.get_absolute_url())

    assert [[s.title for s in slot["sessions"]] for slot in response.context["slots"]] == [["A", "B"], ["C"]]


def _fill(count):
    editions = ConferenceFactory.create_batch(count)
    for edition in editions[:3]:
        SessionFactory.create_batch(3, conference=edition)
        table = TableTalkFactory(conference=edition)
        OutcomeFactory.create_batch(3, table_talk=table, status=Outcome.Status.PUBLISHED)
        RecapFactory(conference=edition)
    SiteSettings.load()
    return editions


PAGES = [
    ("conference:home", None, 16),
    ("conference:edition_list", None, 6),
    ("conference:edition_detail", "slug", 20),  # includes the panels of themes and workgroups
    ("conference:recap_list", None, 6),
    ("conference:recap_detail", "slug", 16),
    ("conference:editions_ics", None, 4),
    ("conference:recap_feed", None, 4),
]


@pytest.mark.parametrize("count", [1, 100])
@pytest.mark.parametrize(("name", "arg", "bound"), PAGES)
def test_public_page_queries_do_not_grow(client, django_assert_max_num_queries, count, name, arg, bound):
    editions = _fill(count)
    url = reverse(name, args=[editions[0].slug] if arg else [])

    with django_assert_max_num_queries(bound):
        response = client.get(url)

    assert response.status_code == 200


MANAGE_PAGES = [
    ("conference:manage", None, 10),
    ("conference:manage_editions", None, 8),
    ("conference:manage_edition", "slug", 12),
    ("conference:manage_registrations", "slug", 12),
    ("conference:manage_table_talks", "slug", 14),
    ("conference:manage_recap", "slug", 12),
    ("conference:manage_evaluation", "slug", 10),
]


@pytest.mark.parametrize("count", [1, 100])
@pytest.mark.parametrize(("name", "arg", "bound"), MANAGE_PAGES)
def test_coordinator_page_queries_do_not_grow(
    coordinator_client, django_assert_max_num_queries, count, name, arg, bound
):
    editions = _fill(count)
    url = reverse(name, args=[editions[0].slug] if arg else [])

    with django_assert_max_num_queries(bound):
        response = coordinator_client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 100])
def test_my_page_and_register_page_queries_do_not_grow(resident_client, resident, django_assert_max_num_queries, count):
    editions = _fill(count)
    for edition in editions[:25]:
        services.register(conference=edition, user=resident, sessions=list(edition.sessions.all()[:1]))

    with django_assert_max_num_queries(22):  # includes the panels of themes and workgroups
        assert resident_client.get(reverse("conference:my_overview")).status_code == 200
    with django_assert_max_num_queries(10):
        assert resident_client.get(reverse("conference:register", args=[editions[0].slug])).status_code == 200


def test_editions_ics_parses_with_the_right_dates(client):
    edition = ConferenceFactory(
        title="Lente", starts_at=datetime(2027, 3, 18, 12, tzinfo=UTC), ends_at=datetime(2027, 3, 18, 16, tzinfo=UTC)
    )
    ConferenceFactory(is_published=False, title="Geheim")

    response = client.get(reverse("conference:editions_ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
        ("Lente", edition.starts_at, edition.ends_at)
    ]


def test_edition_ics_contains_the_sessions(client):
    edition = ConferenceFactory(
        starts_at=datetime(2027, 3, 18, 12, tzinfo=UTC), ends_at=datetime(2027, 3, 18, 16, tzinfo=UTC)
    )
    SessionFactory(conference=edition, title="Plenair", starts_at=datetime(2027, 3, 18, 12, 30, tzinfo=UTC))

    response = client.get(reverse("conference:edition_ics", args=[edition.slug]))

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in events] == [
        (edition.title, datetime(2027, 3, 18, 12, tzinfo=UTC)),
        ("Plenair", datetime(2027, 3, 18, 12, 30, tzinfo=UTC)),
    ]


def test_recap_atom_feed_parses_and_lists_published_recaps(client):
    published = RecapFactory(title="Terugblik oktober")
    published.published_at = datetime(2023, 11, 1, 9, tzinfo=UTC)
    published.save()
    RecapFactory(title="Concept", status=Recap.Status.DRAFT)

    response = client.get(reverse("conference:recap_feed"))

    ns = {"atom": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    entries = feed.findall("atom:entry", ns)
    assert [e.findtext("atom:title", namespaces=ns) for e in entries] == ["Terugblik oktober"]
    assert entries[0].findtext("atom:published", namespaces=ns) == "2023-11-01T09:00:00+00:00"
