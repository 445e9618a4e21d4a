"""Background work: sending e-mail through django.tasks (worker: ``manage.py db_worker``).

Each e-mail is a row in OutgoingEmail. The task locks that row, sends, and stamps ``sent_at``
in the same transaction, so two workers (or a task that was enqueued twice, or retried) never
send the same e-mail twice. A failed send is retried with a growing delay.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from workgroups.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@task
def send_email(email_id: int) -> str:
    try:
        with transaction.atomic():
            email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
            if email is None:
                return "gone"
            if email.sent_at is not None:
                return "already sent"
            message = EmailMultiAlternatives(
                subject=email.subject, body=email.body_text, from_email=settings.DEFAULT_FROM_EMAIL, to=[email.to]
            )
            message.attach_alternative(email.body_html, "text/html")
            message.send()
            email.sent_at = timezone.now()
            email.attempts += 1
            email.save(update_fields=["sent_at", "attempts"])
            return "sent"
    except Exception as error:
        _schedule_retry(email_id, error)
        raise


def _schedule_retry(email_id: int, error: Exception) -> None:
    email = OutgoingEmail.objects.filter(pk=email_id, sent_at__isnull=True).first()
    if email is None:
        return
    email.attempts += 1
    email.last_error = str(error)[:1000]
    email.save(update_fields=["attempts", "last_error"])
    if email.attempts < MAX_ATTEMPTS:
        delay = timedelta(minutes=2**email.attempts)
        send_email.using(run_after=timezone.now() + delay).enqueue(email_id)
    else:
        logger.error("Giving up on e-mail %s after %s attempts: %s", email_id, email.attempts, error)
