"""The e-mails of the themes app, queued in the portal's outbox (``conference.notifications``).

Templates: ``themes/email/<name>_subject.txt`` and ``_body.txt``. The proposer reads the
portal's language, whatever language the moderator works in.
"""

from conference.mail import absolute_url
from conference.models import OutgoingEmail
from conference.notifications import in_portal_language, queue_email
from themes.models import Theme


def _tell_proposer(theme: Theme, name: str, **context) -> OutgoingEmail | None:
    return queue_email(
        key=f"theme-{name}:{theme.pk}:{theme.moderated_at.isoformat()}",
        user=theme.submitted_by,
        template=f"themes/email/theme_{name}",
        context={"theme": theme, "theme_url": absolute_url(theme.get_absolute_url()), **context},
    )


@in_portal_language
def theme_published(theme: Theme) -> OutgoingEmail | None:
    return _tell_proposer(theme, "published")


@in_portal_language
def theme_rejected(theme: Theme) -> OutgoingEmail | None:
    """The proposer reads the moderator's reason (``theme.moderation_note``)."""
    return _tell_proposer(theme, "rejected")


@in_portal_language
def theme_merged(theme: Theme, into: Theme) -> OutgoingEmail | None:
    return _tell_proposer(theme, "merged", into=into, into_url=absolute_url(into.get_absolute_url()))
