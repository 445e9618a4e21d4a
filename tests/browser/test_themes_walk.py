"""A resident proposes a theme, a coordinator publishes it and runs a voting round, two residents vote."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import PASSWORD, CoordinatorFactory, EditionFactory, UserFactory
from themes.models import Theme, Vote, VotingRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROPOSAL = "Weerbaarheid van jongeren"


def _login(page, user, check=False):
    """Sign in; with ``check``, axe judges the login page first, empty and after a wrong password."""
    if check:
        page.goto("/account/login/")
        page.checks.assert_accessible()
        page.locator("#id_login").fill(user.email)
        page.locator("#id_password").fill("not-the-password")
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        page.locator("main .alert-danger").wait_for()  # the form says the address or password is wrong
        page.checks.assert_accessible()
    login(page, user.email, PASSWORD)
    page.get_by_role("button", name="Uitloggen").wait_for()


def _propose(page):
    page.goto("/themas/voorstellen/")
    page.checks.assert_accessible()
    page.get_by_label("Titel").fill(PROPOSAL)
    page.get_by_label("Beschrijving").fill("Jongeren sterker maken tegen druk van school en sociale media.")
    page.get_by_label("Doelgroep").fill("jongeren van 12 tot 23 jaar")
    # While typing, the page suggests the existing theme (htmx), so nobody adds a duplicate unknowingly.
    page.locator("#similar-themes").get_by_role("link", name="Mentale weerbaarheid jongeren (12-23 jaar)").wait_for()
    page.checks.assert_accessible()
    page.get_by_role("button", name="Thema versturen").click()
    page.wait_for_load_state()
    confirm = page.get_by_role("button", name="Mijn thema toch versturen")
    if confirm.count():  # the server's confirmation step, when the script had not finished yet
        page.checks.assert_accessible()
        confirm.click()
        page.wait_for_load_state()
    page.get_by_role("heading", level=1, name=PROPOSAL).wait_for()
    page.checks.assert_accessible()


def _vote(page, titles):
    page.goto("/themas/stemrondes/")
    page.checks.assert_accessible()
    page.get_by_role("link", name=page.context.edition_title).click()
    page.wait_for_load_state()
    page.checks.assert_accessible()
    page.evaluate("window.stillSamePage = true")
    for left, title in zip([2, 1], titles, strict=False):
        page.get_by_role("button", name=f"Stem op {title}").click()  # htmx swaps in the ballot
        page.get_by_text(f"U heeft nog {left} stem").first.wait_for()
        expect(page.locator("#ballot [data-swap-focus]").first).to_be_focused()  # no eval: the CSP forbids it
        page.checks.assert_accessible()
    assert page.evaluate("window.stillSamePage === true")


def test_propose_moderate_vote_close_publish_and_choose(page, new_page):
    edition = EditionFactory(title="Werkconferentie najaar")
    existing = Theme.objects.create(
        conference=edition,
        title="Mentale weerbaarheid jongeren (12-23 jaar)",
        description="Stress en prestatiedruk bij jongeren.",
        target_group="jongeren",
        status=Theme.Status.PUBLISHED,
    )
    proposer = UserFactory(display_name="Ria Voorsteller")
    other_voter = UserFactory(display_name="Sem Stemmer")
    coordinator = CoordinatorFactory(display_name="Coby Coördinator")

    # 1. A resident proposes a theme and sees the similar one suggested.
    _login(page, proposer, check=True)
    _propose(page)
    proposal = Theme.objects.get(title=PROPOSAL)
    assert proposal.status == Theme.Status.SUBMITTED

    # 2. A coordinator publishes it and opens a round.
    staff = new_page()
    staff.on("dialog", lambda dialog: dialog.accept())
    _login(staff, coordinator)
    staff.goto("/themas/beheer/")
    staff.checks.assert_accessible()
    staff.get_by_role("link", name=PROPOSAL).click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()
    staff.get_by_role("button", name="Publiceren").click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()
    staff.goto("/themas/stemrondes/nieuw/")
    staff.checks.assert_accessible()
    now = timezone.localtime()
    staff.locator("#id_opens_at").fill(now.replace(hour=0, minute=0).strftime("%Y-%m-%dT%H:%M"))
    staff.locator("#id_closes_at").fill((now + timezone.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    staff.locator("#id_votes_per_voter").fill("3")
    staff.locator("#id_themes_to_choose").fill("1")
    staff.get_by_role("button", name="Open de ronde").click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()
    round_ = VotingRound.objects.get()
    assert round_.is_open()

    # 3. Two residents vote.
    page.context.edition_title = edition.title
    _vote(page, [PROPOSAL])
    voter_page = new_page()
    voter_page.context.edition_title = edition.title
    _login(voter_page, other_voter)
    _vote(voter_page, [PROPOSAL, existing.title])
    assert Vote.objects.count() == 3

    # 4. The coordinator closes the round, publishes the results and chooses the theme.
    staff.goto(round_.get_absolute_url())
    staff.get_by_role("button", name="Sluit de ronde nu").click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()
    staff.get_by_role("button", name="Publiceer de uitslag").click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()
    assert staff.get_by_role("table").get_by_role("row").nth(1).inner_text().split("\t")[:3] == ["1", PROPOSAL, "2"]
    staff.get_by_label(PROPOSAL).check()
    staff.get_by_role("button", name="Markeer als gekozen").click()
    staff.wait_for_load_state()
    staff.checks.assert_accessible()

    proposal.refresh_from_db()
    existing.refresh_from_db()
    assert (proposal.status, existing.status) == (Theme.Status.CHOSEN, Theme.Status.NOT_CHOSEN)

    # Everyone sees the chosen theme on its page and the edition page.
    page.goto(proposal.get_absolute_url())
    page.checks.assert_accessible()
    page.goto(edition.get_absolute_url())
    page.get_by_role("link", name=PROPOSAL).first.wait_for()
    page.checks.assert_accessible()
