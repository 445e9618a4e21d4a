"""Browser harness: Playwright for Python driving Debian's Chromium, with axe-core checks.

Where no Chromium is found the browser tests are skipped with a hint, except under CI
(CI=true), where a missing browser is a failure.
"""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe

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
        results = self.axe.run(self.page, options=AXE_OPTIONS)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        assert self.csp_errors == [], self.csp_errors


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
    page.goto("/account/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
