import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import translation

#: Seconds a client (or a load balancer) is asked to wait before trying again when the database is down.
RETRY_AFTER_SECONDS = 30


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
    return render(request, "403.html", status=403)


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
