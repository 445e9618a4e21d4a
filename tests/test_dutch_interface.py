"""The Dutch interface speaks Dutch: every page and form a person reaches, in every role.

A crawl through the demo data (test client, no browser) opens each kind of page once per role,
submits every form that has fields to fill in once empty (so the error messages show), and fails
on English phrases that Django, allauth, crispy-forms or we might leave untranslated: an empty
choice "- Select an option -", "This field is required.", a "Save" button, an English month.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from conference.models import User

pytestmark = pytest.mark.django_db

#: Phrases that never belong on a Dutch page (whole words, case as written).
ENGLISH_PHRASES = [
    "Select an option", "This field is required", "Enter a valid", "Ensure this value", "is required",
    "Save", "Cancel", "Submit", "Delete", "Remove", "Currently", "Change", "Clear", "Upload", "Search",
    "Previous", "Next", "Page", "Password", "Remember Me", "Forgot", "Sign In", "Sign in", "Sign Up",
    "Sign up", "Email", "E-mail address", "Yes", "No", "Unknown", "Required",
    "Optional", "Choose", "Back", "Edit", "Add", "Welcome", "Loading", "characters",
    "January", "February", "March", "April", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "a.m.", "p.m.", "noon", "midnight",
]  # fmt: skip
ENGLISH = re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in ENGLISH_PHRASES) + r")(?![\w-])")

SKIP = re.compile(
    r"\.(ics|atom|csv|json|xml|png|jpe?g|svg|webp|css|js)$|^/(en|media|static|admin|i18n)/|^/account/logout/"
)
MAX_PAGES = 150
FILLABLE = {"text", "email", "password", "number", "date", "datetime-local", "url", "search", "tel", None}
SPOKEN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

ROLES = {
    "visitor": (None, ["/", "/account/login/", "/account/signup/", "/account/password/reset/"]),
    "resident": ("inwoner@example.org", ["/", "/mijn/", "/account/email/", "/account/password/change/"]),
    "partner": ("partner@example.org", ["/", "/mijn/", "/werkgroepen/mijn/"]),
    "coordinator": ("coordinator@example.org", ["/beheer/", "/"]),
}


class _Page(HTMLParser):
    """Collects what a person reads or hears on a page, its links and its forms with fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links, self.forms = [], [], []
        self._skip_depth = 0  # inside <script>, <style> or an element marked lang="en"
        self._stack = []
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipping = tag in ("script", "style") or attrs.get("lang") == "en"
        if tag not in ("input", "br", "img", "meta", "link", "hr"):
            self._stack.append(skipping)
            self._skip_depth += skipping
        if self._skip_depth:
            return
        self.texts.extend(attrs[name] for name in SPOKEN_ATTRIBUTES if attrs.get(name))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fillable": False}
            self.forms.append(self._form)
        elif tag in ("input", "textarea", "select") and self._form is not None:
            kind = attrs.get("type") if tag == "input" else None
            if kind in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
            if (tag == "textarea" or kind in FILLABLE) and kind != "hidden":
                self._form["fillable"] = True

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if tag not in ("input", "br", "img", "meta", "link", "hr") and self._stack:
            self._skip_depth -= self._stack.pop()

    def handle_data(self, data):
        if not self._skip_depth and data.strip():
            self.texts.append(data)


def _english(html: str) -> list[str]:
    parser = _Page()
    parser.feed(html)
    return sorted({match.group(1) for text in parser.texts for match in ENGLISH.finditer(text)})


def _kind(path: str) -> tuple:
    return tuple("*" if re.search(r"[\d-]", part) else part for part in path.strip("/").split("/"))


def _crawl(client, starts):
    """Visit each kind of page once; return the problems found and the pages visited."""
    seen, queue, visited, problems = set(), list(starts), [], []
    while queue and len(visited) < MAX_PAGES:
        path = queue.pop(0)
        if _kind(path) in seen:
            continue
        seen.add(_kind(path))
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
        visited.append(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        problems += [f"{path}: {phrase!r}" for phrase in _english(html)]
        parser = _Page()
        parser.feed(html)
        for form in parser.forms:
            if form["fillable"] and form["action"] in ("", path):
                answer = client.post(path, {}, HTTP_ACCEPT_LANGUAGE="nl")
                if "html" in answer.get("Content-Type", ""):
                    problems += [f"{path} (sent empty): {p!r}" for p in _english(answer.content.decode())]
                break
        for href in parser.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(parts.path):
                continue
            if _kind(parts.path) not in seen:
                queue.append(parts.path)
    return problems, visited


def test_english_phrases_are_found():
    """The checker itself: it hears English in text, buttons and empty choices, not in lang="en"."""
    html = (
        '<p>Welkom</p><select><option value="">- Select an option -</option></select>'
        '<form method="post"><input type="submit" value="Save"></form>'
        '<button lang="en">English</button><p>Dit veld is verplicht.</p><span aria-label="Next">&rsaquo;</span>'
    )

    assert _english(html) == ["Next", "Save", "Select an option"]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_form_speaks_dutch(client, role):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    email, starts = ROLES[role]
    if email:
        client.force_login(User.objects.get(email=email))

    problems, visited = _crawl(client, starts)

    assert problems == [], "\n".join(problems)
    assert len(visited) >= 10, visited  # the crawl really went through the portal
