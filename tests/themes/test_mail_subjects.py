"""Moderation e-mails are plain text: an apostrophe in a theme title stays an apostrophe."""

import pytest
from django.core import mail

from tests.themes.factories import ThemeFactory
from themes import services
from themes.models import Theme

pytestmark = pytest.mark.django_db


def test_moderation_mail_shows_an_apostrophe_in_the_title_as_it_is(
    coordinator, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    theme = ThemeFactory(status=Theme.Status.SUBMITTED, title="Ouders' avond & buurt")

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_theme(theme=theme)

    (message,) = mail.outbox
    assert message.subject == "Uw thema is gepubliceerd"
    assert "Thema: Ouders' avond & buurt\n" in message.body
    assert "&#x27;" not in message.subject + message.body
