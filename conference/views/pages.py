from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import Error as DatabaseError
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from conference import page_cache, selectors
from conference.models import Organisation, SiteSettings
from conference.page_cache import public_page
from conference.rules import is_coordinator


@public_page
def home(request):
    if is_coordinator(request.user):  # also sees an edition that is not published yet: their own version
        next_edition, shared_key = selectors.next_edition(user=request.user), None
    else:  # the same for everyone else, signed in or not: read once per content version
        next_edition = page_cache.shared_value(("next-edition",), lambda: selectors.next_edition(user=None))
        shared_key = "everyone"
    context = {
        "next_edition": next_edition,
        "latest_recap": SimpleLazyObject(selectors.latest_recap),  # read only when the shared part is not kept
        "shared_key": shared_key,
    }
    return render(request, "conference/home.html", context)


@require_GET
def healthz(request):
    """Liveness: a tiny body and no database query."""
    return HttpResponse(b"ok", content_type="text/plain")


@require_GET
@never_cache
def readyz(request):
    """Readiness, for load balancers: 200 when the database answers ``SELECT 1``, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse(b"database unavailable", content_type="text/plain", status=503)
    return HttpResponse(b"ok", content_type="text/plain")


@require_GET
@cache_control(public=True, max_age=300)
def brand_css(request):
    """The organising body's colours as CSS custom properties (no inline style needed)."""
    site = SiteSettings.load()
    css = f":root{{--portal-primary:{site.primary_colour};--portal-accent:{site.accent_colour};}}\n"
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@public_page
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    members = selectors.organisation_members(organisation)
    return render(request, "conference/organisation_detail.html", {"organisation": organisation, "members": members})


@login_required
def my_overview(request):
    """'Mijn pagina': other apps add their blocks (ballot, registrations, workgroups) as panels."""
    registrations = list(selectors.registrations_of(user=request.user)[:25])
    return render(request, "conference/my_overview.html", {"registrations": registrations})


@require_GET
@never_cache
def choose_language(request, code):
    """The language switch: a plain link, so published pages carry no form and no per-visitor token.

    Remembers the choice in the language cookie (the visitor's browser is not asked again) and goes
    on to ``next``, the same page in that language.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = translate_url("/", code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
