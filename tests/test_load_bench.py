"""``load_bench`` fills an empty database with a large municipality; here at a small scale.

The minimums of the generator keep a small load meaningful: a coming edition of three days with
200 sessions and an open voting round, past editions with themes, rounds, votes, table talks and
recaps, workgroups with reports. The pages the bench measures answer on it.
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from conference.bench import targets
from conference.benchdata import DOMAIN
from conference.models import Edition, Outcome, SearchDocument, Session, User
from tests.factories import EditionFactory
from themes.models import Theme, Vote, VotingRound
from workgroups.models import Goal, ProgressReport, Workgroup

pytestmark = pytest.mark.django_db

SCALE = "0.01"


@pytest.fixture
def bench_password(monkeypatch):
    monkeypatch.setenv("PORTAL_BENCH_PASSWORD", "bench-test-password")


@pytest.fixture
def loaded(bench_password):
    call_command("load_bench", "--scale", SCALE, stdout=StringIO())


def test_it_loads_a_municipality_with_a_big_coming_edition(loaded):
    big = targets.big_edition()

    assert Session.objects.filter(conference=big).count() == 200
    assert (big.ends_at - big.starts_at).days == 2  # three days
    assert Session.objects.filter(conference=big).values("room").distinct().count() == 7
    assert Edition.objects.published().past().count() == 4
    assert User.objects.filter(email__endswith=f"@{DOMAIN}").count() == 7000  # the minimum: see the vote-row test
    assert Theme.objects.count() >= 300
    assert VotingRound.objects.open().get().conference == big
    assert Vote.objects.count() > 900
    assert Outcome.objects.published().count() == 200
    assert Workgroup.objects.count() == 20
    assert ProgressReport.objects.count() == 20 * 10
    assert Goal.objects.count() == 20 * 5
    assert Goal.history.count() == 20 * 5  # the history the workgroup timeline reads
    # the search index, built once at the end
    assert SearchDocument.objects.filter(kind="theme").count() == Theme.objects.count()
    assert SearchDocument.objects.filter(kind="outcome").count() == Outcome.objects.count()
    # and a second run with --if-empty (make bench) leaves it all alone
    out = StringIO()
    call_command("load_bench", "--scale", SCALE, "--if-empty", stdout=out)
    assert "already" in out.getvalue()
    assert User.objects.filter(email__endswith=f"@{DOMAIN}").count() == 7000  # the minimum: see the vote-row test


@pytest.mark.usefixtures("no_page_cache")  # reads the rendering context
def test_the_measured_pages_answer_and_search_finds_dutch_text(loaded, client):
    rows = targets.page_rows()

    for row in rows:
        if not row.signed_in:
            assert client.get(row.path).status_code == 200, row.path
    searched = client.get(reverse("themes:list"), {"q": "eenzaamheid"}).context["page_obj"].paginator.count
    assert len(rows) == 21
    assert 0 < searched < Theme.objects.count() / 2


def test_it_refuses_a_database_with_data(bench_password):
    EditionFactory()

    with pytest.raises(CommandError, match="fills an empty database only"):
        call_command("load_bench", "--scale", SCALE, stdout=StringIO())
    assert not User.objects.filter(email__endswith=f"@{DOMAIN}").exists()


def test_it_needs_a_password_for_the_accounts(monkeypatch):
    monkeypatch.delenv("PORTAL_BENCH_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="PORTAL_BENCH_PASSWORD"):
        call_command("load_bench", "--scale", SCALE, stdout=StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored vectors exist on PostgreSQL only")
def test_the_offline_rebuild_stores_the_same_vectors_as_the_ordinary_one(loaded):
    from conference import search

    offline = dict(SearchDocument.objects.values_list("object_id", "vector").filter(kind="theme"))
    search.rebuild()
    ordinary = dict(SearchDocument.objects.values_list("object_id", "vector").filter(kind="theme"))

    assert offline == ordinary


def test_the_bench_sessions_are_signed_in_as_a_login_would_be(loaded, client):
    """The signed-in rows and the writes use sessions the bench makes itself: they must be real sign-ins."""
    resident = targets.residents().first()
    key, _token = targets.sessions_for([resident])[resident.pk]
    client.cookies[settings.SESSION_COOKIE_NAME] = key

    page = client.get(reverse("conference:my_overview"))

    assert page.status_code == 200
    assert page.context["user"] == resident


def test_there_are_enough_residents_without_a_ballot_for_the_vote_row_at_any_scale(loaded):
    """Three votes each; a 10 s row at 16 connections must not run out of prepared votes (also at scale 0.1)."""
    free = targets.reset_writes()

    assert (len(free) - 1) * 3 >= targets.writes_needed(10, 16)  # one of them is the probe


def test_the_register_row_goes_round_again_in_other_time_slots_when_people_run_out(loaded, client):
    """A small load has fewer free residents than the row needs lines: each goes round again in another slot."""
    people = targets.reset_writes()[:4]
    sessions = targets.sessions_for(people)

    lines = targets.register_lines(people, sessions, limit=10)

    assert len(lines) == 10
    for line in lines:
        path, key, _token, _body = line.split("\t")
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        assert client.post(path).status_code == 302  # chosen, not the "replace your session?" question
    assert targets.stored_writes("register", people) == 10  # every line stored a choice: no slot was taken twice
    assert targets.reset_writes()[:4] == people
    assert targets.stored_writes("register", people) == 0
