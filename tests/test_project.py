"""Project-wide checks: translations complete, migrations in step with the models."""

from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]
NL_CATALOGUES = sorted(p for p in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_there_are_dutch_catalogues():
    """The root catalogue and one per app; a deleted or misplaced catalogue fails here."""
    found = {str(p.relative_to(ROOT).parent.parent.parent.parent) for p in NL_CATALOGUES}

    assert found == {".", "conference", "themes", "workgroups", "opendata"}


@pytest.mark.parametrize("path", NL_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_dutch_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert untranslated == []
    assert fuzzy == []


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"Model changes without a migration:\n{out.getvalue()} ({exit_})")
