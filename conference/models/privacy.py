from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginSession(AbstractBaseSession):
    """A browser session (engine ``conference.sessions``, cached in front of this table).

    ``user_id`` is the signed-in person, written on every save of the session, so all sessions of
    one person are found with one indexed query: deleting an account ends every sign-in at once.
    A plain number, not a foreign key: a session is never kept alive by, nor does it keep, a user.
    """

    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("sign-in session")
        verbose_name_plural = _("sign-in sessions")

    @classmethod
    def get_session_store_class(cls):
        from conference.sessions import SessionStore

        return SessionStore


class Statement(models.Model):
    """A statutory page's own text (privacy or accessibility statement), in one language.

    Without a row the page shows the portal's default text, filled in with the organising body's
    name and contact details (``conference.statements``); a coordinator's saved text replaces it.
    """

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy statement")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    body = models.TextField(_("text"), help_text=_("You can use Markdown."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["kind", "language"]
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="one_statement_per_kind_language")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"
