import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conference import services
from conference.models import Registration, SessionChoice
from tests.conference.factories import SessionFactory
from tests.factories import ConferenceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_register_confirms_while_seats_are_free(resident):
    edition = ConferenceFactory(capacity=2)

    registration = services.register(conference=edition, user=resident)

    assert registration.status == Registration.Status.CONFIRMED


def test_register_puts_people_on_the_waiting_list_when_full():
    edition = ConferenceFactory(capacity=1)
    first, second = UserFactory(), UserFactory()

    services.register(conference=edition, user=first)
    registration = services.register(conference=edition, user=second)

    assert registration.status == Registration.Status.WAITLISTED


def test_register_twice_keeps_one_registration(resident):
    edition = ConferenceFactory()

    services.register(conference=edition, user=resident)
    services.register(conference=edition, user=resident)

    assert Registration.objects.filter(conference=edition, user=resident).count() == 1


def test_register_allows_one_session_per_time_slot(resident):
    edition = ConferenceFactory()
    first = SessionFactory(conference=edition)
    parallel = SessionFactory(conference=edition, starts_at=first.starts_at + timedelta(minutes=30))

    with pytest.raises(ValidationError):
        services.register(conference=edition, user=resident, sessions=[first, parallel])

    assert Registration.objects.count() == 0


def test_register_accepts_sessions_in_different_time_slots(resident):
    edition = ConferenceFactory()
    morning = SessionFactory(conference=edition)
    afternoon = SessionFactory(conference=edition, starts_at=morning.ends_at)

    registration = services.register(conference=edition, user=resident, sessions=[morning, afternoon])

    assert registration.choices.count() == 2


def test_register_refuses_a_session_of_another_edition(resident):
    edition = ConferenceFactory()
    other = SessionFactory()

    with pytest.raises(ValidationError):
        services.register(conference=edition, user=resident, sessions=[other])


def test_register_refuses_when_registration_is_closed(resident):
    edition = ConferenceFactory(registration_closes_at=timezone.now() - timedelta(days=1))

    with pytest.raises(ValidationError):
        services.register(conference=edition, user=resident)


def test_full_session_puts_the_choice_on_the_waiting_list():
    session = SessionFactory(capacity=1)
    services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    registration = services.register(conference=session.conference, user=UserFactory(), sessions=[session])

    assert registration.choices.get().status == SessionChoice.Status.WAITLISTED


def test_cancel_promotes_the_first_on_the_waiting_list():
    edition = ConferenceFactory(capacity=1)
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
    edition = ConferenceFactory()
    session = SessionFactory(conference=edition, capacity=1)
    other = SessionFactory(conference=edition, starts_at=session.ends_at)
    holder_user = UserFactory()
    services.register(conference=edition, user=holder_user, sessions=[session])
    waiting = services.register(conference=edition, user=UserFactory(), sessions=[session])

    services.register(conference=edition, user=holder_user, sessions=[other])

    assert waiting.choices.get().status == SessionChoice.Status.CONFIRMED


def test_register_view_stores_the_chosen_session(resident_client, resident):
    edition = ConferenceFactory()
    session = SessionFactory(conference=edition)
    SessionFactory(conference=edition)

    response = resident_client.post(reverse("conference:register", args=[edition.slug]), {"slot_0": session.pk})

    assert response.status_code == 302
    assert list(Registration.objects.get(user=resident).choices.values_list("session", flat=True)) == [session.pk]


def test_register_view_with_a_bad_choice_stores_nothing(resident_client):
    edition = ConferenceFactory()
    SessionFactory(conference=edition)

    response = resident_client.post(reverse("conference:register", args=[edition.slug]), {"slot_0": "999999"})

    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_register_view_sends_anonymous_visitors_to_login(client):
    edition = ConferenceFactory()

    response = client.get(reverse("conference:register", args=[edition.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cancel_view_cancels(resident_client, resident):
    edition = ConferenceFactory()
    services.register(conference=edition, user=resident)

    response = resident_client.post(reverse("conference:cancel_registration", args=[edition.slug]))

    assert response.status_code == 302
    assert Registration.objects.get(user=resident).status == Registration.Status.CANCELLED


def test_confirmation_mail_has_an_ics_attachment(settings, resident, django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    edition = ConferenceFactory()
    session = SessionFactory(conference=edition, title="Keuzesessie wonen")

    with django_capture_on_commit_callbacks(execute=True):
        services.register(conference=edition, user=resident, sessions=[session], base_url="http://testserver/")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [resident.email]
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"{edition.slug}.ics", "text/calendar")
    events = Calendar.from_ical(content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [edition.title, "Keuzesessie wonen"]
    assert events[1].decoded("dtstart") == session.starts_at.replace(microsecond=0)


def test_my_page_lists_my_registrations(resident_client, resident):
    edition = ConferenceFactory(title="Werkconferentie van de lente")
    services.register(conference=edition, user=resident)

    response = resident_client.get(reverse("conference:my_overview"))

    assert [r.conference.title for r in response.context["registrations"]] == ["Werkconferentie van de lente"]


def test_attendee_export_is_for_coordinators_only(resident_client):
    edition = ConferenceFactory()

    response = resident_client.get(reverse("conference:manage_registrations_csv", args=[edition.slug]))

    assert response.status_code == 403


def test_attendee_export_lists_name_organisation_sessions_and_email(coordinator_client, partner):
    edition = ConferenceFactory()
    session = SessionFactory(conference=edition, title="Keuzesessie zorg")
    services.register(conference=edition, user=partner, sessions=[session])

    response = coordinator_client.get(reverse("conference:manage_registrations_csv", args=[edition.slug]))

    rows = response.content.decode("utf-8-sig").splitlines()
    organisation = partner.memberships.get().organisation.name
    assert rows[1] == f"{partner.display_name},{organisation},Keuzesessie zorg,Aangemeld,{partner.email}"


def test_public_pages_never_show_a_registered_email(client, resident):
    edition = ConferenceFactory()
    services.register(conference=edition, user=resident)

    body = client.get(edition.get_absolute_url()).content.decode()

    assert resident.email not in body


@pytest.mark.django_db(transaction=True)
def test_registration_capacity_race_gives_exactly_capacity_seats():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    capacity, people = 3, 10
    edition = ConferenceFactory(capacity=capacity)
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
    edition = ConferenceFactory(capacity=1)
    services.register(conference=edition, user=UserFactory())
    waiting = services.register(conference=edition, user=UserFactory())
    edition.capacity = 2
    edition.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.refill_seats(conference=edition)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
