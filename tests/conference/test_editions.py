import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conference.models import Edition, Recap, Session
from tests.conference.factories import RecapFactory, SessionFactory
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_unpublished_edition_is_invisible(client, resident, who):
    edition = EditionFactory(is_published=False)
    if who == "resident":
        client.force_login(resident)

    assert client.get(edition.get_absolute_url()).status_code == 404
    assert client.get(reverse("conference:edition_ics", args=[edition.slug])).status_code == 404


def test_unpublished_edition_is_visible_to_coordinators(coordinator_client):
    edition = EditionFactory(is_published=False)

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

    edition = Edition.objects.get(slug="najaar")
    assert response.status_code == 302
    assert (edition.capacity, edition.is_published) == (50, False)


def test_edition_form_with_end_before_start_stores_nothing(coordinator_client):
    start = timezone.localtime() + timedelta(days=60)
    data = _edition_data(ends_at=start.strftime("%Y-%m-%dT09:00"))

    response = coordinator_client.post(reverse("conference:manage_edition_create"), data)

    assert response.status_code == 200
    assert Edition.objects.count() == 0
    assert "Het einde moet na het begin komen." in response.content.decode()


def test_resident_cannot_create_editions(resident_client):
    response = resident_client.post(reverse("conference:manage_edition_create"), _edition_data())

    assert response.status_code == 403
    assert Edition.objects.count() == 0


def test_coordinator_publishes_and_unpublishes(coordinator_client):
    edition = EditionFactory(is_published=False)
    url = reverse("conference:manage_edition_publish", args=[edition.slug])

    coordinator_client.post(url, {"publish": "1"})
    published = Edition.objects.get(pk=edition.pk).is_published
    coordinator_client.post(url, {"publish": "0", "confirm": "1"})

    assert (published, Edition.objects.get(pk=edition.pk).is_published) == (True, False)


def test_coordinator_adds_a_session_with_a_host(coordinator_client):
    edition = EditionFactory()
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
    edition = EditionFactory()
    SessionFactory(conference=edition, title="A")
    SessionFactory(conference=edition, title="B")
    SessionFactory(conference=edition, title="C", starts_at=edition.starts_at + timedelta(hours=2))

    response = client.get(edition.get_absolute_url())

    assert [[s.title for s in slot["sessions"]] for slot in response.context["slots"]] == [["A", "B"], ["C"]]


# Query bounds for these pages (1 against 100 full editions) are in test_query_bounds.py.


def test_editions_ics_parses_with_the_right_dates(client):
    edition = EditionFactory(
        title="Lente", starts_at=datetime(2027, 3, 18, 12, tzinfo=UTC), ends_at=datetime(2027, 3, 18, 16, tzinfo=UTC)
    )
    EditionFactory(is_published=False, title="Geheim")

    response = client.get(reverse("conference:editions_ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
        ("Lente", edition.starts_at, edition.ends_at)
    ]


def test_edition_ics_contains_the_sessions(client):
    edition = EditionFactory(
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


def test_calendar_dtstamp_is_when_the_feed_was_made(client):
    edition = EditionFactory(
        starts_at=datetime(2027, 3, 18, 12, tzinfo=UTC), ends_at=datetime(2027, 3, 18, 16, tzinfo=UTC)
    )
    SessionFactory(conference=edition, starts_at=datetime(2027, 3, 18, 13, tzinfo=UTC))
    before = timezone.now().replace(microsecond=0)

    feeds = [
        client.get(reverse("conference:editions_ics")),
        client.get(reverse("conference:edition_ics", args=[edition.slug])),
    ]

    after = timezone.now()
    for response in feeds:
        events = Calendar.from_ical(response.content).walk("VEVENT")
        stamps = {e.decoded("dtstamp") for e in events}
        assert len(stamps) == 1
        stamp = stamps.pop()
        assert before <= stamp <= after
        assert stamp.utcoffset() == timedelta(0)
        assert b"DTSTAMP:" + stamp.strftime("%Y%m%dT%H%M%SZ").encode() in response.content


def test_coordinator_edits_an_edition(coordinator_client):
    edition = EditionFactory(title="Oud", slug="najaar", capacity=20)

    response = coordinator_client.post(
        reverse("conference:manage_edition_edit", args=[edition.slug]),
        _edition_data(title="Werkconferentie najaar 2027", motto="Samen verder", capacity="80"),
    )

    edition.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("conference:manage_edition", args=["najaar"])
    assert (edition.title, edition.motto, edition.capacity) == ("Werkconferentie najaar 2027", "Samen verder", 80)


def test_edition_edit_with_bad_data_changes_nothing(coordinator_client):
    edition = EditionFactory(title="Oud", slug="najaar")
    start = timezone.localtime() + timedelta(days=60)

    response = coordinator_client.post(
        reverse("conference:manage_edition_edit", args=[edition.slug]),
        _edition_data(title="Nieuw", ends_at=start.strftime("%Y-%m-%dT09:00")),
    )

    assert response.status_code == 200
    assert Edition.objects.get(pk=edition.pk).title == "Oud"


def test_archive_separates_upcoming_and_past_in_the_right_order(client):
    now = timezone.now()
    later = EditionFactory(title="Over twee maanden", starts_at=now + timedelta(days=60))
    soon = EditionFactory(title="Volgende week", starts_at=now + timedelta(days=7))
    long_ago = EditionFactory(title="Twee jaar geleden", starts_at=now - timedelta(days=730))
    recent = EditionFactory(title="Vorige maand", starts_at=now - timedelta(days=30))
    EditionFactory(title="Verborgen", starts_at=now - timedelta(days=10), is_published=False)

    response = client.get(reverse("conference:edition_list"))

    assert [e.pk for e in response.context["upcoming"]] == [soon.pk, later.pk]
    assert [e.pk for e in response.context["page_obj"]] == [recent.pk, long_ago.pk]
    body = response.content.decode()
    positions = [
        body.index(title) for title in ["Volgende week", "Over twee maanden", "Vorige maand", "Twee jaar geleden"]
    ]
    assert positions == sorted(positions)
    assert body.index("Eerdere edities") < positions[2]
    assert "Verborgen" not in body


def test_edition_dates_are_dutch_on_the_dutch_page_and_english_under_en(client):
    edition = EditionFactory(
        starts_at=datetime(2027, 10, 26, 12, tzinfo=UTC), ends_at=datetime(2027, 10, 26, 16, tzinfo=UTC)
    )

    dutch = client.get(edition.get_absolute_url()).content.decode()
    english = client.get("/en" + edition.get_absolute_url()).content.decode()

    assert "dinsdag 26 oktober 2027, 14:00" in dutch  # Amsterdam time
    assert "October" not in dutch
    assert "Tuesday 26 October 2027" in english
    assert "oktober" not in english


def test_the_edition_page_links_its_recap_once_it_is_published(coordinator_client):
    from django.test import Client

    client = Client()  # nobody signed in
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=30))
    recap = RecapFactory(conference=edition, status=Recap.Status.DRAFT)
    link = reverse("conference:recap_detail", args=[edition.slug])

    assert link not in client.get(edition.get_absolute_url()).content.decode()
    assert link in coordinator_client.get(edition.get_absolute_url()).content.decode()  # coordinators see drafts
    recap.status = Recap.Status.PUBLISHED
    recap.save()
    body = client.get(edition.get_absolute_url()).content.decode()
    assert link in body and "Lees de terugblik" in body


def test_the_edition_page_shows_a_signed_in_persons_registration(resident_client, resident):
    from conference import services

    edition = EditionFactory(
        registration_opens_at=timezone.now() - timedelta(days=1),
        registration_closes_at=timezone.now() + timedelta(days=5),
        starts_at=timezone.now() + timedelta(days=10),
    )
    before = resident_client.get(edition.get_absolute_url()).content.decode()
    services.register(conference=edition, user=resident)
    after = resident_client.get(edition.get_absolute_url()).content.decode()

    assert "U bent aangemeld." not in before
    assert "U bent aangemeld." in after
