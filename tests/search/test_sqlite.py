"""SQLite has no full-text search: every word must occur somewhere, and Python marks the snippet."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from conference import search
from conference.models import Outcome
from tests.conference.factories import OutcomeFactory, TableTalkFactory
from tests.factories import EditionFactory
from tests.search.conftest import found, sqlite_only
from tests.themes.factories import ThemeFactory

pytestmark = [pytest.mark.django_db, sqlite_only]


def test_simple_matching_finds_words_anywhere_in_the_text():
    theme = ThemeFactory(title="Samen eten", description="Een maaltijd tegen Eenzaamheid.")

    assert found("eenzaam") == [("theme", theme.pk)]
    assert found("zaamheid maaltijd") == [("theme", theme.pk)]
    assert found("eenzaam zwembad") == []


def test_simple_matching_lists_the_newest_first():
    soon = timezone.now() + timedelta(days=10)
    later = soon + timedelta(days=365)
    old = ThemeFactory(title="Buurtfeest", conference=EditionFactory(starts_at=soon, ends_at=soon))
    new = ThemeFactory(title="Buurtfeest", conference=EditionFactory(starts_at=later, ends_at=later))

    assert found("buurtfeest") == [("theme", new.pk), ("theme", old.pk)]


def test_the_python_snippet_marks_matches_and_escapes_the_rest():
    table = TableTalkFactory(title="Kooktafel")
    OutcomeFactory(
        table_talk=table,
        text="Koken <b>&</b> eten tegen eenzaamheid, " + "en verder " * 60,
        status=Outcome.Status.PUBLISHED,
    )

    snippet = str(search.search(query="eenzaam koken", user=AnonymousUser()).hits[0].snippet)

    expected = "Kooktafel · <mark>Koken</mark> &lt;b&gt;&amp;&lt;/b&gt; eten tegen <mark>eenzaam</mark>heid, en verder"
    assert snippet.startswith(expected)
    assert snippet.endswith(" …")
    assert len(snippet) < 400


def test_no_typo_fallback_without_postgresql():
    ThemeFactory(title="Eenzaamheid in de kernen")

    results = search.search(query="eenzaamhied", user=AnonymousUser())

    assert results.hits == []
    assert results.similar is False
