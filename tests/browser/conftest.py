"""Browser harness: Playwright for Python driving Debian's Chromium, with axe-core checks.

Where no Chromium is found the browser tests are skipped with a hint, except under CI
(CI=true), where a missing browser is a failure.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from axe_playwright_python.sync_playwright import Axe

from conference import second_factor
from conference.models import User

# Playwright's sync API runs an event loop in this thread; the live server runs the ORM in its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The narrowest phone we support: every page a browser test checks is checked at this width too.
NARROW = {"width": 360, "height": 740}
#: The elements that stick out to the right of the window, for the message when a page scrolls sideways.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  // A scrolling box clips what sits in it, except absolutely placed things whose containing block is outside it.
  const clipped = el => {
    const position = getComputedStyle(el).position;
    if (position === "fixed") return false;
    let up = position === "absolute" ? el.offsetParent : el.parentElement;
    for (; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 0.5 && !clipped(el));
  const right = el => Math.round(el.getBoundingClientRect().right);
  const found = wide.slice(0, 8).map(el => name(el) + " (right " + right(el) + " px)");
  return found.length ? found : ["the page is " + document.documentElement.scrollWidth + " px wide"];
}"""
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}
}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI", "").lower() == "true":
        return  # the browser fixture fails loudly instead
    skip = pytest.mark.skip(reason="No Chromium found: install Debian's 'chromium' (apt-get install chromium) to run.")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"CI needs Chromium for the browser tests, but {CHROMIUM} does not exist.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageChecks:
    """Collects Content-Security-Policy errors and runs axe on each page visited."""

    def __init__(self, page):
        self.page = page
        self.csp_errors = []
        self.axe = Axe()
        page.on("console", self._on_console)

    def _on_console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def assert_accessible(self):
        """axe finds nothing, and at 360 px wide the page does not scroll sideways.

        axe itself runs at 360 px in the site crawl (tests/browser/test_site_crawl.py, ``assert_accessible_narrow``),
        not on every visit: a second axe run per page made the browser suite about 55 % slower.
        """
        self._assert_axe()
        self.assert_fits_narrow()
        assert self.csp_errors == [], self.csp_errors

    def assert_accessible_narrow(self):
        """axe finds nothing at 360 px wide either (menus fold, tables scroll), and nothing sticks out."""
        size = self.page.viewport_size
        self.page.set_viewport_size(NARROW)
        try:
            self._assert_no_sideways_scroll()
            self._assert_axe(" at 360 px")
        finally:
            self.page.set_viewport_size(size)

    def follow(self, link):
        """Click a link and wait until the next page has loaded.

        ``click()`` returns once the click is done, which can be before the browser has left the old page;
        axe run in between finds no document (``Cannot read properties of null``).
        """
        before = self.page.url
        link.click()
        self.page.wait_for_url(lambda url: url != before)
        self.page.wait_for_load_state("load")

    def _assert_axe(self, where=""):
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{self.page.url}{where}\n{results.generate_report()}"

    def assert_fits_narrow(self):
        """At 360 px wide the page has no sideways scroll; then back to the old size."""
        size = self.page.viewport_size
        if size == NARROW:
            return self._assert_no_sideways_scroll()
        self.page.set_viewport_size(NARROW)
        try:
            self._assert_no_sideways_scroll()
        finally:
            self.page.set_viewport_size(size)

    def _assert_no_sideways_scroll(self):
        sticking_out = self.page.evaluate(OVERFLOW_JS)
        assert sticking_out == [], f"{self.page.url} scrolls sideways at 360 px: {sticking_out}"


def _new_page(browser, live_server, **context_options):
    # Reduced motion: axe must judge the colours a control settles on, not a frame of a hover fade.
    context_options.setdefault("reduced_motion", "reduce")
    context = browser.new_context(locale="nl-NL", base_url=live_server.url, **context_options)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.checks = PageChecks(page)
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _new_page(browser, live_server, viewport={"width": 390, "height": 844}, is_mobile=True)
    yield page
    context.close()


@pytest.fixture
def narrow_page(browser, live_server):
    """The narrowest phone we support, 360 px wide: axe runs at this width."""
    context, page = _new_page(browser, live_server, viewport=NARROW, is_mobile=True)
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open further pages (other people) in their own browser contexts."""
    contexts = []

    def factory(**options):
        context, page = _new_page(browser, live_server, **options)
        contexts.append(context)
        return page

    yield factory
    for context in contexts:
        context.close()


def login(page, email, password):
    """Sign in; an account with an authenticator app (every coordinator) also gets its second step."""
    page.goto("/account/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if urlsplit(page.url).path == "/account/2fa/authenticate/":
        page.locator("#id_code").fill(second_step_code(email))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()


#: (user id, time step) of the codes already typed: allauth accepts each code once.
_USED_STEPS = set()


def second_step_code(email):
    """A code the person's authenticator app would show (allauth's own helper, from the stored secret).

    Codes of the step before and after count too (``MFA_TOTP_TOLERANCE``); when those are used up by
    earlier sign-ins of this person, one of their recovery codes.
    """
    user = User.objects.get(email=email)
    secret = second_factor.totp_secret(user)
    now = second_factor.current_counter()
    for step in (now, now + 1):
        if (user.pk, step) not in _USED_STEPS:
            _USED_STEPS.add((user.pk, step))
            return second_factor.current_code(secret, counter=step)
    recovery = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return recovery.wrap().get_unused_codes()[0]
