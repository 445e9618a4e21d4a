from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from conference import search
from tests.factories import EditionFactory

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")
sqlite_only = pytest.mark.skipif(connection.vendor == "postgresql", reason="the simple fallback is for SQLite")


def found(query, user=None, **filters) -> list[tuple[str, int]]:
    """(kind, object id) of every hit, in order."""
    results = search.search(query=query, user=user or AnonymousUser(), per_page=100, **filters)
    return [(hit.kind.name, hit.document.object_id) for hit in results.hits]


@pytest.fixture
def past_edition(db):
    starts = timezone.now() - timedelta(days=60)
    return EditionFactory(title="Werkconferentie najaar", starts_at=starts, ends_at=starts + timedelta(hours=4))
