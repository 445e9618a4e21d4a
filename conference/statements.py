"""The statutory pages' texts: the coordinators' own (``Statement``) or the portal's default.

The defaults are templates (``conference/statements/<kind>.txt``) in Markdown whose sentences go
through gettext, filled in with the organising body's name and contact details, so a new portal
has a sensible statement from its first day. The page renders either text with the sanitising
``conference.markdown``.
"""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from conference.mail import base_url
from conference.models import SiteSettings, Statement

#: The day the default texts were last checked against the portal (the date the statement shows).
DEFAULT_TEXT_DATE = date(2026, 12, 3)
#: Months after an edition that ``privacy.apply_retention`` keeps registrations and who voted.
RETENTION_MONTHS = 12

#: The statements' part of the address (``/beheer/verklaringen/<slug>/``), in Dutch like the public pages.
SLUGS = {"privacy": Statement.Kind.PRIVACY, "toegankelijkheid": Statement.Kind.ACCESSIBILITY}

TEMPLATES = {
    Statement.Kind.PRIVACY: "conference/statements/privacy.txt",
    Statement.Kind.ACCESSIBILITY: "conference/statements/accessibility.txt",
}


def default_text(kind: str, language: str) -> str:
    """The default Markdown of a statement in ``language``, for the current organising body."""
    with translation.override(language):
        context = {
            "site": SiteSettings.load(),
            "portal_url": base_url() + reverse("conference:home"),
            "my_data_url": reverse("conference:my_data"),
            "privacy_url": reverse("conference:privacy"),
            "statement_date": DEFAULT_TEXT_DATE,
            "retention_months": RETENTION_MONTHS,
        }
        return render_to_string(TEMPLATES[kind], context).strip() + "\n"


def current(kind: str, language: str | None = None) -> tuple[str, Statement | None]:
    """The text a statement page shows in ``language`` (the active one by default), and the own text if any."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    saved = Statement.objects.filter(kind=kind, language=language).first()
    if saved is not None:
        return saved.body, saved
    return default_text(kind, language), None
