"""The portal's one way to send e-mail: compose from templates, store in the outbox, send after commit.

Every e-mail of the portal (allauth's own account e-mails aside) is composed by a function in an
app's ``notifications.py`` and stored by :func:`queue_email` as one ``OutgoingEmail`` row, in the
caller's transaction: when the change is rolled back, so is its e-mail. After the commit a
django.tasks task sends it (``conference.tasks.send_email``: claim, send, stamp). A unique key
per e-mail makes queueing it twice store it once.

An e-mail written under the edition's lock (a registration, a place from the waiting list, a chosen
session taken off the programme) is composed by the worker instead: :func:`later` stores a task
naming the notification and its ids, in the caller's transaction, so the change commits with its
e-mail still to be written, and the write holds its locks only for the change itself. The
notification reads the state at that moment.

An e-mail is three templates next to each other: ``<name>_subject.txt``, ``<name>_body.txt`` and,
when it has an HTML part, ``<name>_body.html``. Everything is composed in the portal's language
(``LANGUAGE_CODE``), not in the language of whoever caused the e-mail; links are absolute, built
by ``conference.mail.absolute_url`` from ``PORTAL_BASE_URL``.
"""

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from conference import selectors
from conference.calendar import edition_calendar
from conference.mail import absolute_url, base_url
from conference.models import OutgoingEmail, Registration, SessionChoice, SiteSettings

KEY_LENGTH = OutgoingEmail._meta.get_field("key").max_length


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def in_portal_language(func):
    """Run ``func`` in the portal's language: its texts and the links it builds (``/en/`` or not)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


#: Notifications the worker may compose (:func:`later`), by name; a task names one of these, nothing else.
DEFERRED: dict[str, Callable[..., OutgoingEmail | None]] = {}


def deferrable(func):
    """Mark a notification :func:`later` may hand to the worker. Its arguments must be plain JSON (ids, flags)."""
    DEFERRED[func.__name__] = func
    return func


def later(func, *args, **kwargs) -> None:
    """Compose and queue the e-mail of ``func(*args, **kwargs)`` in the worker, once this transaction commits.

    The task is stored in the caller's transaction (django-tasks-db writes it in the same database):
    rolled back with the change, or committed with it. Nothing is lost in between.
    """
    from conference.tasks import compose_email

    if DEFERRED.get(func.__name__) is not func:
        raise ValueError(f"{func.__name__} is not a deferrable notification.")
    compose_email.enqueue(func.__name__, list(args), kwargs)


def _key(key: str) -> str:
    if len(key) <= KEY_LENGTH:
        return key
    return f"{key[: KEY_LENGTH - 41]}#{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()}"


def _render_html(template: str, context: dict) -> str:
    try:
        return render_to_string(f"{template}_body.html", context)
    except TemplateDoesNotExist:
        return ""


@in_portal_language
def queue_email(
    *, key: str, user, template: str, context: dict, attachments: list[Attachment] | tuple = ()
) -> OutgoingEmail | None:
    """Store one e-mail under a unique key (once) and enqueue its sending after commit.

    ``template`` names the templates without their ending, e.g. ``"conference/email/registration"``.
    People without an account (``user`` is None) and accounts without an address get nothing.
    """
    if user is None or not user.email:
        return None
    context = {"site": SiteSettings.load(), "user": user, **context}
    subject = render_to_string(f"{template}_subject.txt", context)
    fields = {
        "to": user.email,
        "subject": " ".join(subject.split()),
        "body_text": render_to_string(f"{template}_body.txt", context),
        "body_html": _render_html(template, context),
        "attachments": [{"filename": a.filename, "content": a.content, "mimetype": a.mimetype} for a in attachments],
    }
    try:
        with transaction.atomic():  # a savepoint: a key stored before leaves the caller's transaction intact
            email = OutgoingEmail.objects.create(key=_key(key), **fields)
    except IntegrityError:
        return OutgoingEmail.objects.get(key=_key(key))  # queued before: stored and sent once
    from conference.tasks import send_email

    transaction.on_commit(functools.partial(send_email.enqueue, email.pk))
    return email


# --- Registration ------------------------------------------------------------------------------


def _mail_participant(registration: Registration, name: str, key: str, **extra) -> OutgoingEmail | None:
    """A registration e-mail: ``conference/email/<name>``, with the person's sessions and links.

    A person with a place at the edition gets the edition and the sessions they have a place in
    as an .ics attachment; a person on the waiting list gets none, as they have no place yet.
    """
    edition = registration.conference
    choices = list(registration.choices.all())
    has_place = registration.status == Registration.Status.CONFIRMED
    attachments = []
    if has_place:
        seats = [c.session for c in choices if c.status == SessionChoice.Status.CONFIRMED]
        ics = edition_calendar(edition, seats, base_url=base_url())
        attachments.append(Attachment(f"{edition.slug}.ics", ics.decode(), "text/calendar"))
    context = {
        "registration": registration,
        "edition": edition,
        "choices": choices,
        "has_place": has_place,
        "edition_url": absolute_url(edition.get_absolute_url()),
        "register_url": absolute_url(reverse("conference:register", args=[edition.slug])),
        **extra,
    }
    return queue_email(
        key=key,
        user=registration.user,
        template=f"conference/email/{name}",
        context=context,
        attachments=attachments,
    )


@deferrable
@in_portal_language
def registration_received(registration_id: int) -> OutgoingEmail | None:
    """Tell the person they are registered, or where they are on the waiting list."""
    registration = selectors.registration_with_places(registration_id)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return None
    key = f"registration:{registration.pk}:{registration.created_at.isoformat()}"
    return _mail_participant(registration, "registration", key)


@deferrable
@in_portal_language
def place_available(registration_id: int, edition_seat: bool, choice_ids: list[int]) -> OutgoingEmail | None:
    """Tell someone who moved up from a waiting list that they now have a place."""
    registration = selectors.registration_with_places(registration_id)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return None
    new_seats = [
        c for c in registration.choices.all() if c.pk in choice_ids and c.status == SessionChoice.Status.CONFIRMED
    ]
    if not edition_seat and not new_seats:
        return None
    # A seat is given once (only a cancelled registration loses it, and it comes back with a new date).
    seats = ",".join(str(c.pk) for c in new_seats)
    key = f"place:{registration.pk}:{registration.created_at.isoformat()}:{'edition' if edition_seat else ''}:{seats}"
    return _mail_participant(registration, "place_available", key, edition_seat=edition_seat, new_seats=new_seats)


@deferrable
@in_portal_language
def session_removed(registration_id: int, *, session_id: int, title: str, starts_at: str) -> OutgoingEmail | None:
    """Tell someone who chose a session that it was taken off the programme (``starts_at`` in ISO 8601:
    the session is gone by the time the worker writes this)."""
    registration = selectors.registration_with_places(registration_id)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return None
    return _mail_participant(
        registration,
        "session_removed",
        f"session-removed:{session_id}:{registration.pk}",
        session_title=title,
        session_starts_at=datetime.fromisoformat(starts_at),
    )


# --- Roles ---------------------------------------------------------------------------------------


@in_portal_language
def coordinator_role_granted(*, user, granted_by) -> OutgoingEmail | None:
    """Tell a new coordinator the role takes effect once they log in with two steps, and where to set that up."""
    from conference.rules import has_second_factor

    user._has_second_factor = None  # ask the database, not what an earlier check kept on this object
    context = {
        "granted_by": granted_by,
        "has_second_factor": has_second_factor(user),
        "enrol_url": absolute_url(reverse("mfa_activate_totp")),
        "manage_url": absolute_url(reverse("conference:manage")),
    }
    key = f"coordinator-granted:{user.pk}:{timezone.now().isoformat()}"
    return queue_email(key=key, user=user, template="conference/email/coordinator_granted", context=context)
