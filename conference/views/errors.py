import sys

from django.conf import settings
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from conference.rules import needs_second_factor

#: Seconds a client (or a load balancer) is asked to wait before trying again when the database is down.
RETRY_AFTER_SECONDS = 30
#: How long a visitor over a sign-in limit is asked to wait (the shortest window in ACCOUNT_RATE_LIMITS).
SIGN_IN_RETRY_SECONDS = 300


def standalone_error(request, template: str, status: int) -> HttpResponse:
    """An error page from ``error_standalone.html``: no context processors, so no database query, no
    session and no user are touched. The language comes from the address (``/en/`` or Dutch)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = get_template(template).render({})
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return standalone_error(request, "400.html", 400)


def permission_denied(request, exception=None):
    """403, except for a coordinator who has not set up two-step login yet: they are sent to do that.

    The coordinator role takes effect only with a second factor (the rule ``is_coordinator`` in conference/rules.py),
    so every coordinator page refuses them until then; this is where they learn why.
    """
    if needs_second_factor(request.user):
        return enrol_second_factor(request)
    return render(request, "403.html", status=403)


def enrol_second_factor(request):
    messages.warning(
        request,
        _(
            "You are a coordinator. Coordinators log in with two steps: their password and a code from an "
            "app on their phone. Set this up first; then you can use the coordinator pages."
        ),
    )
    return redirect(reverse("mfa_activate_totp"))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without context processors: the database may be what failed.

    Django calls this handler while it handles the exception, so ``sys.exception()`` is the error
    (under WSGI, the supported deployment with gunicorn; Django's ASGI handler renders error pages
    in another thread, where this falls back to the 500 page).
    When the database cannot be reached (or the connection broke), the answer is a 503 with
    ``Retry-After``: nothing is wrong with the request, it may be sent again in a moment.
    """
    if isinstance(sys.exception(), OperationalError | InterfaceError):
        response = standalone_error(request, "503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return standalone_error(request, "500.html", 500)


def csrf_failure(request, reason=""):
    """A form came back without a valid security token: usually an old tab or an expired session."""
    return render(request, "403_csrf.html", status=403)


def too_many_requests(request, exception=None, *, sign_in=False):
    """429: the portal's page for every rate limit (allauth calls it as ``handler429``)."""
    response = render(request, "429.html", {"sign_in": sign_in}, status=429)
    if sign_in:
        response["Retry-After"] = str(SIGN_IN_RETRY_SECONDS)
    return response
