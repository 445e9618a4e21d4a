"""Speakers and hosts as programmes have them: a person, an organisation, or both; as many as needed."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from conference import services
from conference.models import Registration, Session, SessionChoice, SessionHost, SiteSettings
from tests.conference.factories import SessionFactory
from tests.factories import EditionFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    """Dutch, whatever an earlier test left active in this thread (a request under /en/ does)."""
    with translation.override("nl"):
        yield


NEITHER = "Vul een naam in, een organisatie of allebei."


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _session_data(edition, hosts=(), *, initial=0, **fields):
    """POST data of the session form: ``hosts`` are dicts of one row each (id, name, organisation, role...)."""
    data = {
        "kind": "choice",
        "title": "Samen in de wijk",
        "starts_at": _local(edition.starts_at),
        "ends_at": _local(edition.starts_at + timedelta(hours=1)),
        "room": "Zaal 2",
        "capacity": "",
        "needs_registration": "on",
        "description": "",
        "hosts-TOTAL_FORMS": str(len(hosts)),
        "hosts-INITIAL_FORMS": str(initial),
        "hosts-MIN_NUM_FORMS": "0",
        "hosts-MAX_NUM_FORMS": "30",
        **fields,
    }
    for index, host in enumerate(hosts):
        row = {"name": "", "organisation": "", "role": "speaker", "order": "", **host}
        data.update({f"hosts-{index}-{key}": str(value) for key, value in row.items()})
    return data


def _create_url(edition):
    return reverse("conference:manage_session_create", args=[edition.slug])


def _edit_url(session):
    return reverse("conference:manage_session_edit", args=[session.conference.slug, session.pk])


def _hosts(session):
    return [(h.name, h.organisation.name if h.organisation else None, h.role) for h in session.hosts.all()]


def test_host_can_be_only_an_organisation(coordinator_client):
    edition = EditionFactory()
    library = OrganisationFactory(name="Bibliotheek Gent")

    response = coordinator_client.post(
        _create_url(edition), _session_data(edition, [{"organisation": library.pk, "role": "host"}])
    )

    assert response.status_code == 302
    assert _hosts(Session.objects.get()) == [("", "Bibliotheek Gent", "host")]


def test_row_with_neither_name_nor_organisation_is_refused_and_nothing_is_saved(coordinator_client):
    edition = EditionFactory()
    data = _session_data(edition, [{"name": "Lotte Verbeek"}, {"role": "moderator"}])

    response = coordinator_client.post(_create_url(edition), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert NEITHER in body
    assert "Kijk de sprekers en gespreksleiders hieronder na." in body
    assert (Session.objects.count(), SessionHost.objects.count()) == (0, 0)


def test_clearing_a_stored_host_without_removing_it_is_refused(coordinator_client):
    session = SessionFactory(title="Oud")
    host = SessionHost.objects.create(session=session, name="Ruud Timmers")
    data = _session_data(
        session.conference, [{"id": host.pk, "session": session.pk, "name": ""}], initial=1, title="Nieuw"
    )

    response = coordinator_client.post(_edit_url(session), data)

    assert NEITHER in response.content.decode()
    session.refresh_from_db()
    assert (session.title, _hosts(session)) == ("Oud", [("Ruud Timmers", None, "speaker")])


def test_a_session_has_as_many_hosts_as_it_needs(coordinator_client):
    edition = EditionFactory()
    organisations = [OrganisationFactory(name=f"Buurtwerk {n}") for n in range(6)]
    rows = [{"name": f"Gespreksleider {n}", "organisation": o.pk, "role": "host"} for n, o in enumerate(organisations)]

    response = coordinator_client.post(_create_url(edition), _session_data(edition, rows))

    assert response.status_code == 302
    assert _hosts(Session.objects.get()) == [(f"Gespreksleider {n}", f"Buurtwerk {n}", "host") for n in range(6)]


def test_order_numbers_decide_who_comes_first(coordinator_client):
    edition = EditionFactory()
    rows = [{"name": "Tweede", "order": "2"}, {"name": "Eerste", "order": "1"}, {"name": "Derde"}]

    coordinator_client.post(_create_url(edition), _session_data(edition, rows))

    assert [h.name for h in Session.objects.get().hosts.all()] == ["Eerste", "Tweede", "Derde"]


def test_add_a_row_without_javascript_keeps_what_was_typed_and_saves_nothing(coordinator_client):
    edition = EditionFactory()
    organisation = OrganisationFactory(name="Bindkracht 10")
    data = _session_data(edition, [{"name": "Tom Veenstra", "organisation": organisation.pk}], title="")
    data["add_host"] = "1"

    response = coordinator_client.post(_create_url(edition), data)

    assert response.status_code == 200
    assert Session.objects.count() == 0
    formset = response.context["formset"]
    assert formset.total_form_count() == 2
    assert formset.forms[0]["name"].value() == "Tom Veenstra"
    assert str(formset.forms[0]["organisation"].value()) == str(organisation.pk)
    body = response.content.decode()
    assert 'name="hosts-TOTAL_FORMS" value="2"' in body
    assert 'name="hosts-1-name"' in body
    assert "Dit veld is verplicht." not in body  # the empty title is not checked: nothing was sent to save
    assert 'value="Tom Veenstra"' in body


def test_after_adding_a_row_without_javascript_the_form_saves_all_rows(coordinator_client):
    edition = EditionFactory()
    organisation = OrganisationFactory(name="Bindkracht 10")
    first = _session_data(edition, [{"name": "Tom Veenstra"}], title="Vertrouwen als basis")
    first["add_host"] = "1"
    coordinator_client.post(_create_url(edition), first)

    second = _session_data(
        edition,
        [{"name": "Tom Veenstra"}, {"organisation": organisation.pk, "role": "host"}],
        title="Vertrouwen als basis",
    )
    response = coordinator_client.post(_create_url(edition), second)

    assert response.status_code == 302
    assert _hosts(Session.objects.get(title="Vertrouwen als basis")) == [
        ("Tom Veenstra", None, "speaker"),
        ("", "Bindkracht 10", "host"),
    ]


def test_no_more_rows_than_the_limit(coordinator_client):
    edition = EditionFactory()
    data = _session_data(edition, [{"name": f"Persoon {n}"} for n in range(30)])
    data["add_host"] = "1"

    response = coordinator_client.post(_create_url(edition), data)

    assert response.context["formset"].total_form_count() == 30


def test_edit_keeps_changes_and_removes_hosts(coordinator_client):
    session = SessionFactory()
    kept = SessionHost.objects.create(session=session, name="Noor Wiersma")
    removed = SessionHost.objects.create(session=session, name="Sem Koster")
    data = _session_data(
        session.conference,
        [
            {"id": kept.pk, "session": session.pk, "name": "Noor Wiersma-de Vries"},
            {"id": removed.pk, "session": session.pk, "name": "Sem Koster", "DELETE": "on"},
            {"name": "Yara Mulder", "role": "moderator"},
        ],
        initial=2,
    )

    response = coordinator_client.post(_edit_url(session), data)

    assert response.status_code == 302
    assert list(session.hosts.values_list("pk", "name", "role")) == [
        (kept.pk, "Noor Wiersma-de Vries", "speaker"),
        (SessionHost.objects.get(name="Yara Mulder").pk, "Yara Mulder", "moderator"),
    ]


def test_anonymous_visitor_is_sent_to_login(client):
    edition = EditionFactory()

    response = client.post(_create_url(edition), _session_data(edition, [{"name": "Lotte Verbeek"}]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Session.objects.count() == 0


@pytest.mark.parametrize("who", ["resident", "partner"])
def test_only_coordinators_change_sessions_and_hosts(client, who, resident, partner):
    client.force_login(resident if who == "resident" else partner)
    session = SessionFactory(title="Oud")
    host = SessionHost.objects.create(session=session, name="Ruud Timmers")
    data = _session_data(
        session.conference, [{"id": host.pk, "session": session.pk, "name": "Iemand anders"}], initial=1, title="Nieuw"
    )

    edit = client.post(_edit_url(session), data)
    create = client.post(_create_url(session.conference), _session_data(session.conference, [{"name": "X"}]))

    assert (edit.status_code, create.status_code) == (403, 403)
    session.refresh_from_db()
    assert (session.title, _hosts(session), Session.objects.count()) == ("Oud", [("Ruud Timmers", None, "speaker")], 1)


# --- The service --------------------------------------------------------------------------------


def _fields(edition, **extra):
    return {
        "kind": Session.Kind.CHOICE,
        "title": "Het bereik van solidariteit",
        "starts_at": edition.starts_at,
        "ends_at": edition.starts_at + timedelta(hours=1),
        **extra,
    }


def test_save_session_refuses_a_host_without_name_or_organisation_and_stores_nothing():
    edition = EditionFactory()

    with pytest.raises(ValidationError, match=re.escape(NEITHER)):
        services.save_session(
            conference=edition,
            hosts=[{"name": "Lotte Verbeek"}, {"name": "  ", "organisation": None}],
            **_fields(edition),
        )

    assert (Session.objects.count(), SessionHost.objects.count()) == (0, 0)


def test_save_session_refuses_a_host_of_another_session():
    edition = EditionFactory()
    other = SessionHost.objects.create(session=SessionFactory(), name="Elders")
    session = SessionFactory(conference=edition, title="Oud")

    with pytest.raises(ValidationError, match=re.escape("Deze spreker of gespreksleider hoort bij een andere sessie.")):
        services.save_session(
            conference=edition, session=session, hosts=[{"id": other.pk, "name": "Gekaapt"}], **_fields(edition)
        )

    session.refresh_from_db()
    other.refresh_from_db()
    assert (session.title, other.name, other.session_id != session.pk) == ("Oud", "Elders", True)


def test_save_session_refuses_a_session_of_another_edition():
    session = SessionFactory(title="Oud")
    edition = EditionFactory()

    with pytest.raises(ValidationError, match=re.escape("Deze sessie hoort bij een andere editie.")):
        services.save_session(conference=edition, session=session, hosts=None, **_fields(edition))

    session.refresh_from_db()
    assert session.title == "Oud"


def test_save_session_gives_new_places_to_the_waiting_list():
    session = SessionFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    services.register(conference=session.conference, user=first, sessions=[session])
    services.register(conference=session.conference, user=second, sessions=[session])

    fields = {name: getattr(session, name) for name in services.SESSION_FIELDS} | {"capacity": 2}
    services.save_session(conference=session.conference, session=session, **fields)

    assert list(SessionChoice.objects.order_by("pk").values_list("status", flat=True)) == ["confirmed", "confirmed"]
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 2


# --- Shown as they are ------------------------------------------------------------------------------


@pytest.fixture
def hosted_session():
    session = SessionFactory(title="Het bereik van solidariteit", description="Over buren die helpen.")
    SessionHost.objects.create(
        session=session,
        name="Lotte Verbeek",
        organisation=OrganisationFactory(name="Werkplaats Sociaal Domein", slug="werkplaats"),
        role=SessionHost.Role.HOST,
        order=0,
    )
    SessionHost.objects.create(
        session=session,
        organisation=OrganisationFactory(name="Bibliotheek Gent", slug="bibliotheek-gent"),
        role=SessionHost.Role.HOST,
        order=1,
    )
    return session


def test_label_is_the_person_with_their_organisation_or_the_organisation(hosted_session):
    assert [h.label for h in hosted_session.hosts.all()] == [
        "Lotte Verbeek (Werkplaats Sociaal Domein)",
        "Bibliotheek Gent",
    ]


def test_programme_shows_hosts_as_they_are(client, hosted_session):
    body = client.get(hosted_session.conference.get_absolute_url()).content.decode()

    assert "<li>Gespreksleider: Lotte Verbeek (Werkplaats Sociaal Domein)</li>" in body
    assert "<li>Gespreksleider: Bibliotheek Gent</li>" in body


def test_session_page_shows_hosts_with_links_to_their_organisations(client, hosted_session):
    body = client.get(hosted_session.get_absolute_url()).content.decode()

    assert 'Gespreksleider: Lotte Verbeek (<a href="/organisaties/werkplaats/">Werkplaats Sociaal Domein</a>)' in body
    assert 'Gespreksleider: <a href="/organisaties/bibliotheek-gent/">Bibliotheek Gent</a>' in body


def test_coordinator_overview_shows_the_hosts(coordinator_client, hosted_session):
    response = coordinator_client.get(reverse("conference:manage_edition", args=[hosted_session.conference.slug]))

    assert "Lotte Verbeek (Werkplaats Sociaal Domein); Bibliotheek Gent" in response.content.decode()


def test_calendar_describes_each_session_with_its_hosts(client, hosted_session):
    response = client.get(reverse("conference:edition_ics", args=[hosted_session.conference.slug]))

    events = Calendar.from_ical(response.content).walk("VEVENT")
    session_event = next(e for e in events if str(e["summary"]) == "Het bereik van solidariteit")
    assert str(session_event["description"]).split("\n\n")[:2] == [
        "Gespreksleider: Lotte Verbeek (Werkplaats Sociaal Domein)\nGespreksleider: Bibliotheek Gent",
        "Over buren die helpen.",
    ]


@pytest.mark.parametrize("count", [1, 25])
def test_session_form_queries_do_not_grow_with_hosts_or_organisations(
    coordinator_client, django_assert_max_num_queries, count
):
    session = SessionFactory()
    for n in range(count):
        SessionHost.objects.create(session=session, name=f"Persoon {n}", organisation=OrganisationFactory())
    SiteSettings.load()  # cached once per site, as on a running portal

    with django_assert_max_num_queries(8):  # session, user, edition, session, organisations, site, hosts + 1
        response = coordinator_client.get(_edit_url(session))

    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == count + 1
