from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext as _

from conference.rules import needs_second_factor_for_admin

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
