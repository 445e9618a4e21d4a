"""The demo data is searchable after load_demo, as after `make run`."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import Q

from conference import search
from conference.models import SearchDocument, User
from tests.search.conftest import found
from themes.models import Theme
from workgroups import services
from workgroups.models import ProgressReport, QuickWin

pytestmark = pytest.mark.django_db


def _index():
    return sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "secondary", "body", "is_public"))


def _unique_words(text: str) -> list[str]:
    """Words of ``text`` that occur in only one document."""

    def documents_with(word):
        matches = Q(title__icontains=word) | Q(secondary__icontains=word) | Q(body__icontains=word)
        return SearchDocument.objects.filter(matches).count()

    return [word for word in search.words(text) if len(word) >= 6 and documents_with(word) == 1]


def test_the_demo_is_searchable_and_loading_it_again_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    first = _index()
    call_command("load_demo", stdout=io.StringIO())

    assert _index() == first
    assert {kind for kind, *_rest in first} == {
        "edition",
        "session",
        "theme",
        "outcome",
        "workgroup",
        "report",
        "decision",
        "recap",
    }
    mental = Theme.objects.get(title="Mentale weerbaarheid jongeren (12-23 jaar)")
    assert ("theme", mental.pk) in found("weerbaarheid", kind="theme")


def test_a_word_only_in_the_quick_wins_of_a_demo_report_finds_that_report():
    call_command("load_demo", stdout=io.StringIO())
    report = ProgressReport.objects.filter(status=ProgressReport.Status.PUBLISHED).order_by("pk").first()
    services.save_report(
        workgroup=report.workgroup,
        conference=report.conference,
        author=User.objects.get(email="coordinator@example.org"),
        report=report,
        quick_wins=[*({"text": win.text} for win in report.quick_wins.all()), {"text": "Voorleesochtend gehouden"}],
    )

    assert found("voorleesochtend") == [("report", report.pk)]
    # Every quick win the demo itself has: a word of it that is nowhere else finds its report.
    for win in QuickWin.objects.filter(report__status=ProgressReport.Status.PUBLISHED).select_related("report"):
        for word in _unique_words(win.text):
            assert found(word, AnonymousUser()) == [("report", win.report_id)], word
