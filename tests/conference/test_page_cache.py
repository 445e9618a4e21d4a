"""The whole-page cache for visitors who are not signed in (conference/page_cache.py).

Each kind of published page is kept after its first visit, changes right after a coordinator changes what it
shows, and is never served to someone signed in.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conference import services
from conference.models import Recap, SiteSettings
from tests.conference.factories import RecapFactory, SessionFactory, TableTalkFactory
from tests.factories import CoordinatorFactory, EditionFactory, OrganisationFactory, UserFactory
from tests.themes.factories import BallotFactory, ThemeFactory, VoteFactory, VotingRoundFactory
from tests.workgroups.factories import ProgressReportFactory, WorkgroupFactory
from themes.models import Theme
from themes.services import moderation
from themes.services import rounds as round_services
from workgroups.models import ProgressReport
from workgroups.services import groups as group_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_settings():
    """A running site has its settings row; the first page view would otherwise create it (a change)."""
    SiteSettings.load()


@dataclass
class PageKind:
    """A published page: where it is, and a coordinator's change that must show on it at once."""

    name: str
    url: Callable[[dict], str]
    edit: Callable[[dict], None]
    new_text: str


def _world() -> dict:
    past = timezone.now() - timedelta(days=60)
    edition = EditionFactory(title="Werkconferentie Heumen", slug="heumen")
    archived = EditionFactory(title="Werkconferentie vorig jaar", starts_at=past, ends_at=past + timedelta(hours=4))
    session = SessionFactory(conference=edition, title="Sessie over eenzaamheid")
    recap = RecapFactory(conference=archived, title="Terugblik vorig jaar", status=Recap.Status.PUBLISHED)
    theme = ThemeFactory(conference=edition, title="Eenzaamheid onder ouderen")
    proposed = ThemeFactory(conference=edition, title="Sport voor iedereen", status=Theme.Status.SUBMITTED)
    round_ = VotingRoundFactory(
        conference=archived, opens_at=past - timedelta(days=7), closes_at=past - timedelta(days=1)
    )
    round_theme = ThemeFactory(conference=archived, title="Vervoer in de kernen")
    VoteFactory(ballot=BallotFactory(round=round_), theme=round_theme)
    round_services.publish_results(round_=round_)
    workgroup = WorkgroupFactory(name="Werkgroep Ontmoeting", slug="ontmoeting")
    report = ProgressReportFactory(
        workgroup=workgroup, conference=archived, status=ProgressReport.Status.PUBLISHED, summary="Eerste stappen."
    )
    table = TableTalkFactory(conference=archived, title="Tafel over vervoer")
    organisation = OrganisationFactory(name="Stichting Welzijn")
    return locals()


def _rename_edition(w):
    services.save_edition(edition=w["edition"], title="Werkconferentie Heumen 2027")


def _rename_archived(w):
    services.save_edition(edition=w["archived"], title="Werkconferentie Heumen 2025")


def _rename_session(w):
    services.save_session(conference=w["edition"], session=w["session"], title="Sessie over armoede")


def _rename_recap(w):
    services.save_recap(conference=w["archived"], user=CoordinatorFactory(), title="Terugblik met foto's")


def _publish_theme(w):
    moderation.publish_theme(theme=w["proposed"])


def _choose_theme(w):
    round_services.choose_themes(round_=w["round_"], themes=[w["round_theme"]], note="Meeste stemmen gekregen")


def _rename_workgroup(w):
    group_services.update_workgroup(workgroup=w["workgroup"], name="Werkgroep Samen Eten")


def _rename_table(w):
    services.save_table_talk(conference=w["archived"], table_talk=w["table"], title="Tafel over busvervoer")


def _rename_organisation(w):
    services.save_organisation(organisation=w["organisation"], name="Stichting Welzijn Heumen")


def _rename_site(w):
    services.save_site_settings(name="Gemeente Heumen en Mook")


PAGE_KINDS = [
    PageKind("home", lambda w: reverse("conference:home"), _rename_edition, "Werkconferentie Heumen 2027"),
    PageKind("home (site name)", lambda w: reverse("conference:home"), _rename_site, "Gemeente Heumen en Mook"),
    PageKind("archive", lambda w: reverse("conference:edition_list"), _rename_archived, "Werkconferentie Heumen 2025"),
    PageKind("edition", lambda w: w["edition"].get_absolute_url(), _rename_session, "Sessie over armoede"),
    PageKind(
        "session",
        lambda w: reverse("conference:session_detail", args=[w["edition"].slug, w["session"].pk]),
        _rename_session,
        "Sessie over armoede",
    ),
    PageKind("recap list", lambda w: reverse("conference:recap_list"), _rename_recap, "Terugblik met foto"),
    PageKind("recap", lambda w: w["recap"].get_absolute_url(), _rename_recap, "Terugblik met foto"),
    PageKind("recap feed", lambda w: reverse("conference:recap_feed"), _rename_recap, "Terugblik met foto"),
    PageKind("all-editions calendar", lambda w: reverse("conference:editions_ics"), _rename_edition, "Heumen 2027"),
    PageKind(
        "edition calendar",
        lambda w: reverse("conference:edition_ics", args=[w["edition"].slug]),
        _rename_session,
        "Sessie over armoede",
    ),
    PageKind("theme list", lambda w: reverse("themes:list"), _publish_theme, "Sport voor iedereen"),
    PageKind("theme", lambda w: w["round_theme"].get_absolute_url(), _choose_theme, "Hoe gekozen"),
    PageKind(
        "voting results", lambda w: reverse("themes:results", args=[w["round_"].pk]), _choose_theme, "Meeste stemmen"
    ),
    PageKind("workgroup list", lambda w: reverse("workgroups:list"), _rename_workgroup, "Werkgroep Samen Eten"),
    PageKind("workgroup", lambda w: w["workgroup"].get_absolute_url(), _rename_workgroup, "Werkgroep Samen Eten"),
    PageKind(
        "progress report",
        lambda w: reverse("workgroups:report_detail", args=[w["workgroup"].slug, w["report"].pk]),
        _rename_workgroup,
        "Werkgroep Samen Eten",
    ),
    PageKind(
        "table talk",
        lambda w: reverse("conference:table_talk_detail", args=[w["archived"].slug, w["table"].pk]),
        _rename_table,
        "Tafel over busvervoer",
    ),
    PageKind("organisation", lambda w: w["organisation"].get_absolute_url(), _rename_organisation, "Welzijn Heumen"),
    PageKind("search", lambda w: reverse("conference:search") + "?q=werkgroep", _rename_workgroup, "Samen Eten"),
]


@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.name)
def test_a_kept_page_changes_right_after_a_coordinator_changes_what_it_shows(
    client, kind, django_capture_on_commit_callbacks
):
    world = _world()
    url = kind.url(world)
    first = client.get(url)
    again = client.get(url)
    assert (first.status_code, first["X-Page-Cache"], again["X-Page-Cache"]) == (200, "miss", "hit")
    assert again.content == first.content

    with django_capture_on_commit_callbacks(execute=True):
        kind.edit(world)
    changed = client.get(url)

    assert changed["X-Page-Cache"] == "miss"
    assert kind.new_text not in first.content.decode()
    assert kind.new_text in changed.content.decode()


def _directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_signed_in_visitor_is_never_served_the_kept_page(client):
    EditionFactory(title="Werkconferentie Heumen")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"

    client.force_login(UserFactory())
    personal = client.get("/")

    assert not personal.has_header("X-Page-Cache")
    assert reverse("account_logout") in personal.content.decode()  # the header of someone signed in
    assert _directives(personal) == {"private", "no-store"}
    assert not personal.has_header("ETag")


def test_a_page_after_signing_out_with_a_message_is_not_kept(client):
    """A session (a message to show, a half-finished form) means the page may hold something personal."""
    client.force_login(UserFactory())
    client.post(reverse("account_logout"))
    assert client.cookies.get("sessionid") or client.cookies.get("messages")

    response = client.get("/")

    assert not response.has_header("X-Page-Cache")
    assert "public" not in response.get("Cache-Control", "")


def test_published_pages_answer_304_when_the_visitor_has_the_same_version(client):
    EditionFactory(title="Werkconferentie Heumen")
    first = client.get("/")
    assert _directives(first) == {"public", "max-age=0", "must-revalidate"}  # a change shows at the next visit
    assert "Cookie" in first["Vary"]

    unchanged = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert (unchanged.status_code, unchanged.content) == (304, b"")

    services.save_site_settings(name="Gemeente Mook")
    changed = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_feeds_and_calendars_may_be_kept_longer(client):
    EditionFactory()
    assert _directives(client.get(reverse("conference:editions_ics"))) == {"public", "max-age=300"}


def test_dutch_and_english_pages_are_kept_apart(client):
    EditionFactory(title="Werkconferentie Heumen")
    dutch = client.get("/")
    english = client.get("/en/")
    assert (dutch["X-Page-Cache"], english["X-Page-Cache"]) == ("miss", "miss")
    assert dutch["Content-Language"] == "nl" and english["Content-Language"] == "en"
    assert client.get("/en/")["X-Page-Cache"] == "hit"


def test_published_pages_hold_no_form_token_and_set_no_cookie(client):
    """What makes them the same for everyone: no CSRF token (the language switch is a link), no cookie."""
    world = _world()
    for kind in PAGE_KINDS:
        response = client.get(kind.url(world))
        assert b"csrfmiddlewaretoken" not in response.content, kind.name
        assert not response.cookies, kind.name


def test_htmx_fragments_and_personal_pages_are_not_kept(client):
    EditionFactory()
    fragment = client.get(reverse("themes:list"), HTTP_HX_REQUEST="true")
    login = client.get(reverse("account_login"))
    assert not fragment.has_header("X-Page-Cache")
    assert not login.has_header("X-Page-Cache")


def test_votes_do_not_empty_the_cache_but_published_results_do(client):
    """Votes show nowhere until the coordinator publishes the results; that publishing empties it."""
    round_ = VotingRoundFactory()
    theme = ThemeFactory(conference=round_.conference)
    ballot = BallotFactory(round=round_)
    url = theme.get_absolute_url()
    client.get(url)

    VoteFactory(ballot=ballot, theme=theme)
    assert client.get(url)["X-Page-Cache"] == "hit"

    round_services.close_round(round_=round_)
    round_services.publish_results(round_=round_)
    assert client.get(url)["X-Page-Cache"] == "miss"


def test_signing_in_does_not_empty_the_cache(client):
    EditionFactory()
    user = UserFactory()
    client.get("/")
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_deleting_an_account_removes_the_name_from_kept_pages(client):
    """The AVG: once someone deletes their account their name is gone from every page at once."""
    from conference import privacy

    edition = EditionFactory()
    proposer = UserFactory(display_name="Karel Janssen")
    theme = ThemeFactory(conference=edition, submitted_by=proposer)
    first = client.get(theme.get_absolute_url())
    assert "Karel Janssen" in first.content.decode()

    privacy.delete_account(user=proposer, deleted_by=CoordinatorFactory())

    assert "Karel Janssen" not in client.get(theme.get_absolute_url()).content.decode()


def test_the_language_switch_remembers_the_choice(client):
    response = client.get(reverse("choose_language", args=["en"]) + "?next=/en/edities/")
    assert (response.status_code, response["Location"]) == (302, "/en/edities/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_language_switch_goes_nowhere_outside_the_portal(client, target):
    response = client.get(reverse("choose_language", args=["en"]), {"next": target})
    assert response["Location"] == "/en/"


def test_the_language_switch_knows_only_the_portal_languages(client):
    assert client.get(reverse("choose_language", args=["de"])).status_code == 404


@pytest.mark.parametrize(
    "kind",
    [k for k in PAGE_KINDS if k.name in {"home", "edition", "recap", "workgroup", "theme list"}],
    ids=lambda kind: kind.name,
)
def test_shared_parts_of_a_signed_in_page_change_right_after_a_change(client, kind):
    """The programme, the outcomes and the panels are kept once for everyone, also for people signed in."""
    world = _world()
    client.force_login(UserFactory())
    url = kind.url(world)
    first = client.get(url).content.decode()
    assert kind.new_text not in first

    kind.edit(world)

    assert kind.new_text in client.get(url).content.decode()


def test_a_shared_part_is_rendered_once_per_version(client, settings):
    edition = EditionFactory()
    SessionFactory.create_batch(5, conference=edition)
    client.force_login(UserFactory())
    rendered = client.get(edition.get_absolute_url())

    with CaptureQueriesContext(connection) as kept:
        client.get(edition.get_absolute_url())
    settings.PAGE_CACHE_SECONDS = 0
    with CaptureQueriesContext(connection) as fresh:
        again = client.get(edition.get_absolute_url())

    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')  # masked anew for every request
    assert token.sub(b"", rendered.content) == token.sub(b"", again.content)
    assert len(kept) < len(fresh)


def test_a_member_sees_the_groups_drafts_where_others_get_the_shared_part(client):
    from tests.workgroups.factories import WorkgroupMembershipFactory

    workgroup = WorkgroupFactory(name="Werkgroep Vervoer", slug="vervoer")
    ProgressReportFactory(workgroup=workgroup, status=ProgressReport.Status.DRAFT, summary="Nog geheim concept")
    member = WorkgroupMembershipFactory(workgroup=workgroup).user
    client.force_login(UserFactory())
    outsider_page = client.get(workgroup.get_absolute_url()).content.decode()
    client.force_login(member)
    member_page = client.get(workgroup.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    outsider_again = client.get(workgroup.get_absolute_url()).content.decode()

    draft = workgroup.reports.get().get_absolute_url()
    assert [draft in page for page in (outsider_page, member_page, outsider_again)] == [
        False,
        True,
        False,
    ]


def test_a_groups_lead_reviews_commitments_where_others_get_the_shared_list(client):
    from tests.workgroups.factories import CommitmentFactory, WorkgroupMembershipFactory
    from workgroups.models import WorkgroupMembership

    workgroup = WorkgroupFactory(name="Werkgroep Wonen", slug="wonen")
    commitment = CommitmentFactory(workgroup=workgroup, description="Twee vrijwilligers per maand")
    lead = WorkgroupMembershipFactory(workgroup=workgroup, role=WorkgroupMembership.Role.LEAD).user
    review = reverse("workgroups:commitment_review", args=[commitment.pk])
    pages = []
    for person in (UserFactory(), lead, UserFactory()):
        client.force_login(person)
        pages.append(client.get(workgroup.get_absolute_url()).content.decode())

    assert ["Twee vrijwilligers per maand" in page for page in pages] == [True, True, True]
    assert [review in page for page in pages] == [False, True, False]


def test_the_content_version_is_read_once_per_request(client, monkeypatch):
    """A signed-in page with several shared parts asks the shared cache for the version once."""
    from conference import page_cache

    reads = []
    real = page_cache._cache

    class CountingCache:
        def __init__(self, cache):
            self.cache = cache

        def get(self, key, *args, **kwargs):
            if key == page_cache.VERSION_KEY:
                reads.append(key)
            return self.cache.get(key, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(self.cache, name)

    monkeypatch.setattr(page_cache, "_cache", lambda: CountingCache(real()))
    edition = EditionFactory()
    SessionFactory(conference=edition)
    client.force_login(UserFactory())

    assert client.get(edition.get_absolute_url()).status_code == 200
    assert len(reads) == 1
    page_cache.shared_value(("outside a request",), lambda: 1)
    page_cache.shared_value(("outside a request",), lambda: 1)
    assert len(reads) == 3  # outside a request (tasks, commands) every call reads it


def test_a_change_within_a_request_is_seen_by_the_rest_of_that_request():
    from conference import page_cache

    token = page_cache._request_version.set([])
    try:
        before = page_cache.current_version()
        assert page_cache.current_version() == before
        page_cache.bump()
        assert page_cache.current_version() != before
    finally:
        page_cache._request_version.reset(token)


def test_a_shared_value_of_none_is_kept_like_any_other():
    """A page with nothing to show (no next edition, no such group) is not asked again per visit."""
    from conference import page_cache

    computed = []
    for _visit in range(3):
        assert page_cache.shared_value(("nothing here", "test"), lambda: computed.append("asked")) is None

    assert computed == ["asked"]
