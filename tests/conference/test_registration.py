# ruff: noqa: RUF001 - Dutch text quotes titles with typographic single quotes
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from conference import notifications, selectors, services
from conference.models import OutgoingEmail, Registration, SessionChoice
from tests.conference.factories import SessionFactory
from tests.factories import EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_register_confirms_while_seats_are_free(resident):
    edition = EditionFactory(capacity=2)

    registration = services.register(conference=edition, user=resident)

    assert registration.status == Registration.Status.CONFIRMED


def test_register_puts_people_on_the_waiting_list_when_full():
    edition = EditionFactory(capacity=1)
    first, second = UserFactory(), UserFactory()

    services.register(conference=edition, user=first)
    registration = services.register(conference=edition, user=second)

    assert registration.status == Registration.Status.WAITLISTED


def test_register_twice_keeps_one_registration(resident):
    edition = EditionFactory()

    services.register(conference=edition, user=resident)
    services.register(conference=edition, user=resident)

    assert Registration.objects.filter(conference=edition, user=resident).count() == 1


def test_register_allows_one_session_per_time_slot(resident):
    edition = EditionFactory()
    first = SessionFactory(conference=edition)
    parallel = SessionFactory(conference=edition, starts_at=first.starts_at + timedelta(minutes=30))

    with pytest.raises(ValidationError, match="zijn in hetzelfde tijdvak"):
        services.register(conference=edition, user=resident, sessions=[first, parallel])

    assert Registration.objects.count() == 0


def test_register_accepts_sessions_in_different_time_slots(resident):
    edition = EditionFactory()
    morning = SessionFactory(conference=edition)
    afternoon = SessionFactory(conference=edition, starts_at=morning.ends_at)

    registration = services.register(conference=edition, user=resident, sessions=[morning, afternoon])

    assert registration.choices.count() == 2


def test_register_refuses_a_session_of_another_edition(resident):
    edition = EditionFactory()
    other = SessionFactory()

    with pytest.raises(ValidationError, match="U kunt deze sessie niet kiezen"):
        services.register(conference=edition, user=resident, sessions=[other])


def test_register_refuses_when_registration_is_closed(resident):
    edition = EditionFactory(registration_closes_at=timezone.now() - timedelta(days=1))

    with pytest.raises(ValidationError, match="Aanmelden voor deze editie is gesloten"):
        services.register(conference=edition, user=resident)


def test_full_session_puts_the_choice_on_the_waiting_list():
    session = SessionFactory(capacity=1)
    services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    registration = services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    assert registration.choices.get().status == SessionChoice.Status.WAITLISTED


def test_cancel_promotes_the_first_on_the_waiting_list():
    edition = EditionFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    seat = services.register(conference=edition, user=first)
    services.register(conference=edition, user=second)
    services.register(conference=edition, user=third)

    services.cancel_registration(registration=seat)

    statuses = dict(Registration.objects.values_list("user__email", "status"))
    assert statuses == {
        first.email: Registration.Status.CANCELLED,
        second.email: Registration.Status.CONFIRMED,
        third.email: Registration.Status.WAITLISTED,
    }


def test_cancel_frees_the_session_seat_for_the_waiting_list():
    session = SessionFactory(capacity=1)
    holder = services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    waiting = services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    services.cancel_registration(registration=holder)

    assert waiting.choices.get().status == SessionChoice.Status.CONFIRMED


def test_changing_sessions_frees_the_old_seat():
    edition = EditionFactory()
    session = SessionFactory(conference=edition, capacity=1)
    other = SessionFactory(conference=edition, starts_at=session.ends_at)
    holder_user = UserFactory()
    services.register(conference=edition, user=holder_user, sessions=[session])
    waiting = services.register(conference=edition, user=UserFactory(), sessions=[session])

    services.register(conference=edition, user=holder_user, sessions=[other])

    assert waiting.choices.get().status == SessionChoice.Status.CONFIRMED


def test_register_view_stores_the_chosen_session(resident_client, resident):
    edition = EditionFactory()
    session = SessionFactory(conference=edition)
    SessionFactory(conference=edition)

    response = resident_client.post(reverse("conference:register", args=[edition.slug]), {"slot_0": session.pk})

    assert response.status_code == 302
    assert list(Registration.objects.get(user=resident).choices.values_list("session", flat=True)) == [session.pk]


def test_register_view_with_a_bad_choice_stores_nothing(resident_client):
    edition = EditionFactory()
    SessionFactory(conference=edition)

    response = resident_client.post(reverse("conference:register", args=[edition.slug]), {"slot_0": "999999"})

    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_register_view_sends_anonymous_visitors_to_login(client):
    edition = EditionFactory()

    response = client.get(reverse("conference:register", args=[edition.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cancel_view_cancels(resident_client, resident):
    edition = EditionFactory()
    services.register(conference=edition, user=resident)

    response = resident_client.post(reverse("conference:cancel_registration", args=[edition.slug]))

    assert response.status_code == 302
    assert Registration.objects.get(user=resident).status == Registration.Status.CANCELLED


def test_confirmation_mail_has_an_ics_attachment(settings, resident, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    edition = EditionFactory()
    session = SessionFactory(conference=edition, title="Keuzesessie wonen")

    with django_capture_on_commit_callbacks(execute=True):
        services.register(conference=edition, user=resident, sessions=[session])

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"{edition.slug}.ics", "text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [edition.title, "Keuzesessie wonen"]
    assert events[1].decoded("dtstart") == session.starts_at.replace(microsecond=0)


def test_my_page_lists_my_registrations(resident_client, resident):
    edition = EditionFactory(title="Werkconferentie van de lente")
    services.register(conference=edition, user=resident)

    response = resident_client.get(reverse("conference:my_overview"))

    assert [r.conference.title for r in response.context["registrations"]] == ["Werkconferentie van de lente"]


def test_attendee_export_is_for_coordinators_only(resident_client):
    edition = EditionFactory()

    response = resident_client.get(reverse("conference:manage_registrations_csv", args=[edition.slug]))

    assert response.status_code == 403


def test_attendee_export_lists_name_organisation_sessions_and_email(coordinator_client, partner):
    edition = EditionFactory()
    session = SessionFactory(conference=edition, title="Keuzesessie zorg")
    services.register(conference=edition, user=partner, sessions=[session])

    response = coordinator_client.get(reverse("conference:manage_registrations_csv", args=[edition.slug]))

    rows = response.content.decode("utf-8-sig").splitlines()
    organisation = partner.memberships.get().organisation.name
    assert rows[1] == f"{partner.display_name},{organisation},Keuzesessie zorg,Aangemeld,{partner.email}"


def test_public_pages_never_show_a_registered_email(client, resident):
    edition = EditionFactory()
    services.register(conference=edition, user=resident)

    body = client.get(edition.get_absolute_url()).content.decode()

    assert resident.email not in body


@pytest.mark.django_db(transaction=True)
def test_registration_capacity_race_gives_exactly_capacity_seats():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    capacity, people = 3, 10
    edition = EditionFactory(capacity=capacity)
    session = SessionFactory(conference=edition, capacity=2)
    users = [UserFactory() for _ in range(people)]
    barrier = threading.Barrier(people)
    errors = []

    def take_seat(user):
        try:
            barrier.wait()
            services.register(conference=edition, user=user, sessions=[session])
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_seat, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    statuses = list(Registration.objects.values_list("status", flat=True))
    assert len(statuses) == people
    assert statuses.count(Registration.Status.CONFIRMED) == capacity
    assert statuses.count(Registration.Status.WAITLISTED) == people - capacity
    seats = SessionChoice.objects.filter(status=SessionChoice.Status.CONFIRMED).count()
    assert seats == 2
    assert SessionChoice.objects.count() == people


def test_raising_the_capacity_gives_the_waiting_list_a_seat_and_a_mail(
    settings, coordinator_client, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    edition = EditionFactory(capacity=1)
    services.register(conference=edition, user=UserFactory())
    waiting = services.register(conference=edition, user=UserFactory())
    edition.capacity = 2
    edition.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.refill_seats(conference=edition)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]


# --- One session per time slot: refused naming both, or replaced after a confirm ----------------


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PORTAL_BASE_URL = "https://portaal.example.nl"


def _slot(edition, *titles, capacity=None):
    """Sessions side by side in the first time slot of ``edition``."""
    return [SessionFactory(conference=edition, title=title, capacity=capacity) for title in titles]


def test_choosing_a_second_session_in_a_slot_is_refused_naming_both(resident):
    edition = EditionFactory()
    wonen, jongeren = _slot(edition, "Wonen met zorg", "Jongeren")
    services.register(conference=edition, user=resident, sessions=[wonen])

    with pytest.raises(ValidationError, match="‘Wonen met zorg’ in dit tijdvak; ‘Jongeren’ is tegelijk") as caught:
        services.choose_session(conference=edition, user=resident, session=jongeren)

    assert caught.value.messages == [
        "U hebt al gekozen voor ‘Wonen met zorg’ in dit tijdvak; ‘Jongeren’ is tegelijk. Kies één sessie per tijdvak."
    ]
    assert list(SessionChoice.objects.values_list("session__title", flat=True)) == ["Wonen met zorg"]


def test_registering_with_another_session_in_a_chosen_slot_is_refused_without_replace(resident):
    edition = EditionFactory()
    wonen, jongeren = _slot(edition, "Wonen met zorg", "Jongeren")
    services.register(conference=edition, user=resident, sessions=[wonen])

    with pytest.raises(ValidationError, match="U hebt al gekozen voor ‘Wonen met zorg’"):
        services.register(conference=edition, user=resident, sessions=[jongeren])

    assert list(SessionChoice.objects.values_list("session__title", flat=True)) == ["Wonen met zorg"]


def test_sessions_chained_into_one_slot_count_as_one_slot(resident):
    """The programme shows A, B and C as one slot (B overlaps both), so one of them is the limit."""
    edition = EditionFactory()
    start = edition.starts_at
    a = SessionFactory(conference=edition, title="A", starts_at=start, ends_at=start + timedelta(hours=1))
    SessionFactory(
        conference=edition, title="B", starts_at=start + timedelta(minutes=30), ends_at=start + timedelta(hours=2)
    )
    c = SessionFactory(
        conference=edition, title="C", starts_at=start + timedelta(hours=1), ends_at=start + timedelta(hours=3)
    )

    with pytest.raises(ValidationError, match="‘A’ en ‘C’ zijn in hetzelfde tijdvak"):
        services.register(conference=edition, user=resident, sessions=[a, c])


def test_choose_session_with_replace_swaps_and_frees_the_old_seat(resident):
    edition = EditionFactory()
    wonen, jongeren = _slot(edition, "Wonen met zorg", "Jongeren", capacity=1)
    later = SessionFactory(conference=edition, title="Later", starts_at=wonen.ends_at)
    services.register(conference=edition, user=resident, sessions=[wonen, later])
    waiting = services.register(conference=edition, user=UserFactory(), sessions=[wonen])

    services.choose_session(conference=edition, user=resident, session=jongeren, replace=True)

    mine = Registration.objects.get(user=resident).choices.order_by("session__starts_at", "session__title")
    assert [(c.session.title, c.status) for c in mine] == [("Jongeren", "confirmed"), ("Later", "confirmed")]
    assert waiting.choices.get().status == SessionChoice.Status.CONFIRMED


def test_session_page_choose_button_adds_the_session(resident_client, resident):
    edition = EditionFactory()
    morning = SessionFactory(conference=edition, title="Ochtend")
    afternoon = SessionFactory(conference=edition, title="Middag", starts_at=morning.ends_at)
    services.register(conference=edition, user=resident, sessions=[morning])

    response = resident_client.post(reverse("conference:session_choose", args=[edition.slug, afternoon.pk]))

    assert response.status_code == 302
    titles = Registration.objects.get(user=resident).choices.values_list("session__title", flat=True)
    assert sorted(titles) == ["Middag", "Ochtend"]


def test_session_page_choose_in_a_taken_slot_shows_the_refusal_and_asks_to_replace(resident_client, resident):
    edition = EditionFactory()
    wonen, jongeren = _slot(edition, "Wonen met zorg", "Jongeren")
    services.register(conference=edition, user=resident, sessions=[wonen])
    url = reverse("conference:session_choose", args=[edition.slug, jongeren.pk])

    refused = resident_client.post(url)

    body = refused.content.decode()
    assert refused.status_code == 200
    assert (
        "U hebt al gekozen voor ‘Wonen met zorg’ in dit tijdvak; ‘Jongeren’ is tegelijk. Kies één sessie per tijdvak."
        in body
    )
    assert "‘Wonen met zorg’ vervangen door ‘Jongeren’?" in body
    assert list(SessionChoice.objects.values_list("session__title", flat=True)) == ["Wonen met zorg"]

    resident_client.post(url, {"replace": "1"})

    assert list(SessionChoice.objects.values_list("session__title", flat=True)) == ["Jongeren"]


def test_session_page_says_which_session_is_chosen_in_the_slot(resident_client, resident):
    edition = EditionFactory()
    wonen, jongeren = _slot(edition, "Wonen met zorg", "Jongeren")
    services.register(conference=edition, user=resident, sessions=[wonen])

    body = resident_client.get(jongeren.get_absolute_url()).content.decode()

    assert "In dit tijdvak hebt u gekozen voor ‘Wonen met zorg’." in body


def test_register_form_asks_before_it_replaces_a_session(resident_client, resident):
    edition = EditionFactory()
    wonen, jongeren = _slot(edition, "Wonen met zorg", "Jongeren", capacity=1)
    services.register(conference=edition, user=UserFactory(), sessions=[jongeren])
    services.register(conference=edition, user=resident, sessions=[wonen])
    url = reverse("conference:register", args=[edition.slug])

    asked = resident_client.post(url, {"slot_0": jongeren.pk})

    body = asked.content.decode()
    assert asked.status_code == 200
    assert "‘Wonen met zorg’ vervangen door ‘Jongeren’?" in body
    assert "‘Jongeren’ is vol: u komt op de wachtlijst van deze sessie." in body
    assert Registration.objects.get(user=resident).choices.get().session == wonen

    done = resident_client.post(url, {"slot_0": jongeren.pk, "replace": "1"}, follow=True)

    choice = Registration.objects.get(user=resident).choices.get()
    assert (choice.session, choice.status) == (jongeren, SessionChoice.Status.WAITLISTED)
    assert "‘Jongeren’ is vol. U staat op de wachtlijst voor deze sessie, plaats 1." in done.content.decode()


def test_register_form_removing_a_session_needs_no_confirm(resident_client, resident):
    edition = EditionFactory()
    (wonen,) = _slot(edition, "Wonen met zorg")
    services.register(conference=edition, user=resident, sessions=[wonen])

    response = resident_client.post(reverse("conference:register", args=[edition.slug]), {"slot_0": ""}, follow=True)

    assert Registration.objects.get(user=resident).choices.count() == 0
    assert "Uw sessies zijn opgeslagen." in response.content.decode()


def test_register_page_preselects_the_session_it_came_from(resident_client):
    edition = EditionFactory()
    _wonen, jongeren = _slot(edition, "Wonen met zorg", "Jongeren")

    response = resident_client.get(reverse("conference:register", args=[edition.slug]) + f"?sessie={jongeren.pk}")

    assert response.context["form"].initial == {"slot_0": str(jongeren.pk)}


# --- The waiting list: place numbers everywhere ---------------------------------------------------


def _full_edition(capacity=1, waiting=2):
    edition = EditionFactory(capacity=capacity)
    for _ in range(capacity):
        services.register(conference=edition, user=UserFactory())
    queue = [services.register(conference=edition, user=UserFactory()) for _ in range(waiting)]
    return edition, queue


def test_waiting_list_places_follow_the_order_of_registering():
    _edition, queue = _full_edition(waiting=3)

    places = [selectors.registration_with_places(r.pk).waiting_place for r in queue]

    assert places == [1, 2, 3]


def test_waiting_list_places_move_up_when_someone_ahead_gets_a_seat():
    edition, queue = _full_edition(waiting=3)
    holder = Registration.objects.get(conference=edition, status=Registration.Status.CONFIRMED)

    services.cancel_registration(registration=holder)

    assert [selectors.registration_with_places(r.pk).waiting_place for r in queue] == [None, 1, 2]


def test_coming_back_after_cancelling_joins_the_end_of_the_waiting_list():
    edition, queue = _full_edition(waiting=2)
    services.cancel_registration(registration=queue[0])

    back = services.register(conference=edition, user=queue[0].user)

    assert [selectors.registration_with_places(r.pk).waiting_place for r in (queue[1], back)] == [1, 2]


def test_session_waiting_places_count_only_people_with_an_edition_place():
    edition = EditionFactory(capacity=3)
    session = SessionFactory(conference=edition, capacity=1)
    services.register(conference=edition, user=UserFactory(), sessions=[session])
    second = services.register(conference=edition, user=UserFactory(), sessions=[session])
    third = services.register(conference=edition, user=UserFactory(), sessions=[session])
    beyond = services.register(conference=edition, user=UserFactory(), sessions=[session])  # edition full

    places = [selectors.registration_with_places(r.pk).choices.all()[0].waiting_place for r in (second, third, beyond)]

    assert places == [1, 2, None]


def test_waitlisted_person_is_told_their_place_on_registering(resident_client):
    edition, _queue = _full_edition(waiting=1)

    response = resident_client.post(reverse("conference:register", args=[edition.slug]), follow=True)

    body = response.content.decode()
    assert "Deze editie is vol. U staat op de wachtlijst, plaats 2. We hebben u een e-mail gestuurd." in body
    assert "U bent aangemeld" not in body


@pytest.mark.parametrize("page", ["my_overview", "edition_detail", "register"])
def test_waitlisted_person_sees_their_place_on_their_pages(resident_client, resident, page):
    edition, _queue = _full_edition(waiting=1)
    services.register(conference=edition, user=resident)
    url = (
        reverse("conference:my_overview")
        if page == "my_overview"
        else reverse(f"conference:{page}", args=[edition.slug])
    )

    body = resident_client.get(url).content.decode()

    assert "U staat op de wachtlijst, plaats 2." in body


def test_my_page_shows_the_place_on_a_session_waiting_list(resident_client, resident):
    session = SessionFactory(title="Wonen met zorg", capacity=1)
    services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    services.register(conference=session.conference, user=resident, sessions=[session])

    body = resident_client.get(reverse("conference:my_overview")).content.decode()

    assert "Wonen met zorg (wachtlijst, plaats 1)" in " ".join(body.split())  # as the page shows it


def test_choosing_a_full_session_on_its_page_tells_the_place(resident_client, resident):
    session = SessionFactory(title="Wonen met zorg", capacity=1)
    edition = session.conference
    services.register(conference=edition, user=UserFactory(), sessions=[session])
    services.register(conference=edition, user=resident)

    response = resident_client.post(reverse("conference:session_choose", args=[edition.slug, session.pk]), follow=True)

    body = response.content.decode()
    assert "‘Wonen met zorg’ is vol. U staat op de wachtlijst voor deze sessie, plaats 1." in body
    assert "U staat op de wachtlijst voor deze sessie, plaats 1." in body


# --- E-mails: waiting list, promotion, absolute links ---------------------------------------------


def test_waitlisted_mail_says_waiting_list_with_the_place_not_registered(
    immediate_tasks, resident, django_capture_on_commit_callbacks
):
    edition, _queue = _full_edition(waiting=1)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.register(conference=edition, user=resident)

    (message,) = mail.outbox
    assert message.subject == f"U staat op de wachtlijst voor {edition.title} (plaats 2)"
    assert f"De editie {edition.title} is vol. U staat op de wachtlijst, plaats 2." in message.body
    assert "aangemeld voor" not in message.body
    assert message.attachments == []  # no place, so nothing to put in a calendar yet


def test_confirmation_mail_links_are_absolute(immediate_tasks, resident, django_capture_on_commit_callbacks):
    edition = EditionFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.register(conference=edition, user=resident)

    (message,) = mail.outbox
    assert f"De editie: https://portaal.example.nl{edition.get_absolute_url()}" in message.body
    register_url = reverse("conference:register", args=[edition.slug])
    assert f"Uw aanmelding wijzigen of afmelden: https://portaal.example.nl{register_url}" in message.body
    events = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert str(events[0]["url"]) == f"https://portaal.example.nl{edition.get_absolute_url()}"


def test_promotion_from_the_edition_waiting_list_mails_that_they_now_have_a_place(
    immediate_tasks, django_capture_on_commit_callbacks
):
    """Bug: the promoted person got the first confirmation again ("U bent aangemeld"), without a link."""
    edition = EditionFactory(capacity=1, title="Werkconferentie voorjaar")
    holder = services.register(conference=edition, user=UserFactory())
    waiting = services.register(conference=edition, user=UserFactory())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=holder)

    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
    message = mail.outbox[0]
    assert message.subject == "U hebt nu een plaats bij Werkconferentie voorjaar"
    assert "U stond op de wachtlijst en bent nu aangemeld voor Werkconferentie voorjaar." in message.body
    assert f"https://portaal.example.nl{edition.get_absolute_url()}" in message.body


def test_promotion_from_a_session_waiting_list_sends_a_mail(immediate_tasks, django_capture_on_commit_callbacks):
    """Bug: a seat in a full session went to the next person without any e-mail."""
    session = SessionFactory(title="Wonen met zorg", capacity=1)
    holder = services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    waiting = services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=holder)

    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
    message = mail.outbox[0]
    assert message.subject == "U hebt nu een plaats in ‘Wonen met zorg’"
    assert "Goed nieuws: er is een plaats voor u vrijgekomen." in message.body
    assert "U hebt nu een plaats in:\n- " in message.body
    events = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [session.conference.title, "Wonen met zorg"]


def test_raising_a_session_capacity_mails_the_people_who_get_a_seat(
    immediate_tasks, django_capture_on_commit_callbacks
):
    session = SessionFactory(title="Wonen met zorg", capacity=1)
    services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    waiting = services.register(conference=session.conference, user=UserFactory(), sessions=[session])
    session.capacity = 2
    session.save()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.refill_seats(conference=session.conference)

    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([waiting.user.email], "U hebt nu een plaats in ‘Wonen met zorg’")
    ]


def test_registration_subject_shows_an_apostrophe_as_it_is(
    immediate_tasks, resident, django_capture_on_commit_callbacks
):
    """Bug: the subject template escaped HTML, so titles read "Heumen&#x27;s ..."."""
    edition = EditionFactory(title="Heumen's werkconferentie & markt")

    with django_capture_on_commit_callbacks(execute=True):
        services.register(conference=edition, user=resident)

    assert mail.outbox[0].subject == "Uw aanmelding voor Heumen's werkconferentie & markt"


def test_every_conference_subject_template_shows_an_apostrophe_as_it_is():
    from django.template.loader import render_to_string

    edition = EditionFactory(title="Heumen's dag")
    session = SessionFactory(conference=edition, title="Ouders' avond")
    registration = services.register(conference=edition, user=UserFactory(), sessions=[session])
    choice = registration.choices.get()
    context = {"registration": registration, "edition": edition, "new_seats": [choice], "session_title": session.title}

    subjects = {
        name: render_to_string(f"conference/email/{name}_subject.txt", context).strip()
        for name in ("registration", "place_available", "session_removed")
    }

    assert subjects == {
        "registration": "Uw aanmelding voor Heumen's dag",
        "place_available": "U hebt nu een plaats in ‘Ouders' avond’",
        "session_removed": "‘Ouders' avond’ gaat niet door",
    }


# --- The coordinator's registrations page: the header and the rows agree --------------------------


def test_registrations_page_counts_agree_with_the_session_rows(coordinator_client):
    """Bug: the header said "0 op de wachtlijst" while a full session's row showed people waiting, and the
    row counted people still on the edition's waiting list as waiting for the session."""
    edition = EditionFactory(capacity=2)
    session = SessionFactory(conference=edition, title="Wonen met zorg", capacity=1)
    services.register(conference=edition, user=UserFactory(), sessions=[session])  # the seat
    services.register(conference=edition, user=UserFactory(), sessions=[session])  # waits for the session
    services.register(conference=edition, user=UserFactory(), sessions=[session])  # waits for the edition
    gone = services.register(conference=edition, user=UserFactory())
    services.cancel_registration(registration=gone)

    response = coordinator_client.get(reverse("conference:manage_registrations", args=[edition.slug]))

    assert response.context["counts"] == {"confirmed": 2, "waitlisted": 1, "cancelled": 1}
    row = response.context["sessions"][0]
    assert (row.confirmed, row.waitlisted) == (1, 1)  # was (1, 2): the edition's waiting list counted twice
    assert row.waiting_for_edition == 1
    assert response.context["totals"] == {"confirmed": 1, "waitlisted": 1, "waiting_for_edition": 1}
    body = response.content.decode()
    assert "2 personen hebben een plaats (aangemeld)." in body
    assert "1 persoon staat op de wachtlijst voor de editie." in body
    assert "1 persoon heeft zich afgemeld." in body
    assert "1 keuze wacht op een plaats in een volle sessie (zie de tabel)." in body
    assert "3 personen met een plaats of op de wachtlijst." in body


# --- The registration e-mail is composed by the worker --------------------------------------------


def _run_worker():
    """The worker until the queue is empty (composing an e-mail queues its sending)."""
    call_command("db_worker", batch=True, no_startup_delay=True, interval=0, verbosity=0)


worker_test = pytest.mark.django_db(transaction=True)  # the worker manages its own transactions


@worker_test
def test_registering_stores_a_task_for_the_email_and_the_worker_composes_and_sends_it(resident):
    edition = EditionFactory()

    registration = services.register(conference=edition, user=resident)

    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "conference.tasks.compose_email"
    assert task.args_kwargs["args"] == ["registration_received", [registration.pk], {}]
    assert not OutgoingEmail.objects.exists()  # the registration did not wait for the e-mail to be written

    _run_worker()

    email = OutgoingEmail.objects.get()
    assert (email.to, email.sent_at is not None) == (resident.email, True)
    (message,) = mail.outbox
    assert message.subject == f"Uw aanmelding voor {edition.title}"
    assert message.attachments[0][0] == f"{edition.slug}.ics"


@worker_test
def test_moving_up_stores_a_task_for_the_person_who_moved_up():
    edition, (waiting,) = _full_edition(waiting=1)
    holder = Registration.objects.get(conference=edition, status=Registration.Status.CONFIRMED)
    DBTaskResult.objects.all().delete()

    services.cancel_registration(registration=holder)

    assert [t.args_kwargs["args"] for t in DBTaskResult.objects.all()] == [
        ["place_available", [waiting.pk, True, []], {}]
    ]
    _run_worker()
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]


@worker_test
def test_a_registration_rolled_back_leaves_no_task_and_no_email(resident):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.register(conference=EditionFactory(), user=resident)
        raise RuntimeError("the request failed after the registration")

    assert not DBTaskResult.objects.exists()
    _run_worker()
    assert (OutgoingEmail.objects.count(), mail.outbox) == (0, [])


def test_the_worker_composes_only_notifications_marked_for_it():
    with pytest.raises(ValueError, match="coordinator_role_granted"):
        notifications.later(notifications.coordinator_role_granted, user=None, granted_by=None)
    assert not DBTaskResult.objects.exists()


@worker_test
def test_a_registration_cancelled_before_the_worker_runs_gets_no_email(resident):
    registration = services.register(conference=EditionFactory(), user=resident)
    services.cancel_registration(registration=registration)

    _run_worker()

    assert (OutgoingEmail.objects.count(), mail.outbox) == (0, [])


@worker_test
def test_finished_tasks_are_pruned_as_the_readme_says_and_the_sent_email_stays(resident):
    services.register(conference=EditionFactory(), user=resident)
    _run_worker()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2  # composed, then sent

    call_command("prune_db_task_results", verbosity=0)
    assert DBTaskResult.objects.count() == 2  # too young

    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=15))
    call_command("prune_db_task_results", verbosity=0)

    assert not DBTaskResult.objects.exists()
    assert OutgoingEmail.objects.get().sent_at is not None


@worker_test
def test_taking_a_session_off_leaves_the_emails_to_the_worker_with_its_title_and_time():
    session = SessionFactory(title="Wonen met zorg")
    people = [UserFactory(), UserFactory()]
    for person in people:
        services.register(conference=session.conference, user=person, sessions=[session])
    DBTaskResult.objects.all().delete()
    mail.outbox.clear()
    starts_at = timezone.localtime(session.starts_at)

    assert services.delete_session(session=session) == 2

    assert {t.args_kwargs["args"][0] for t in DBTaskResult.objects.all()} == {"session_removed"}
    assert not OutgoingEmail.objects.filter(key__startswith="session-removed").exists()
    _run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(m.subject == "‘Wonen met zorg’ gaat niet door" for m in mail.outbox)
    assert f"{starts_at:%H:%M}" in mail.outbox[0].body
