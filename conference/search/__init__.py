"""Site-wide search: a registry of what is indexed, the index itself, and the query.

Apps register their kinds and models in ``AppConfig.ready()`` (see ``registry``); the index is
``conference.models.SearchDocument``; ``search()`` answers the search page. ``rebuild()`` (also
``manage.py rebuild_search_index``) builds the whole index anew; ``reindex()`` redoes some
objects, for services that change rows with a bulk ``update()`` (which sends no signals).
"""

from conference.search.indexing import clean_text, paused, plain_text, rebuild, rebuild_offline, reindex, remove
from conference.search.query import Hit, Results, search, visible_documents, words
from conference.search.registry import Document, Kind, indexes, kind, kinds, register_kind, watch

__all__ = [
    "Document",
    "Hit",
    "Kind",
    "Results",
    "clean_text",
    "indexes",
    "kind",
    "kinds",
    "paused",
    "plain_text",
    "rebuild",
    "rebuild_offline",
    "register_kind",
    "reindex",
    "remove",
    "search",
    "visible_documents",
    "watch",
    "words",
]
