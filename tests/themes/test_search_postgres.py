"""PostgreSQL: theme search and "similar themes" are answered by indexes, not by scanning every theme.

The theme list search matches the stored, GIN-indexed ``search_vector``; similar titles are found
through the trigram index on the title (``%`` and ``%>`` with thresholds, and a regular expression
for shared word stems). The plans are read with ``EXPLAIN`` on a table of a few thousand themes
with fresh statistics and rows as wide as real ones, with the planner's default settings: a plan
that scans the themes table would fail these tests.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import EditionFactory
from tests.themes.factories import ThemeFactory
from themes import selectors
from themes.models import Theme

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN and trigram indexes exist on PostgreSQL only"),
]

FILLER_WORDS = [
    "bibliotheek", "sportvelden", "schoolplein", "fietspaden", "buurthuis", "speeltuin", "natuurgebied",
    "cultuurhuis", "verkeersveiligheid", "woningbouw", "marktplein", "muziekschool", "toneelgroep",
    "zwembad", "parkeerplaatsen", "straatverlichting", "afvalinzameling", "kunstroute", "dorpsfeest",
    "wandelroutes",
]  # fmt: skip
SEQ_SCAN = "Seq Scan on themes_theme"


def _description(n: int) -> str:
    """A paragraph as long as residents write them (five sentences, some 500 characters)."""
    words = FILLER_WORDS
    sentences = [
        f"In wijk {n} vragen bewoners al jaren om betere {words[(n + 3) % 20]} en een veilige {words[(n + 5) % 20]}.",
        f"De gemeente, de {words[(n + 7) % 20]} en vrijwilligers willen samen een plan maken voor {n % 12 + 1} jaar.",
        f"Een eerste stap is een avond in het {words[(n + 11) % 20]} waar iedereen zijn idee kan vertellen.",
        f"Daarna kiezen we drie acties en zoeken we geld bij fondsen en bij de {words[(n + 13) % 20]}.",
        "Over een jaar kijken we op de werkconferentie wat het heeft opgeleverd en wat beter kan.",
    ]
    return " ".join(sentences)


def _many_themes(edition, count=4000):
    """A town's many years of themes, none about loneliness or older people."""
    words = FILLER_WORDS
    Theme.objects.bulk_create(
        Theme(
            conference=edition,
            title=f"{words[n % 20].capitalize()} en {words[n // 20 % 20]} in wijk {n}",
            target_group="bewoners",
            description=_description(n),
            status=Theme.Status.PUBLISHED,
        )
        for n in range(count)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE themes_theme")


def _plans(queries) -> list[str]:
    plans = []
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(f"EXPLAIN {sql}")
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def _theme_queries(captured, marker) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "themes_theme" in q["sql"] and marker in q["sql"]]


def test_the_stored_vector_is_weighted_title_target_group_description():
    theme = ThemeFactory(title="Eenzaamheid in de kernen", target_group="ouderen", description="Samen koken.")

    vector = Theme.objects.filter(pk=theme.pk).values_list("search_vector", flat=True).get()

    assert "'eenzam':1A" in vector
    assert "'ouder':5B" in vector
    assert "'kok':7C" in vector


def test_the_vector_follows_an_edit_of_the_theme():
    theme = ThemeFactory(title="Sporten in de buurt")
    Theme.objects.filter(pk=theme.pk).update(title="Eenzaamheid in de buurt")

    assert list(selectors.search_themes(Theme.objects.all(), "eenzaamheid")) == [theme]


def test_theme_list_search_uses_the_gin_index_and_pages(client):
    edition = EditionFactory()
    wanted = [ThemeFactory(conference=edition, title=f"Eenzaamheid onder ouderen {n}") for n in range(25)]
    _many_themes(edition)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("themes:list"), {"q": "eenzaamheid"})
    queries = _theme_queries(captured, "@@")
    plans = _plans(queries)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == len(wanted)
    assert len(response.context["page_obj"]) == 20  # paged
    assert len(plans) == 2  # the count and the page
    for plan in plans:
        assert "theme_search_vector" in plan, plan
        assert SEQ_SCAN not in plan, plan


def test_similar_themes_use_the_trigram_index():
    edition = EditionFactory()
    existing = ThemeFactory(conference=edition, title="Eenzaamheid bij ouderen aanpakken")
    _many_themes(edition)

    with CaptureQueriesContext(connection) as captured:
        found = selectors.similar_themes(title="Eenzaamheid van ouderen", edition=edition)
    plans = _plans(_theme_queries(captured, "%>"))

    assert found == [existing]
    assert len(plans) == 1
    assert "theme_title_trgm" in plans[0], plans[0]
    assert SEQ_SCAN not in plans[0], plans[0]


def test_themes_like_this_one_use_the_trigram_index_for_both_lookups():
    early = EditionFactory(starts_at=timezone.now() - timedelta(days=400))
    edition = EditionFactory(starts_at=timezone.now() - timedelta(days=30))
    theme = ThemeFactory(conference=edition, title="Eenzaamheid onder ouderen", target_group="ouderen")
    alike = ThemeFactory(conference=early, title="Ouderen en eenzaamheid in de wijk", status=Theme.Status.CHOSEN)
    _many_themes(early)

    with CaptureQueriesContext(connection) as captured:
        related = selectors.related_themes(theme)
    similar = _theme_queries(captured, "%>")
    stems = _theme_queries(captured, "~*")
    plans = _plans(similar + stems)

    assert related == [alike]
    assert (len(similar), len(stems)) == (1, 1)
    for plan in plans:
        assert "theme_title_trgm" in plan, plan
        assert SEQ_SCAN not in plan, plan
