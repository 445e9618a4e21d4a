"""PostgreSQL: Dutch full text from the stored vector, prefixes, the typo fallback, snippets and the query plan."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conference import search
from conference.models import SearchDocument
from conference.search import indexing
from tests.conference.factories import SessionFactory
from tests.factories import CoordinatorFactory, EditionFactory
from tests.search.conftest import found, postgres_only
from tests.themes.factories import ThemeFactory
from themes.models import Theme

pytestmark = [pytest.mark.django_db, postgres_only]


def test_the_vector_is_stored_with_dutch_stems_and_weights():
    theme = ThemeFactory(title="Eenzaamheid in de kernen", target_group="ouderen", description="Samen koken.")

    vector = SearchDocument.objects.values_list("vector", flat=True).get(kind="theme", object_id=theme.pk)

    assert "'eenzam':1A" in vector
    assert "'kern':4A" in vector
    assert "'ouder':5B" in vector
    assert "'kok':7C" in vector


def test_a_word_finds_longer_words_it_starts():
    theme = ThemeFactory(title="Eenzaamheid in de kernen")

    assert found("eenzaam") == [("theme", theme.pk)]
    assert found("eenzaamheid kern") == [("theme", theme.pk)]
    assert search.search(query="eenzaam", user=AnonymousUser()).similar is False


def test_a_title_match_ranks_above_a_match_in_the_text():
    in_text = ThemeFactory(title="Samen eten", description="Tegen eenzaamheid helpt een gezamenlijke maaltijd.")
    in_title = ThemeFactory(title="Eenzaamheid in de kernen", description="Een vaste plek om elkaar te zien.")

    assert found("eenzaamheid") == [("theme", in_title.pk), ("theme", in_text.pk)]


def test_a_typo_still_finds_the_title_through_trigrams():
    theme = ThemeFactory(title="Ontmoeting tegen eenzaamheid in de kernen")
    ThemeFactory(title="Sporten voor jongeren")

    results = search.search(query="eenzaamhied", user=AnonymousUser())

    assert [(hit.kind.name, hit.document.object_id) for hit in results.hits] == [("theme", theme.pk)]
    assert results.similar is True
    assert results.counts == {"theme": 1}


def test_the_typo_fallback_keeps_to_what_the_searcher_may_see():
    hidden = ThemeFactory(title="Eenzaamheid onder mantelzorgers", status=Theme.Status.SUBMITTED)

    assert found("eenzaamhied") == []
    assert found("eenzaamhied", CoordinatorFactory()) == [("theme", hidden.pk)]


def test_snippets_come_from_ts_headline_with_marked_matches():
    ThemeFactory(title="Samen eten", description="Een maaltijd in het dorpshuis helpt tegen eenzaamheid & stilte.")

    snippet = str(search.search(query="eenzaam", user=AnonymousUser()).hits[0].snippet)

    assert "<mark>eenzaamheid</mark>" in snippet
    assert "&amp; stilte" in snippet


WORDS = ["bibliotheek", "sport", "school", "zorg", "buurt", "jeugd", "ouderen", "vrijwilligers", "natuur", "cultuur"]


def _many_documents():
    """A few real objects, and an index the size of a town's years of conferences."""
    for number in range(5):
        edition = EditionFactory(title=f"Editie {number}")
        ThemeFactory(conference=edition, title=f"Eenzaamheid {number}", description="Ontmoeten in de wijk.")
        SessionFactory(conference=edition, title=f"Sessie {number}")
    rows = [
        search.Document(
            kind="filler",  # no registered kind: never a hit, and no clash with real objects' ids
            title=f"{WORDS[n % 10]} {WORDS[n // 10 % 10]} {n}",
            url_name="conference:home",
            body=" ".join(WORDS[(n + i) % 10] for i in range(30)),
            is_public=n % 3 > 0,
        )
        for n in range(3000)
    ]
    SearchDocument.objects.bulk_create(indexing._row(row, n) for n, row in enumerate(rows))


def _prefer_indexes():
    """With statistics, and sequential scans made expensive, the plan shows which index the query can use."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE conference_searchdocument")
        cursor.execute("SET LOCAL enable_seqscan = off")


def _plans(queries) -> list[str]:
    plans = []
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _search_queries(query, user) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        search.search(query=query, user=user)
    return [
        q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT") and "searchdocument" in q["sql"]
    ]


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_full_text_search_uses_the_gin_index(role):
    user = AnonymousUser() if role == "anonymous" else CoordinatorFactory()
    _many_documents()
    queries = _search_queries("eenzaam wijk", user)
    _prefer_indexes()

    plans = _plans(queries)

    assert len(plans) == 2  # counts per kind, the page of hits
    for plan in plans:
        assert "search_document_vector" in plan, plan
        assert "Seq Scan on conference_searchdocument" not in plan, plan


def test_the_typo_fallback_uses_the_trigram_index():
    _many_documents()
    queries = _search_queries("eenzaamhied", AnonymousUser())
    _prefer_indexes()

    plans = _plans(queries)

    assert len(plans) == 3  # full text counts (nothing), then counts and the page of similar titles
    for plan in plans[1:]:
        assert "search_document_title_trgm" in plan, plan
        assert "Seq Scan on conference_searchdocument" not in plan, plan
