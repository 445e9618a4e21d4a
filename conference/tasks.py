"""Background work: composing and sending the portal's e-mail through django.tasks (worker: ``manage.py db_worker``).

``compose_email`` writes an e-mail that a busy write left for later (``notifications.later``) into
the outbox; ``send_email`` sends it.

Each e-mail is a row in the outbox (``OutgoingEmail``, filled by ``conference.notifications``),
sent in three steps:

1. claim: lock the row (``select_for_update``), check it is neither sent nor claimed, stamp
   ``claimed_at`` and commit. Two workers, or a task that was enqueued twice, wait for each
   other here, and only the first one gets the e-mail;
2. send, outside any transaction (a slow mail server holds no database lock);
3. stamp ``sent_at``.

A send that raises gives the claim back (``claimed_at`` cleared) and is retried with a growing
delay, so it is still sent exactly once. A send that succeeds is never repeated, even when
stamping ``sent_at`` fails afterwards (database gone, worker killed): the claim stays, and a
retry sees it and stops. The price of that choice is *at most once*: if the worker dies between
claiming and finishing the send, the e-mail stays claimed but unsent (``claimed_at`` set,
``sent_at`` empty; visible in the admin) and nobody sends it automatically. We prefer a rare
missing e-mail, which a coordinator can see and send again, to people getting mail twice.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from conference.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _claim(email_id: int) -> tuple[OutgoingEmail | None, str]:
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None:
            return None, "gone"
        if email.sent_at is not None:
            return None, "already sent"
        if email.claimed_at is not None:
            return None, "already claimed"
        email.claimed_at = timezone.now()
        email.save(update_fields=["claimed_at"])
    return email, "claimed"


def _message(email: OutgoingEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return message


@task
def compose_email(notification: str, args: list, kwargs: dict | None = None) -> str:
    """Compose one e-mail a write queued with ``notifications.later``; it goes out through ``send_email``."""
    from conference import notifications

    with transaction.atomic():  # the e-mail and the task that sends it, together
        email = notifications.DEFERRED[notification](*args, **(kwargs or {}))
    return "queued" if email is not None else "nothing to send"


@task
def send_email(email_id: int) -> str:
    email, outcome = _claim(email_id)
    if email is None:
        return outcome
    message = _message(email)
    try:
        message.send()
    except Exception as error:
        _schedule_retry(email_id, error)
        raise
    # Sent: from here on nothing may send it again. Should this update fail, the claim stays.
    OutgoingEmail.objects.filter(pk=email_id).update(sent_at=timezone.now(), attempts=email.attempts + 1)
    return "sent"


def _schedule_retry(email_id: int, error: Exception) -> None:
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id, sent_at__isnull=True).first()
        if email is None:
            return
        email.claimed_at = None  # not sent: the retry may claim it again
        email.attempts += 1
        email.last_error = str(error)[:1000]
        email.save(update_fields=["claimed_at", "attempts", "last_error"])
    if email.attempts < MAX_ATTEMPTS:
        delay = timedelta(minutes=2**email.attempts)
        send_email.using(run_after=timezone.now() + delay).enqueue(email_id)
    else:
        logger.error("Giving up on e-mail %s after %s attempts: %s", email_id, email.attempts, error)
