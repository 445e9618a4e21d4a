"""Organisers per edition: a region or a federation of towns runs several organisers' conferences on one portal."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from PIL import Image

from conference import services
from conference.models import Edition, Organiser, SessionHost, SiteSettings
from tests.conference.factories import RecapFactory, SessionFactory
from tests.factories import EditionFactory, OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]  # count the rendering


@pytest.fixture(autouse=True)
def _dutch():
    """Dutch, whatever an earlier test left active in this thread (a request under /en/ does)."""
    with translation.override("nl"):
        yield


LIST_URL = reverse("conference:manage_organisers")
CREATE_URL = reverse("conference:manage_organiser_create")


def _png(size=(900, 300), colour=(200, 30, 30, 128)) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGBA", size, colour)
    image.save(buffer, format="PNG", pnginfo=_text_chunk())
    return buffer.getvalue()


def _text_chunk():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Iemand met een naam")
    return info


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def site():
    site = SiteSettings.load()
    site = SiteSettings.objects.get(pk=site.pk)
    site.name, site.contact_email, site.website = "Gemeente Heumen", "", "https://www.heumen.nl"
    site.save()
    return site


def _organiser(**fields):
    values = {"name": "Zorgalliantie", "place": "Regio Nijmegen", "website": "", "contact_email": "", **fields}
    return services.save_organiser(**values)


# --- Coordinator pages --------------------------------------------------------------------------


def test_coordinator_navigation_links_to_the_organisers(coordinator_client):
    body = coordinator_client.get(reverse("conference:manage")).content.decode()

    assert f'href="{LIST_URL}"' in body
    assert "Andere organisatoren" in body


def test_organiser_list_is_empty_at_first(coordinator_client):
    response = coordinator_client.get(LIST_URL)

    assert response.status_code == 200
    assert "Er zijn nog geen andere organisatoren." in response.content.decode()


def test_organiser_list_shows_place_and_number_of_editions(coordinator_client):
    organiser = _organiser()
    EditionFactory.create_batch(2, organiser=organiser)
    _organiser(name="Buurtwerk Gent", place="Gent")

    response = coordinator_client.get(LIST_URL)

    rows = [(o.name, o.place, o.edition_count) for o in response.context["page_obj"]]
    assert rows == [("Buurtwerk Gent", "Gent", 0), ("Zorgalliantie", "Regio Nijmegen", 2)]


def test_coordinator_adds_an_organiser_with_a_logo_stored_clean(coordinator_client, media):
    upload = SimpleUploadedFile("logo.png", _png(), content_type="image/png")

    response = coordinator_client.post(
        CREATE_URL,
        {"name": "Zorgalliantie", "place": "Regio Nijmegen", "website": "https://zorgalliantie.example.org",
         "contact_email": "programmateam@zorgalliantie.example.org", "logo": upload},
    )  # fmt: skip

    assert response.status_code == 302
    organiser = Organiser.objects.get()
    assert (organiser.name, organiser.place, organiser.contact_email) == (
        "Zorgalliantie",
        "Regio Nijmegen",
        "programmateam@zorgalliantie.example.org",
    )
    assert organiser.logo.name.startswith("organisers/") and organiser.logo.name.endswith(".png")
    with Image.open(organiser.logo.path) as stored:
        assert (stored.format, stored.size, stored.mode) == ("PNG", (600, 200), "RGBA")
        assert "Author" not in stored.info


def test_logo_that_is_not_an_image_is_refused_and_nothing_is_stored(coordinator_client, media):
    upload = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)></svg>", content_type="image/png")

    response = coordinator_client.post(CREATE_URL, {"name": "Zorgalliantie", "logo": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    assert Organiser.objects.count() == 0
    assert list(media.rglob("*.*")) == []


def test_logo_larger_than_one_megabyte_is_refused(coordinator_client, media):
    big = _png(size=(1200, 1200)) + b"\0" * (1024 * 1024)
    upload = SimpleUploadedFile("logo.png", big, content_type="image/png")

    response = coordinator_client.post(CREATE_URL, {"name": "Zorgalliantie", "logo": upload})

    assert response.context["form"].errors["logo"] == ["Het logo mag maximaal 1 MB groot zijn."]
    assert Organiser.objects.count() == 0


def test_two_organisers_cannot_have_the_same_name(coordinator_client):
    _organiser()

    response = coordinator_client.post(CREATE_URL, {"name": "Zorgalliantie"})

    assert response.context["form"].errors["name"] == ["Er is al een organisator met deze naam."]
    assert Organiser.objects.count() == 1


def test_coordinator_edits_an_organiser_and_removes_its_logo(coordinator_client, media):
    organiser = _organiser(logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"))
    old_file = media / organiser.logo.name
    assert old_file.exists()

    response = coordinator_client.post(
        reverse("conference:manage_organiser_edit", args=[organiser.pk]),
        {"name": "Zorgalliantie Rijk van Nijmegen", "place": "Nijmegen", "logo-clear": "on"},
    )

    assert response.status_code == 302
    organiser.refresh_from_db()
    assert (organiser.name, organiser.place, organiser.logo.name) == ("Zorgalliantie Rijk van Nijmegen", "Nijmegen", "")


def test_removed_logo_file_is_deleted_after_the_change_is_stored(media, django_capture_on_commit_callbacks):
    organiser = _organiser(logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"))
    old_file = media / organiser.logo.name

    with django_capture_on_commit_callbacks(execute=True):
        services.save_organiser(organiser=organiser, name=organiser.name, logo=False)

    assert not old_file.exists()


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["resident", "partner"])
def test_only_coordinators_manage_organisers(client, resident, partner, who):
    client.force_login(resident if who == "resident" else partner)
    organiser = _organiser()

    responses = [
        client.get(LIST_URL),
        client.post(CREATE_URL, {"name": "Nieuw"}),
        client.post(reverse("conference:manage_organiser_edit", args=[organiser.pk]), {"name": "Anders"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403]
    assert list(Organiser.objects.values_list("name", flat=True)) == ["Zorgalliantie"]


# --- The edition form -------------------------------------------------------------------------------


def test_edition_form_offers_the_organisers_with_the_site_as_default(coordinator_client, site):
    _organiser()

    response = coordinator_client.get(reverse("conference:manage_edition_create"))

    field = response.context["form"].fields["organiser"]
    assert [label for _value, label in field.choices] == ["Gemeente Heumen (standaard)", "Zorgalliantie"]


def test_coordinator_sets_the_organiser_of_an_edition(coordinator_client):
    organiser = _organiser()
    edition = EditionFactory(slug="versnellingskamer")
    start = timezone.localtime(edition.starts_at)
    data = {
        "title": edition.title,
        "slug": edition.slug,
        "organiser": str(organiser.pk),
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "mode": "on_site",
        "venue": "Gemeentehuis",
    }

    response = coordinator_client.post(reverse("conference:manage_edition_edit", args=[edition.slug]), data)

    assert response.status_code == 302
    assert Edition.objects.get(pk=edition.pk).organiser == organiser


# --- Shown on the public pages ------------------------------------------------------------------


@pytest.fixture
def run_by_region(media):
    organiser = _organiser(
        website="https://zorgalliantie.example.org",
        logo=SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
    )
    edition = EditionFactory(title="Versnellingskamer", organiser=organiser)
    return edition


def _organiser_html(edition):
    organiser = edition.organiser
    return (
        f'<span class="portal-organiser"><img src="{organiser.logo.url}" alt="" class="portal-organiser-logo" '
        f'height="32"><a href="https://zorgalliantie.example.org">Zorgalliantie</a>, Regio Nijmegen</span>'
    )


def test_edition_page_shows_its_organiser(client, run_by_region):
    body = client.get(run_by_region.get_absolute_url()).content.decode()

    assert f"<dt>Georganiseerd door</dt>\n    <dd>{_organiser_html(run_by_region)}</dd>" in body


def test_session_page_shows_the_organiser_of_its_edition(client, run_by_region):
    session = SessionFactory(conference=run_by_region)

    body = client.get(session.get_absolute_url()).content.decode()

    assert f"<dd>{_organiser_html(run_by_region)}</dd>" in body


def test_edition_cards_on_the_archive_and_home_show_the_organiser(client, run_by_region):
    archive = client.get(reverse("conference:edition_list")).content.decode()
    home = client.get(reverse("conference:home")).content.decode()

    expected = f"Georganiseerd door {_organiser_html(run_by_region)}"
    assert (expected in archive, expected in home) == (True, True)


def test_recap_shows_the_organiser(client, run_by_region):
    RecapFactory(conference=run_by_region)

    body = client.get(reverse("conference:recap_detail", args=[run_by_region.slug])).content.decode()

    assert f"Georganiseerd door {_organiser_html(run_by_region)}" in body


def test_pages_show_the_sites_own_body_when_the_edition_has_no_organiser(client, site):
    edition = EditionFactory()
    session = SessionFactory(conference=edition)
    RecapFactory(conference=edition)
    default = '<span class="portal-organiser"><a href="https://www.heumen.nl">Gemeente Heumen</a></span>'

    pages = [
        edition.get_absolute_url(),
        session.get_absolute_url(),
        reverse("conference:edition_list"),
        reverse("conference:recap_detail", args=[edition.slug]),
    ]

    assert [default in client.get(url).content.decode() for url in pages] == [True] * 4


# --- In the calendar feeds ------------------------------------------------------------------------


def _events(client, name, *args):
    return Calendar.from_ical(client.get(reverse(name, args=args)).content).walk("VEVENT")


def test_edition_calendar_names_the_organiser_with_its_address(client):
    organiser = _organiser(contact_email="programmateam@zorgalliantie.example.org")
    edition = EditionFactory(title="Versnellingskamer", organiser=organiser)
    SessionFactory(conference=edition, title="Tafel 1")

    events = _events(client, "conference:edition_ics", edition.slug)

    organisers = [(str(e["organizer"]), e["organizer"].params["CN"]) for e in events]
    assert organisers == [("mailto:programmateam@zorgalliantie.example.org", "Zorgalliantie")] * 2
    assert "Georganiseerd door" not in str(events[0].get("description", ""))


def test_edition_calendar_names_an_organiser_without_address_in_the_description(client):
    edition = EditionFactory(title="Versnellingskamer", motto="Samen", organiser=_organiser())

    (event,) = _events(client, "conference:edition_ics", edition.slug)

    assert "organizer" not in event
    assert str(event["description"]) == "Samen\n\nGeorganiseerd door Zorgalliantie, Regio Nijmegen"


def test_all_editions_calendar_names_each_editions_organiser(client, site):
    site.contact_email = "werkconferentie@heumen.nl"
    site.save()
    EditionFactory(title="Eigen editie", starts_at=timezone.now() + timedelta(days=10))
    EditionFactory(
        title="Regio-editie", organiser=_organiser(), motto="", starts_at=timezone.now() + timedelta(days=20)
    )

    events = _events(client, "conference:editions_ics")

    assert [
        (str(e["summary"]), str(e.get("organizer", "")), str(e.get("description", "")).split("\n\n")[-1])
        for e in events
    ] == [
        ("Eigen editie", "mailto:werkconferentie@heumen.nl", "Samen voor iedereen"),
        ("Regio-editie", "", "Georganiseerd door Zorgalliantie, Regio Nijmegen"),
    ]
    assert events[0]["organizer"].params["CN"] == "Gemeente Heumen"


# --- Query counts stay flat with organisers on every edition ---------------------------------------


def _edition_with_organiser(n):
    organiser = _organiser(name=f"Organisator {n}", place=f"Plaats {n}")
    edition = EditionFactory(organiser=organiser, starts_at=timezone.now() + timedelta(days=10 + n))
    session = SessionFactory(conference=edition)
    SessionHost.objects.create(session=session, organisation=OrganisationFactory())
    RecapFactory(conference=edition)
    return edition, session


def _count(client, url):
    client.get(url)  # warm the caches, as on a running site
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("page", "bound"),
    [
        ("home", 7),
        ("edition_list", 5),
        ("edition_detail", 13),
        ("session_detail", 7),
        ("recap_detail", 10),
        ("edition_ics", 5),
        ("editions_ics", 3),
    ],
)
def test_pages_with_organisers_have_a_flat_query_count(client, page, bound):
    edition, session = _edition_with_organiser(0)
    urls = {
        "home": reverse("conference:home"),
        "edition_list": reverse("conference:edition_list"),
        "edition_detail": edition.get_absolute_url(),
        "session_detail": session.get_absolute_url(),
        "recap_detail": reverse("conference:recap_detail", args=[edition.slug]),
        "edition_ics": reverse("conference:edition_ics", args=[edition.slug]),
        "editions_ics": reverse("conference:editions_ics"),
    }

    one = _count(client, urls[page])
    for n in range(1, 20):
        _edition_with_organiser(n)
    twenty = _count(client, urls[page])

    assert (twenty, twenty <= bound) == (one, True)


@pytest.mark.parametrize("count", [1, 30])
def test_organiser_list_queries_do_not_grow(coordinator_client, django_assert_max_num_queries, count):
    for n in range(count):
        EditionFactory(organiser=_organiser(name=f"Organisator {n}"))
    SiteSettings.load()

    with django_assert_max_num_queries(6):
        response = coordinator_client.get(LIST_URL)

    assert len(response.context["page_obj"]) == count


def test_demo_has_a_regional_organiser_and_an_organisation_only_host():
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())

    edition = Edition.objects.get(slug="2020-versnellingskamer-participatie")
    assert (edition.organiser.name, edition.organiser.place) == ("Zorgalliantie", "Regio Nijmegen")
    session = edition.sessions.get(title="Gesprekken aan drie tafels")
    assert session.hosts.count() == 6
    organisation_only = SessionHost.objects.filter(name="").select_related("organisation", "session")
    assert [(h.session.title, h.label) for h in organisation_only] == [
        ("Keuzesessie: Sociale media, hoe houden we het leuk?", "Preventienetwerk Jeugd")
    ]
