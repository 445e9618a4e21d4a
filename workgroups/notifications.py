"""Composing e-mails (Dutch, plain text and HTML) and queueing them after the data is committed."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from conference.models import SiteSettings
from workgroups.models import OutgoingEmail


def queue_email(*, key: str, user, template: str, context: dict) -> OutgoingEmail | None:
    """Store one e-mail under a unique key (once) and enqueue its sending after commit.

    Members without an account (``user`` is None) and accounts without an address get nothing.
    """
    if user is None or not user.email:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site": SiteSettings.load(), "user": user, **context}
        subject = render_to_string(f"workgroups/email/{template}_subject.txt", context).strip()
        body_text = render_to_string(f"workgroups/email/{template}.txt", context)
        body_html = render_to_string(f"workgroups/email/{template}.html", context)
    email, created = OutgoingEmail.objects.get_or_create(
        key=key,
        defaults={
            "to": user.email,
            "subject": " ".join(subject.split()),
            "body_text": body_text,
            "body_html": body_html,
        },
    )
    if created:
        from workgroups.tasks import send_email

        transaction.on_commit(lambda: send_email.enqueue(email.pk))
    return email
