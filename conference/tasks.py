"""Background work of the conference app (django.tasks; `manage.py db_worker` runs it)."""

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from conference.calendar import edition_calendar
from conference.models import Registration


@task
def send_registration_confirmation(registration_id: int, base_url: str = "") -> None:
    """E-mail the participant their registration, with the edition and their sessions as .ics."""
    registration = Registration.objects.select_related("conference", "user").filter(pk=registration_id).first()
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return
    edition = registration.conference
    choices = list(registration.choices.select_related("session").order_by("session__starts_at"))
    base_url = base_url.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {"registration": registration, "edition": edition, "choices": choices, "base_url": base_url}
        subject = render_to_string("conference/email/registration_subject.txt", context).strip()
        body = render_to_string("conference/email/registration_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[registration.user.email])
    ics = edition_calendar(edition, [c.session for c in choices], base_url=base_url)
    message.attach(f"{edition.slug}.ics", ics, "text/calendar")
    message.send()


@task
def send_plain_email(recipient: str, subject: str, body: str) -> None:
    """Send one short plain-text message (moderation news and the like) from the worker."""
    send_mail(subject, body, None, [recipient])
