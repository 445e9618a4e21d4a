"""The search page: a GET form, hits with kind, edition, date and a safe snippet, filters, pages, bounded queries."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conference.models import Outcome, SiteSettings
from tests.conference.factories import OutcomeFactory, SessionFactory, TableTalkFactory
from tests.factories import EditionFactory
from tests.themes.factories import ThemeFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db

URL = "/zoeken/"


@pytest.fixture(autouse=True)
def _site(db):
    SiteSettings.load()


def _titles(response) -> list[str]:
    return [hit.document.title for hit in response.context["results"].hits]


def test_search_url_is_dutch_and_named():
    assert reverse("conference:search") == URL


def test_every_page_has_the_search_box_in_its_header(client):
    for path in ("/", "/themas/", "/werkgroepen/", "/en/"):
        html = client.get(path).content.decode()
        header = html[html.index("<header") : html.index("</header>")]
        assert 'role="search"' in header, path
        assert 'name="q"' in header, path
    assert 'action="/en/zoeken/"' in client.get("/en/").content.decode()


def test_without_a_query_the_page_explains_and_searches_nothing(client, django_assert_max_num_queries):
    ThemeFactory(title="Buurtmoestuin")

    with django_assert_max_num_queries(4):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Buurtmoestuin" not in response.content.decode()


def test_hits_show_kind_title_link_edition_and_date(client):
    edition = EditionFactory(title="Werkconferentie Molenhoek")
    theme = ThemeFactory(conference=edition, title="Buurtmoestuin voor iedereen")

    response = client.get(URL, {"q": "buurtmoestuin"})

    html = response.content.decode()
    hit = html[html.index('<li class="portal-search-hit">') :]
    hit = hit[: hit.index("</li>")]
    assert _titles(response) == ["Buurtmoestuin voor iedereen"]
    assert '<span class="badge portal-search-kind">Thema</span>' in hit
    assert f'<a href="{theme.get_absolute_url()}">Buurtmoestuin voor iedereen</a>' in hit
    assert "Werkconferentie Molenhoek" in hit
    assert f'<time datetime="{timezone.localdate(edition.starts_at).isoformat()}">' in hit
    assert "1 resultaat" in html


def test_english_page_links_to_english_pages(client):
    theme = ThemeFactory(title="Buurtmoestuin voor iedereen")

    response = client.get("/en/zoeken/", {"q": "buurtmoestuin"})

    html = response.content.decode()
    assert f'href="/en/themas/{theme.pk}-buurtmoestuin-voor-iedereen/"' in html
    assert '<span class="badge portal-search-kind">Theme</span>' in html


def test_snippets_are_escaped_and_only_mark_matches(client):
    table = TableTalkFactory()
    OutcomeFactory(
        table_talk=table,
        text='Speeltuin <script>alert("x")</script> met <b>schommels</b> en een zandbak',
        status=Outcome.Status.PUBLISHED,
    )

    response = client.get(URL, {"q": "schommels"})

    snippet = str(response.context["results"].hits[0].snippet)
    assert "<script>" not in response.content.decode()
    assert "<b>" not in snippet  # escaped (SQLite) or left out by ts_headline's parser (PostgreSQL)
    assert "<mark>schommels</mark>" in snippet
    assert set(re.findall(r"<(/?\w+)", snippet)) == {"mark", "/mark"}


def test_the_query_is_escaped_on_the_page(client):
    response = client.get(URL, {"q": '<img src=x onerror="alert(1)">'})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_no_results_gives_advice(client):
    response = client.get(URL, {"q": "zwembadkaart"})

    html = response.content.decode()
    assert response.context["results"].total == 0
    assert "Niets gevonden voor “zwembadkaart”" in html
    assert "Controleer de spelling" in html


def test_kind_filter_links_show_counts_and_keep_the_query(client):
    edition = EditionFactory(title="Editie Overasselt")
    ThemeFactory.create_batch(2, conference=edition, title="Fietsroute langs de Maas")
    SessionFactory(conference=edition, title="Fietsroute uitzetten")

    response = client.get(URL, {"q": "fietsroute", "kind": "theme"})

    html = response.content.decode()
    assert [(item["name"], item["count"], item["current"]) for item in response.context["kinds"]] == [
        ("", 3, False),
        ("session", 1, False),
        ("theme", 2, True),
    ]
    assert _titles(response) == ["Fietsroute langs de Maas", "Fietsroute langs de Maas"]
    assert 'href="?q=fietsroute&amp;kind=session"' in html
    assert 'href="?q=fietsroute"' in html
    assert '<input type="hidden" name="kind" value="theme">' in html


def test_edition_filter_lists_only_visible_editions(client, coordinator):
    EditionFactory(title="Verborgen editie", slug="verborgen", is_published=False)
    shown = EditionFactory(title="Open editie", slug="open")
    ThemeFactory(conference=shown, title="Hondenuitlaatveld")

    public = client.get(URL, {"q": "hondenuitlaatveld", "edition": "open"})
    assert "Verborgen editie" not in public.content.decode()
    assert _titles(public) == ["Hondenuitlaatveld"]
    assert client.get(URL, {"q": "hondenuitlaatveld", "edition": "verborgen"}).context["form"].errors["edition"]
    client.force_login(coordinator)
    assert "Verborgen editie" in client.get(URL, {"q": "x"}).content.decode()


def test_an_unknown_filter_is_ignored_with_a_message_and_the_search_still_runs(client):
    ThemeFactory(title="Hondenuitlaatveld")

    response = client.get(URL, {"q": "hondenuitlaatveld", "kind": "geheim", "edition": "bestaat-niet"})

    assert _titles(response) == ["Hondenuitlaatveld"]
    assert "Deze soort bestaat niet" in response.content.decode()
    assert list(response.context["form"].errors) == ["kind", "edition"]


def test_results_are_paged(client):
    edition = EditionFactory()
    for number in range(25):
        ThemeFactory(conference=edition, title=f"Zwerfafval opruimen {number}")

    first = client.get(URL, {"q": "zwerfafval"})
    second = client.get(URL, {"q": "zwerfafval", "page": 2})

    assert len(_titles(first)) == 20
    assert len(_titles(second)) == 5
    assert set(_titles(first)).isdisjoint(_titles(second))
    assert second.context["results"].page.number == 2
    assert 'href="?q=zwerfafval&amp;page=2"' in first.content.decode()
    assert 'href="?q=zwerfafval&amp;page=1"' in second.content.decode()


def test_kind_filter_links_start_again_at_the_first_page(client):
    edition = EditionFactory()
    for number in range(25):
        ThemeFactory(conference=edition, title=f"Zwerfafval opruimen {number}")
    SessionFactory(conference=edition, title="Zwerfafval prikken")

    html = client.get(URL, {"q": "zwerfafval", "page": 2}).content.decode()

    assert 'href="?q=zwerfafval&amp;kind=session"' in html
    assert 'href="?q=zwerfafval"' in html


@pytest.mark.parametrize("count", [1, 30])
def test_search_page_queries_do_not_grow_with_hits(client, coordinator, django_assert_max_num_queries, count):
    for number in range(count):
        edition = EditionFactory(title=f"Editie {number}")
        ThemeFactory(conference=edition, title=f"Wijkcentrum {number}", status=Theme.Status.PUBLISHED)
        SessionFactory(conference=edition, title=f"Wijkcentrum bezoeken {number}")

    with django_assert_max_num_queries(4):  # editions for the filter, counts per kind, the page of hits
        response = client.get(URL, {"q": "wijkcentrum"})
    client.force_login(coordinator)
    with django_assert_max_num_queries(7):  # + session, user, and the chosen edition
        filtered = client.get(URL, {"q": "wijkcentrum", "kind": "theme", "edition": edition.slug})

    assert response.context["results"].total == 2 * count
    assert len(_titles(response)) == min(2 * count, 20)
    assert _titles(filtered) == [f"Wijkcentrum {count - 1}"]


def test_typo_and_empty_query_cost_few_queries(client, django_assert_max_num_queries):
    ThemeFactory(title="Eenzaamheid in de kernen")

    with django_assert_max_num_queries(9):  # full text, then the trigram fallback in its own savepoint
        response = client.get(URL, {"q": "eenzaamhied"})

    assert response.status_code == 200
