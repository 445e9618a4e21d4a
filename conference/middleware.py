from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path

_EXEMPT_PREFIXES = ("/static/", "/media/", "/healthz", "/admin/", "/i18n/", "/huisstijl.css", "/feeds/")


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
