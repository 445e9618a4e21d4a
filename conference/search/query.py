"""Searching the index: full text with the Dutch configuration on PostgreSQL, simple matching elsewhere.

PostgreSQL: every word is a prefix (``eenzaam`` finds ``eenzaamheid``) matched against the stored,
GIN-indexed vector, ranked, with ``ts_headline`` snippets. When that finds nothing, a trigram
word-similarity match on the title (using its trigram index) catches typos. SQLite: every word
must occur in the title or the texts, newest first, with a snippet made in Python.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from conference.models import SearchDocument
from conference.rules import is_coordinator
from conference.search import registry
from conference.search.indexing import CONFIG, MARK_START, MARK_STOP

PER_PAGE = 20
MAX_WORDS = 8
#: Trigram word similarity a title needs to count as a typo of the query (pg_trgm's default is 0.6).
TYPO_THRESHOLD = 0.5
#: Shorter queries are too vague for the typo fallback ("de" is similar to half the titles).
TYPO_MIN_LENGTH = 4
SNIPPET_LENGTH = 240
WORD = re.compile(r"[^\W_]+")


@dataclass
class Hit:
    document: SearchDocument
    kind: registry.Kind
    snippet: SafeString


@dataclass
class Results:
    query: str
    page: Page
    hits: list[Hit]
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    #: True when nothing matched exactly and these are titles that look like the query (a typo).
    similar: bool = False


def words(query: str) -> list[str]:
    """The words of a query: letters and digits only (so nothing reaches the tsquery parser unquoted)."""
    return [word for word in WORD.findall(query.lower()) if len(word) >= 2][:MAX_WORDS]


def visible_documents(user) -> QuerySet[SearchDocument]:
    """The documents the user may see: coordinators everything, others what is public.

    No filter on the kind here: the query must stay one the GIN index answers (``rebuild()``
    removes documents of kinds nobody registers any more).
    """
    documents = SearchDocument.objects.all()
    if not is_coordinator(user):
        documents = documents.filter(is_public=True)
    return documents


def search(*, query: str, user, kind: str = "", edition=None, page=1, per_page: int = PER_PAGE) -> Results:
    terms = words(query)
    documents = visible_documents(user).select_related("edition")
    if edition is not None:
        documents = documents.filter(edition=edition)
    if not terms:
        return _results(query, documents.none(), {}, kind, page, per_page)
    if connection.vendor != "postgresql":
        return _simple_search(query, terms, documents, kind, page, per_page)
    return _full_text(query, terms, documents, kind, page, per_page)


def _full_text(query, terms, documents, kind, page, per_page) -> Results:
    """Every word a prefix, against the stored vector (GIN index); typo fallback when nothing matches."""
    tsquery = SearchQuery(" & ".join(f"{term}:*" for term in terms), config=CONFIG, search_type="raw")
    matches = documents.filter(vector=tsquery)
    counts = _counts(matches)
    if counts or len(query.strip()) < TYPO_MIN_LENGTH:
        ranked = matches.annotate(
            rank=SearchRank(F("vector"), tsquery),
            headline=SearchHeadline(
                Concat("secondary", Value("\n"), "body", output_field=TextField()),
                tsquery,
                config=CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        ).order_by("-rank", F("happened_on").desc(nulls_last=True), "kind", "pk")
        return _results(query, ranked, counts, kind, page, per_page, snippet=_headline)
    return _similar_titles(query, terms, documents, kind, page, per_page)


def _similar_titles(query, terms, documents, kind, page, per_page) -> Results:
    """Typo fallback: titles with a word like the query, through the trigram index on the title."""
    text = " ".join(terms)
    with transaction.atomic():
        with connection.cursor() as cursor:  # is_local: the threshold holds for this transaction only
            cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", [str(TYPO_THRESHOLD)])
        matches = documents.filter(title__trigram_word_similar=text)
        counts = _counts(matches)
        ranked = matches.annotate(similarity=TrigramWordSimilarity(text, "title")).order_by(
            "-similarity", F("happened_on").desc(nulls_last=True), "kind", "pk"
        )
        results = _results(query, ranked, counts, kind, page, per_page, snippet=lambda doc: _excerpt(doc, terms))
    results.similar = results.total > 0
    return results


def _simple_search(query, terms, documents, kind, page, per_page) -> Results:
    """SQLite: every word occurs somewhere in the document; newest first."""
    for term in terms:
        documents = documents.filter(Q(title__icontains=term) | Q(secondary__icontains=term) | Q(body__icontains=term))
    ordered = documents.order_by(F("happened_on").desc(nulls_last=True), "kind", "pk")
    return _results(query, ordered, _counts(documents), kind, page, per_page, snippet=lambda doc: _excerpt(doc, terms))


def _counts(matches: QuerySet) -> dict[str, int]:
    """Hits per kind, in one grouped query."""
    rows = matches.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    return {name: n for name, n in rows if n}


def _results(query, matches, counts, kind, page, per_page, snippet=None) -> Results:
    if kind:
        matches = matches.filter(kind=kind)
    total = counts.get(kind, 0) if kind else sum(counts.values())
    paginator = Paginator(matches, per_page)
    paginator.count = total  # known from the grouped count: no second COUNT query
    current = paginator.get_page(page)
    current.object_list = list(current.object_list) if total else []
    hits = [
        Hit(document=doc, kind=registry.kind(doc.kind), snippet=snippet(doc) if snippet else mark_safe(""))
        for doc in current.object_list
        if registry.kind(doc.kind) is not None
    ]
    return Results(query=query, page=current, hits=hits, counts=counts, total=total)


def _one_line(text: str) -> str:
    """The stored lines (a title, a quick win, a paragraph) as one line, separated by a dot."""
    return " · ".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _headline(document: SearchDocument) -> SafeString:
    """ts_headline's text, escaped; only the <mark> around matches is markup."""
    text = escape(_one_line(document.headline))
    return mark_safe(text.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308 - escaped above


def _excerpt(document: SearchDocument, terms: list[str]) -> SafeString:
    """A piece of the text around the first match, each match in <mark>, everything else escaped."""
    text = _one_line(f"{document.secondary}\n{document.body}")
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = 0
    if first and first.start() > SNIPPET_LENGTH // 3:
        start = text.rfind(" ", 0, first.start() - SNIPPET_LENGTH // 4) + 1
    end = start + SNIPPET_LENGTH
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    piece = text[start:end]
    parts, position = [], 0
    for match in pattern.finditer(piece):
        parts.append(escape(piece[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(piece[position:]))
    html = "".join(parts)
    return mark_safe(("… " if start else "") + html + (" …" if end < len(text) else ""))  # noqa: S308 - escaped above
