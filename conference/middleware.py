from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path

_EXEMPT_PREFIXES = ("/static/", "/media/", "/healthz", "/admin/", "/i18n/", "/huisstijl.css", "/feeds/", "/api/")


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
