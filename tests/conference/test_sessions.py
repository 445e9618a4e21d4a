# ruff: noqa: RUF001 - Dutch text quotes titles with typographic single quotes
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conference import services
from conference.models import Edition, Registration, Session, SessionChoice, SessionHost, SiteSettings
from tests.conference.factories import SessionFactory, TableTalkFactory
from tests.factories import EditionFactory, OrganisationFactory, UserFactory

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
    assert "U staat op de wachtlijst voor deze sessie, plaats 1." in client.get(_url(session)).content.decode()


def test_table_talk_round_lists_its_tables(client):
    session = SessionFactory(kind="table_talk", needs_registration=False)
    table = TableTalkFactory(conference=session.conference, session=session, title="Mentale weerbaarheid")

    response = client.get(_url(session))

    assert table.get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "resident"])
def test_session_of_an_unpublished_edition_is_invisible(client, who):
    session = SessionFactory(conference=EditionFactory(is_published=False))
    if who == "resident":
        client.force_login(UserFactory())

    assert client.get(_url(session)).status_code == 404


def test_session_of_an_unpublished_edition_is_visible_to_coordinators(coordinator_client):
    session = SessionFactory(conference=EditionFactory(is_published=False))

    assert coordinator_client.get(_url(session)).status_code == 200


def test_session_of_another_edition_is_not_found_under_this_edition(client):
    session = SessionFactory()
    other = EditionFactory()

    assert client.get(reverse("conference:session_detail", args=[other.slug, session.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 100])
def test_session_page_queries_do_not_grow(client, django_assert_max_num_queries, count):
    edition = EditionFactory()
    EditionFactory.create_batch(count)
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


# --- Removing a session: ask first, tell the people who chose it ----------------------------------


def _delete_url(session):
    return reverse("conference:manage_session_delete", args=[session.conference.slug, session.pk])


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PORTAL_BASE_URL = "https://portaal.example.nl"


def test_delete_session_asks_first_and_says_how_many_chose_it(coordinator_client):
    """Bug: the remove button deleted the session at once, without a word about who had chosen it."""
    session = SessionFactory(title="Wonen met zorg", capacity=1)
    for _ in range(3):
        services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    asked = coordinator_client.get(_delete_url(session))
    posted_without_confirm = coordinator_client.post(_delete_url(session))

    body = asked.content.decode()
    assert asked.status_code == 200
    assert "‘Wonen met zorg’ verwijderen?" in body
    assert "3 personen kozen deze sessie." in body
    assert "Met een plaats: 1. Op de wachtlijst: 2." in body
    assert posted_without_confirm.status_code == 200
    assert Session.objects.filter(pk=session.pk).exists()


def test_delete_session_confirmed_removes_it_and_mails_the_people_who_chose_it(
    coordinator_client, immediate_tasks, django_capture_on_commit_callbacks
):
    session = SessionFactory(title="Wonen met zorg", capacity=1)
    edition = session.conference
    other = SessionFactory(conference=edition, title="Later", starts_at=session.ends_at)
    people = [UserFactory(), UserFactory()]
    for person in people:
        services.register(conference=edition, user=person, sessions=[session, other])
    bystander = services.register(conference=edition, user=UserFactory(), sessions=[other])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(_delete_url(session), {"confirm": "1"}, follow=True)

    assert not Session.objects.filter(pk=session.pk).exists()
    assert "De sessie is verwijderd. 2 personen die haar kozen krijgen een e-mail." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    message = mail.outbox[0]
    assert message.subject == "‘Wonen met zorg’ gaat niet door"
    assert f"De sessie ‘Wonen met zorg’ ({timezone.localtime(session.starts_at):%H:%M}) van {edition.title}" in (
        message.body
    )
    assert "Uw aanmelding voor de editie blijft staan." in message.body
    assert f"https://portaal.example.nl{reverse('conference:register', args=[edition.slug])}" in message.body
    assert "Later" in message.body and "- " in message.body
    assert list(Registration.objects.filter(user__in=people).values_list("status", flat=True)) == ["confirmed"] * 2
    assert bystander.choices.get().session == other


def test_delete_session_rebalances_seats(immediate_tasks, django_capture_on_commit_callbacks):
    """The service rebalances after the removal; a capacity raised without a refill is caught up then."""
    edition = EditionFactory()
    gone = SessionFactory(conference=edition, title="Gaat niet door")
    full = SessionFactory(conference=edition, title="Vol", capacity=1, starts_at=gone.ends_at)
    services.register(conference=edition, user=UserFactory(), sessions=[full])
    waiting = services.register(conference=edition, user=UserFactory(), sessions=[full])
    Session.objects.filter(pk=full.pk).update(capacity=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        told = services.delete_session(session=gone)

    assert told == 0
    assert waiting.choices.get().status == SessionChoice.Status.CONFIRMED
    assert [m.subject for m in mail.outbox] == ["U hebt nu een plaats in ‘Vol’"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_delete_session_is_for_coordinators_only(resident_client, method):
    session = SessionFactory()
    services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    response = getattr(resident_client, method)(_delete_url(session), {"confirm": "1"} if method == "post" else {})

    assert response.status_code == 403
    assert Session.objects.filter(pk=session.pk).exists()
    assert SessionChoice.objects.filter(session=session).count() == 1


def test_delete_session_sends_anonymous_visitors_to_login(client):
    session = SessionFactory()

    response = client.post(_delete_url(session), {"confirm": "1"})

    assert response.status_code == 302
    assert Session.objects.filter(pk=session.pk).exists()


def test_delete_confirmation_queries_do_not_grow(coordinator_client, django_assert_max_num_queries):
    session = SessionFactory()
    for _ in range(30):
        services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    SiteSettings.load()  # cached once per site, as on a running portal

    with django_assert_max_num_queries(5):
        response = coordinator_client.get(_delete_url(session))

    assert response.context["session"].confirmed == 30


# --- A new choice session needs registration by default -------------------------------------------


def _session_data(edition, **overrides):
    start = timezone.localtime(edition.starts_at)
    data = {
        "kind": "choice",
        "kind_when_shown": "plenary",
        "title": "Keuzesessie wonen",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "hosts-TOTAL_FORMS": "0",
        "hosts-INITIAL_FORMS": "0",
        "hosts-MIN_NUM_FORMS": "0",
        "hosts-MAX_NUM_FORMS": "20",
    }
    return {**data, **overrides}


def test_new_session_form_follows_the_kind_for_registration(coordinator_client):
    edition = EditionFactory()

    response = coordinator_client.get(reverse("conference:manage_session_create", args=[edition.slug]))

    form = response.context["form"]
    assert (form["kind"].value(), form["needs_registration"].value(), form["kind_when_shown"].value()) == (
        "plenary",
        False,
        "plenary",
    )
    assert 'data-follows-kind="choice"' in response.content.decode()


def test_new_choice_session_needs_registration_when_the_box_was_left_alone(coordinator_client):
    """Without JavaScript: the box was shown for a plenary (off), the kind became 'choice', the box untouched."""
    edition = EditionFactory()

    response = coordinator_client.post(
        reverse("conference:manage_session_create", args=[edition.slug]), _session_data(edition)
    )

    assert response.status_code == 302
    assert Session.objects.get().needs_registration is True


def test_new_choice_session_without_registration_when_the_coordinator_switched_it_off(coordinator_client):
    """The script followed the kind (kind_when_shown=choice, box on); the coordinator then switched it off."""
    edition = EditionFactory()
    data = _session_data(edition, kind_when_shown="choice")

    coordinator_client.post(reverse("conference:manage_session_create", args=[edition.slug]), data)

    assert Session.objects.get().needs_registration is False


def test_new_plenary_never_gets_registration_by_default(coordinator_client):
    edition = EditionFactory()
    data = _session_data(edition, kind="plenary")

    coordinator_client.post(reverse("conference:manage_session_create", args=[edition.slug]), data)

    assert Session.objects.get().needs_registration is False


def test_edition_overview_warns_about_choice_sessions_no_one_can_choose(coordinator_client):
    edition = EditionFactory()
    SessionFactory(conference=edition, title="Wonen met zorg", needs_registration=False)
    SessionFactory(conference=edition, title="Jongeren")
    SessionFactory(conference=edition, kind="plenary", title="Welkom", needs_registration=False)

    response = coordinator_client.get(reverse("conference:manage_edition", args=[edition.slug]))

    assert [s.title for s in response.context["unchoosable"]] == ["Wonen met zorg"]
    assert "niemand kan deze keuzesessie kiezen" in response.content.decode()


def test_edition_overview_gives_no_warning_when_registration_is_closed(coordinator_client):
    edition = EditionFactory(registration_closes_at=timezone.now() - timedelta(days=1))
    SessionFactory(conference=edition, needs_registration=False)

    response = coordinator_client.get(reverse("conference:manage_edition", args=[edition.slug]))

    assert response.context["unchoosable"] == []
    assert "niemand kan" not in response.content.decode()


# --- Long titles: the browser does not cut them off, the server says when one is too long ---------


@pytest.mark.parametrize("name", ["manage_session_create", "manage_edition_create"])
def test_title_field_has_no_silent_maxlength(coordinator_client, name):
    """Bug: maxlength="300" made the browser drop the end of a pasted title without a word."""
    edition = EditionFactory()
    url = reverse(f"conference:{name}", args=[edition.slug] if name == "manage_session_create" else [])

    response = coordinator_client.get(url)

    html = str(response.context["form"]["title"])
    assert "maxlength" not in html
    assert "Hoogstens 300 tekens." in response.content.decode()


def test_session_title_of_300_characters_is_stored_whole(coordinator_client):
    edition = EditionFactory()
    title = "Keuzesessie " + "w" * 288

    response = coordinator_client.post(
        reverse("conference:manage_session_create", args=[edition.slug]), _session_data(edition, title=title)
    )

    assert response.status_code == 302
    assert Session.objects.get().title == title


def test_session_title_of_301_characters_is_refused_with_the_dutch_message(coordinator_client):
    edition = EditionFactory()

    response = coordinator_client.post(
        reverse("conference:manage_session_create", args=[edition.slug]), _session_data(edition, title="w" * 301)
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "Zorg dat deze waarde niet meer dan 300 tekens bevat (het zijn er nu 301)."
    ]
    assert Session.objects.count() == 0


def _edition_data(**overrides):
    start = timezone.localtime() + timedelta(days=60)
    data = {
        "title": "Werkconferentie najaar",
        "slug": "najaar",
        "starts_at": start.strftime("%Y-%m-%dT13:00"),
        "ends_at": start.strftime("%Y-%m-%dT17:00"),
        "mode": "on_site",
        "venue": "Gemeentehuis",
    }
    return {**data, **overrides}


def test_edition_title_of_300_characters_is_stored_whole(coordinator_client):
    title = "Werkconferentie " + "h" * 284

    response = coordinator_client.post(reverse("conference:manage_edition_create"), _edition_data(title=title))

    assert response.status_code == 302
    assert Edition.objects.get(slug="najaar").title == title


def test_edition_title_of_301_characters_is_refused_with_the_dutch_message(coordinator_client):
    response = coordinator_client.post(reverse("conference:manage_edition_create"), _edition_data(title="h" * 301))

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [
        "Zorg dat deze waarde niet meer dan 300 tekens bevat (het zijn er nu 301)."
    ]
    assert not Edition.objects.filter(slug="najaar").exists()
