"""Whole-page cache for visitors who are not signed in, with conditional GET.

A view marks its page as published with ``@public_page``. For a visitor without a session or messages
cookie (nobody signed in, nothing personal to show) the middleware keeps the rendered page in the
``pages`` cache, keyed on the content version, the language and the full URL, and serves it from there
until the version changes or ``PAGE_CACHE_SECONDS`` pass (pages that depend on the clock, such as an
opening registration, are at most that old).

The content version is one number in the shared cache. Every write to a model whose rows a published
page can show bumps it: ``bump()`` runs right away (so the writing request and tests see it) and once
more after the transaction commits (so a page rendered from the old rows while the transaction ran is
never served again). Model saves and deletes bump it through signals; bulk changes bump it in
``conference.audit.update``/``record_created``. Votes, the audit trail, outgoing e-mail, sign-in sessions,
evaluation answers and history rows show on no published page, so they do not bump it (results appear
only once a coordinator publishes them, which saves the round).

Every published page answers with an ``ETag`` and ``Last-Modified`` and a ``304`` when the visitor already
has it; signed-in pages are marked ``private, no-store``. Settings: ``PAGE_CACHE_SECONDS`` (how long a
page may be kept at most, 0 switches the cache off) and ``PAGE_CACHE_MAX_AGE`` (how long a browser may
keep a published page without asking again; 0, the default, makes it ask every time).
"""

import hashlib
import time
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

VERSION_KEY = "page-version"
CACHE_ALIAS = "pages"
#: Apps whose rows published pages show.
CONTENT_APPS = {"conference", "themes", "workgroups"}
#: Models of those apps that no published page shows (see the module docstring).
SILENT_MODELS = {
    "conference.auditentry",
    "conference.outgoingemail",
    "conference.loginsession",
    "conference.searchdocument",
    "conference.evaluationresponse",
    "conference.evaluationanswer",
    "themes.ballot",
    "themes.vote",
    "workgroups.reportreminder",
}
#: Headers of a kept page that are the same for every visitor (the rest is added again on the way out).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Content-Disposition", "X-Frame-Options")


def _cache():
    """The ``pages`` cache; where a deployment (or a test) configures none, the default one."""
    return caches[CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"]


#: The content version as read once in this request (the middleware opens it; a bump empties it).
_request_version: ContextVar[list | None] = ContextVar("page_cache_request_version", default=None)


def current_version() -> int:
    memo = _request_version.get()
    if memo:
        return memo[0]
    version = _cache().get(VERSION_KEY)
    if version is None:
        # Start from the clock, so a fresh cache never reuses a number pages were once kept under.
        version = time.time_ns() // 1000
        _cache().add(VERSION_KEY, version, timeout=None)
        version = _cache().get(VERSION_KEY, version)
    if memo is not None:
        memo.append(version)
    return version


def _bump_now() -> None:
    memo = _request_version.get()
    if memo is not None:
        memo.clear()
    try:
        _cache().incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache was emptied): any new number will do
        _cache().set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def bump(using: str | None = None) -> None:
    """What published pages show has changed: serve none of the kept pages again."""
    _bump_now()
    connection = transaction.get_connection(using)
    # Once more after the commit, once per transaction: a rolled-back transaction drops its callbacks with it.
    if connection.in_atomic_block and not any(entry[1] is _bump_now for entry in connection.run_on_commit):
        transaction.on_commit(_bump_now, using=using)


def shows_on_published_pages(model) -> bool:
    meta = model._meta
    if meta.app_label not in CONTENT_APPS or meta.label_lower in SILENT_MODELS:
        return False
    return not meta.model_name.startswith("historical")  # django-simple-history's copies


def bump_for(model) -> None:
    """Bulk changes (``update()``, ``bulk_create()``) send no signals: their writers call this."""
    if shows_on_published_pages(model):
        bump()


def _on_save(sender, update_fields=None, using=None, **kwargs):
    if not shows_on_published_pages(sender):
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in touches the user row; no page shows when someone last signed in
    bump(using)


def _on_delete(sender, using=None, **kwargs):
    if shows_on_published_pages(sender):
        bump(using)


def _on_m2m(sender, action, model, using=None, **kwargs):
    if action.startswith("post_") and shows_on_published_pages(model):
        bump(using)


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="page_cache_save")
    post_delete.connect(_on_delete, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="page_cache_m2m")


def public_page(view=None, *, max_age: int | None = None):
    """Mark a view's page as published: the same for every visitor who is not signed in.

    ``max_age`` is how long a browser or proxy may keep it without asking again (default
    ``PAGE_CACHE_MAX_AGE``); feeds and calendars can allow more.
    """

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            response = view_func(request, *args, **kwargs)
            response.public_page_max_age = settings.PAGE_CACHE_MAX_AGE if max_age is None else max_age
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


_MISSING = object()


def shared_value(key: tuple, compute):
    """Something every visitor sees the same (HTML, or data with model instances), kept per content version
    and language. ``compute()`` makes it on a miss (``None`` is kept like any value); with the page cache off
    it is always computed."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    cache_key = f"shared:{current_version()}:{get_language()}:{digest}"
    value = _cache().get(cache_key, _MISSING)
    if value is _MISSING:
        value = compute()
        _cache().set(cache_key, value, timeout=settings.PAGE_CACHE_SECONDS)
    return value


def shared_fragment(key: tuple, render) -> str:
    """A part of a page that is the same for every visitor (``render()`` makes its HTML), kept like above."""
    return shared_value(("fragment", *key), lambda: str(render()))


def _anonymous_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and "HTTP_HX_REQUEST" not in request.META
    )


def _key(request, version: int) -> str:
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"page:{version}:{get_language()}:{url}"


class AnonymousPageCacheMiddleware:
    """Serve published pages to visitors who are not signed in from the ``pages`` cache (see the module).

    Sits after LocaleMiddleware (the language comes from the URL) and before the session is read:
    a request without a session cookie belongs to nobody signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_version.set([])  # one read of the version per request, for the page and its parts
        try:
            return self._serve(request)
        finally:
            _request_version.reset(token)

    def _serve(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or not _anonymous_request(request):
            return self._private(request, self.get_response(request))
        version = current_version()
        key = _key(request, version)
        kept = _cache().get(key)
        if kept is not None:
            return self._answer(request, kept, hit=True)
        response = self.get_response(request)
        max_age = getattr(response, "public_page_max_age", None)
        if (
            max_age is None
            or request.method != "GET"
            or response.status_code != 200
            or response.cookies
            or response.streaming
        ):
            return self._private(request, response)
        kept = {
            "content": response.content,
            "headers": [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)],
            "etag": quote_etag(hashlib.md5(response.content, usedforsecurity=False).hexdigest()),
            "last_modified": http_date(),
            "max_age": max_age,
        }
        _cache().set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
        return self._answer(request, kept, hit=False)

    @staticmethod
    def _answer(request, kept: dict, *, hit: bool) -> HttpResponse:
        response = HttpResponse(kept["content"])
        for name, value in kept["headers"]:
            response[name] = value
        response["ETag"] = kept["etag"]
        response["Last-Modified"] = kept["last_modified"]
        patch_vary_headers(response, ["Cookie"])  # a signed-in visitor gets their own page
        # max-age 0 (the default for pages): the browser asks every time and gets a 304 while nothing changed,
        # so a coordinator's change shows at the next visit; feeds and calendars allow a few minutes.
        patch_cache_control(response, public=True, max_age=kept["max_age"])
        if not kept["max_age"]:
            patch_cache_control(response, must_revalidate=True)
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return get_conditional_response(request, etag=kept["etag"], response=response)

    @staticmethod
    def _private(request, response):
        """A page not kept for everyone: personal for someone with a session, at least not for a shared cache.

        Judged by the session cookie, not by loading the user: a health check stays free of queries.
        """
        if response.has_header("Cache-Control"):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_store=True)
        elif hasattr(response, "public_page_max_age"):
            patch_cache_control(response, private=True, no_cache=True)
        return response
