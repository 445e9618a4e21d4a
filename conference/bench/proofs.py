"""Checks that two app servers share what must be shared: a sign-in, rate-limit counters, the cache.

``make bench-scale`` runs them against its two gunicorn instances before it measures, and
``tests/test_scale_out.py`` runs them against two instances started on the test database. Each
check talks HTTP to the instances, as a browser behind a load balancer would.
"""

import http.client
import re
import secrets
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from conference import services
from conference.bench.servers import get
from conference.models import SiteSettings

HOST = "127.0.0.1"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Check:
    text: str
    passed: bool


def _request(port: int, path: str, *, cookies: dict | None = None, form: dict | None = None):
    """One request as a browser sends it; returns (status, cookies set by the answer, page text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    # One Host for both instances, as behind a load balancer (allauth's failed-login key includes it).
    headers = {"Accept-Language": "nl", "Host": HOST}
    if cookies:
        headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        body = urlencode(form) if form is not None else None
        connection.request("POST" if form is not None else "GET", path, body=body, headers=headers)
        response = connection.getresponse()
        jar = SimpleCookie()
        for name, value in response.msg.items():  # every Set-Cookie header, not only the last
            if name.lower() == "set-cookie":
                jar.load(value)
        return response.status, {key: morsel.value for key, morsel in jar.items()}, response.read().decode()
    finally:
        connection.close()


def _post_login(port: int, email: str, password: str):
    """The allauth login form: fetch it (CSRF cookie and token), then post the e-mail address and password."""
    login = reverse("account_login")
    _status, cookies, page = _request(port, login)
    form = {"login": email, "password": password, "csrfmiddlewaretoken": TOKEN.search(page).group(1)}
    return _request(port, login, cookies=cookies, form=form)


def signed_in_on_both(first: int, second: int, *, email: str, password: str, name: str) -> Check:
    """Sign in through instance A; the session cookie opens one's own page on instance B."""
    status, cookies, _page = _post_login(first, email, password)
    session = cookies.get(settings.SESSION_COOKIE_NAME)
    if status != 302 or not session:
        return Check(f"signing in on instance A failed (HTTP {status})", False)
    own_page = reverse("conference:my_overview")
    mine, _cookies, page = _request(second, own_page, cookies={settings.SESSION_COOKIE_NAME: session})
    passed = mine == 200 and escape(name) in page
    return Check(
        f"a resident signed in through instance A (:{first}) opens *Mijn pagina* on instance B (:{second}): "
        f"HTTP {mine}{', own name shown' if passed else ''}",
        passed,
    )


def _login_failed_limit() -> int:
    """The smallest count in allauth's ``login_failed`` rate (e.g. ``10/m/ip,5/300s/key`` gives 5)."""
    rule = getattr(settings, "ACCOUNT_RATE_LIMITS", {}).get("login_failed", "10/m/ip,5/300s/key")
    return min(int(part.split("/")[0]) for part in str(rule).split(",") if part.strip())


def rate_limit_shared(first: int, second: int) -> Check:
    """Failed logins counted on A and B together: the limit is reached although B saw only two attempts."""
    limit = _login_failed_limit()
    email = f"ratelimit-{secrets.token_hex(6)}@bench.example.org"
    with translation.override(settings.LANGUAGE_CODE):
        message = escape(str(get_adapter().error_messages["too_many_login_attempts"]))

    def refused(status: int, page: str) -> bool:  # the 429 page, or the form's message
        return status == 429 or message in page

    for _attempt in range(limit - 1):
        _post_login(first, email, "wrong-password-1")
    allowed_status, _c, allowed_page = _post_login(second, email, "wrong-password-2")
    refused_status, _c, refused_page = _post_login(second, email, "wrong-password-3")
    passed = not refused(allowed_status, allowed_page) and refused(refused_status, refused_page)
    return Check(
        f"failed logins share one counter (limit {limit}): {limit - 1} on A, then B accepts attempt {limit} "
        f"and refuses attempt {limit + 1} {'(as it should)' if passed else '(NOT shared)'}",
        passed,
    )


def invalidation_shared(first: int, second: int) -> Check:
    """A change made outside both instances clears the shared cache: both show it on their next request."""
    site = SiteSettings.load()
    original = site.portal_name
    for port in (first, second):
        get(port, reverse("conference:home"))  # both have read (and cached) the current name
    marker = f"Werkconferentie {secrets.token_hex(3)}"
    services.save_site_settings(portal_name=marker)
    try:
        seen = [marker in get(port, reverse("conference:home"))[2] for port in (first, second)]
    finally:
        services.save_site_settings(portal_name=original)
    passed = all(seen)
    return Check(
        "the organising body's name, cached for 5 minutes, changed by a third process: "
        f"instance A {'shows' if seen[0] else 'does NOT show'} the new name, "
        f"instance B {'shows' if seen[1] else 'does NOT show'} it on the next request",
        passed,
    )


def run_all(first: int, second: int, *, email: str, password: str, name: str, stdout=None) -> list[Check]:
    checks = [
        signed_in_on_both(first, second, email=email, password=password, name=name),
        rate_limit_shared(first, second),
        invalidation_shared(first, second),
    ]
    for check in checks:
        if stdout is not None:
            stdout.write(f"  {'ok ' if check.passed else 'FAIL'} {check.text}")
    return checks
