from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from conference.rules import needs_second_factor_for_admin

_EXEMPT_PREFIXES = (
    "/static/",
    "/media/",
    "/healthz",
    "/readyz",
    "/admin/",
    "/i18n/",
    "/huisstijl.css",
    "/feeds/",
    "/api/",
)

#: Browser features no page of the portal uses, switched off for every page and every frame. Only
#: names Chromium knows (an unknown name is a console error). Passkeys (publickey-credentials-*) and
#: fullscreen stay at the browser's default. A file input with ``capture`` opens the phone's own
#: camera app and needs no camera permission, so the table-sheet upload keeps working.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def _has_nul(texts) -> bool:
    return any("\x00" in text for text in texts)


def _data_has_nul(data) -> bool:
    """A QueryDict (GET or POST): any key or any of its values."""
    return any("\x00" in key or _has_nul(values) for key, values in data.lists())


def _request_has_nul(request) -> bool:
    if "\x00" in request.path_info or _data_has_nul(request.GET):
        return True
    if _has_nul(request.COOKIES) or _has_nul(request.COOKIES.values()):
        return True
    if request.method != "POST":
        return False
    names = (upload.name or "" for _field, uploads in request.FILES.lists() for upload in uploads)
    return _data_has_nul(request.POST) or _has_nul(names)


class RejectNulMiddleware:
    """Answer 400 (the Dutch standalone page) to a request with a NUL character anywhere in its path,
    query string, form fields, file names or cookies.

    PostgreSQL cannot hold NUL in text, so the driver refuses such a value and a search, a filter or
    a form would answer 500. No browser sends NUL of its own accord; refusing it at the door covers
    every form and every filter at once. Runs early, before the session is loaded from a cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _request_has_nul(request):
            if request.path.startswith("/api/"):  # the JSON API answers in JSON, as its description says
                message = gettext("The request has a character that cannot be processed (NUL).")
                return JsonResponse({"detail": message}, status=400)
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds the ``Permissions-Policy`` header (``PERMISSIONS_POLICY``) to every answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class PreferredLanguageMiddleware:
    """Send a first-time visitor whose browser prefers English to the English pages.

    Dutch pages have no prefix; other languages live under ``/<code>/``. Once someone picks a
    language with the switch, the language cookie decides and the browser is not asked again.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)

    def __call__(self, request):
        path = request.path_info
        if (
            request.method in ("GET", "HEAD")
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and not path.startswith(self.prefixes)
            and not path.startswith(_EXEMPT_PREFIXES)
        ):
            preferred = translation.get_language_from_request(request, check_path=False)
            if preferred != settings.LANGUAGE_CODE:
                target = f"/{preferred}{escape_uri_path(path)}"  # path_info is decoded: keep %3F a %3F
                if request.META.get("QUERY_STRING"):
                    target += "?" + request.META["QUERY_STRING"]
                response = HttpResponseRedirect(target)
                patch_vary_headers(response, ["Accept-Language", "Cookie"])
                return response
        response = self.get_response(request)
        if not path.startswith(self.prefixes):
            patch_vary_headers(response, ["Accept-Language"])
        return response


class AdminSecondFactorMiddleware:
    """The Django admin opens only for people who log in with two steps.

    Coordinator pages enforce this through the rules (the rule ``is_coordinator`` in conference/rules.py); the admin
    checks only ``is_staff``, so whoever may open it and has no second factor yet is sent to set one up
    first. Signing out of the admin stays possible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces or match.url_name == "logout":
            return None
        if not needs_second_factor_for_admin(request.user):
            return None
        messages.warning(request, _("The admin opens only after you have set up two-step login. Set it up first."))
        return redirect("mfa_activate_totp")


class QueryCountMiddleware:
    """Bench only: count the database queries of a request and report them in ``X-Bench-Queries``.

    ``make bench`` sets ``PORTAL_BENCH_QUERY_COUNT=true`` so the settings add this middleware
    first; the bench reads the header once per page after its warm-up. Counting wraps the
    connection's ``execute`` (``connection.execute_wrapper``): no query log, no ``DEBUG`` needed.
    """

    HEADER = "X-Bench-Queries"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[self.HEADER] = str(count)
        return response
