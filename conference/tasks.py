"""Background work of the conference app (django.tasks; `manage.py db_worker` runs it)."""

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from conference import mail, selectors
from conference.calendar import edition_calendar
from conference.models import Registration, SessionChoice


def _mail_participant(registration: Registration, template: str, **extra) -> None:
    """Compose ``conference/email/<template>_subject.txt`` and ``_body.txt`` and send them.

    Links are absolute (the worker has no request). A person with a place at the edition gets
    the edition and the sessions they have a place in as an .ics attachment; a person on the
    waiting list gets none, as they have no place yet.
    """
    edition = registration.conference
    choices = list(registration.choices.all())
    has_place = registration.status == Registration.Status.CONFIRMED
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "edition": edition,
            "choices": choices,
            "has_place": has_place,
            "edition_url": mail.absolute_url(edition.get_absolute_url()),
            "register_url": mail.absolute_url(reverse("conference:register", args=[edition.slug])),
            **extra,
        }
        subject = " ".join(render_to_string(f"conference/email/{template}_subject.txt", context).split())
        body = render_to_string(f"conference/email/{template}_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[registration.user.email])
    if has_place:
        seats = [c.session for c in choices if c.status == SessionChoice.Status.CONFIRMED]
        ics = edition_calendar(edition, seats, base_url=mail.base_url())
        message.attach(f"{edition.slug}.ics", ics, "text/calendar")
    message.send()


@task
def send_registration_confirmation(registration_id: int) -> None:
    """E-mail the participant their registration, or their place on the waiting list."""
    registration = selectors.registration_with_places(registration_id)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return
    _mail_participant(registration, "registration")


@task
def send_place_available(registration_id: int, edition_seat: bool, choice_ids: list[int]) -> None:
    """Tell someone who moved up from a waiting list that they now have a place (as it still stands)."""
    registration = selectors.registration_with_places(registration_id)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return
    new_seats = [
        c for c in registration.choices.all() if c.pk in choice_ids and c.status == SessionChoice.Status.CONFIRMED
    ]
    if not edition_seat and not new_seats:
        return
    _mail_participant(registration, "place_available", edition_seat=edition_seat, new_seats=new_seats)


@task
def send_session_removed(registration_id: int, session_title: str, starts_at: str) -> None:
    """Tell someone who chose a session that it was taken off the programme."""
    registration = selectors.registration_with_places(registration_id)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return
    _mail_participant(
        registration,
        "session_removed",
        session_title=session_title,
        session_starts_at=datetime.fromisoformat(starts_at),
    )


@task
def send_plain_email(recipient: str, subject: str, body: str) -> None:
    """Send one short plain-text message (moderation news and the like) from the worker."""
    send_mail(subject, body, None, [recipient])
