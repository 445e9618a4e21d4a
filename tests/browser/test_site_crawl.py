"""Every page a person can reach from the home page, as a visitor and in each role, on the demo data.

The walks in the other files follow tasks; this one follows links. Each distinct kind of page is
opened once per role: it must answer without an error, and axe must find nothing, both at the desktop
width and on a 360 px wide phone screen, where no page may scroll sideways either.
"""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command

from conference.models import User
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SKIP = re.compile(r"\.(ics|atom|csv|json|xml|png|jpe?g|svg|webp)$|^/(media|static|admin|i18n)/|^/account/logout/")
MAX_PAGES = 70


def _kind(path: str) -> tuple:
    """Pages of one kind share a shape: the fixed words of the path, with slugs and numbers as '*'."""
    return tuple("*" if re.search(r"[\d-]", part) else part for part in path.strip("/").split("/"))


def _crawl(page, start="/", private=()):
    """Open each kind of page once: axe at the page's own width, then at 360 px, where it may not scroll sideways."""
    seen_kinds, queue, visited, problems = set(), [start], [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if _kind(path) in seen_kinds:
            continue
        seen_kinds.add(_kind(path))
        response = page.goto(path)
        visited.append(path)
        if response is None or response.status >= 400:
            problems.append(f"{path}: HTTP {response.status if response else '?'}")
            continue
        try:
            page.checks.assert_accessible()
            page.checks.assert_accessible_narrow()
        except AssertionError as error:
            problems.append(str(error))
        html = page.content()
        problems.extend(f"{path}: shows the e-mail address {email}" for email in private if email in html)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
        for href in hrefs:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(parts.path):
                continue
            if _kind(parts.path) not in seen_kinds:
                queue.append(parts.path)
    return visited, problems


@pytest.mark.parametrize(
    ("who", "start"),
    [
        (None, "/"),
        (None, "/en/"),
        ("inwoner@example.org", "/"),
        ("partner@example.org", "/"),
        ("coordinator@example.org", "/beheer/"),
    ],
    ids=["visitor", "visitor-english", "resident", "partner", "coordinator"],
)
def test_every_kind_of_page_answers_and_is_accessible(page, who, start):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    if who:
        login(page, who, settings.PORTAL_DEMO_PASSWORD)

    # Visitors never see a person's e-mail address; signed-in people see at most their own.
    private = set(User.objects.exclude(email=who or "").values_list("email", flat=True))
    visited, problems = _crawl(page, start, private) if who != "coordinator@example.org" else _crawl(page, start)

    assert problems == [], "\n\n".join(problems)
    assert len(visited) >= 12, visited  # the crawl really went through the portal
