"""Keeping the search index fresh: documents are rebuilt in the transaction that changes their object."""

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet, TextField, Value
from django.utils import timezone
from django.utils.html import strip_tags

from conference.markdown import render_markdown
from conference.models import SearchDocument
from conference.search import registry

#: ts_headline marks matches with these; they are removed from every stored text first.
MARK_START, MARK_STOP = "\ue000", "\ue001"
CONFIG = "dutch"
BATCH = 500
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
SPACES = re.compile(r"[ \t\r\f\v]+")
UPSERT_FIELDS = [
    "edition",
    "title",
    "secondary",
    "body",
    "happened_on",
    "is_public",
    "url_name",
    "url_kwargs",
    "url_fragment",
    "vector",
]

_paused: ContextVar[bool] = ContextVar("search_index_paused", default=False)


@contextmanager
def paused():
    """Skip indexing (bulk loads); call ``rebuild()`` afterwards."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def plain_text(markdown: str | None) -> str:
    """The words of a Markdown text, without markup."""
    if not markdown:
        return ""
    return html.unescape(strip_tags(render_markdown(markdown)))


def clean_text(value) -> str:
    """One text from a string or a list of strings: no e-mail addresses, no highlight markers."""
    if value is None:
        return ""
    parts = [value] if isinstance(value, str) else [str(part) for part in value if part]
    text = "\n".join(str(part).strip() for part in parts if part and str(part).strip())
    text = EMAIL.sub("", text).replace(MARK_START, "").replace(MARK_STOP, "")
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.splitlines() if line.strip())


def _day(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _vector(title: str, secondary: str, body: str):
    def part(text, weight):
        return SearchVector(Value(text, output_field=TextField()), config=CONFIG, weight=weight)

    return part(title, "A") + part(secondary, "B") + part(body, "C")


def _row(document: registry.Document, object_id: int, *, with_vector: bool = True) -> SearchDocument:
    title = clean_text(document.title).replace("\n", " ")[:300]
    secondary, body = clean_text(document.secondary), clean_text(document.body)
    return SearchDocument(
        kind=document.kind,
        object_id=object_id,
        edition_id=document.edition_id,
        title=title,
        secondary=secondary,
        body=body,
        happened_on=_day(document.happened_on),
        is_public=bool(document.is_public),
        url_name=document.url_name,
        url_kwargs=document.url_kwargs,
        url_fragment=document.url_fragment,
        vector=_vector(title, secondary, body) if with_vector and connection.vendor == "postgresql" else None,
    )


def _store(index: registry.Index, objects: list[Model], expected: set, *, with_vector: bool = True) -> int:
    """Write the documents of ``objects``; remove those they no longer have (and those of ``expected`` gone)."""
    rows, produced = [], defaultdict(set)
    for obj in objects:
        for document in index.build(obj) or ():
            if document.kind not in index.kinds:
                raise ValueError(f"{index.model.__name__} does not index the kind {document.kind!r}.")
            rows.append(_row(document, obj.pk, with_vector=with_vector))
            produced[document.kind].add(obj.pk)
    candidates = expected | {obj.pk for obj in objects}
    stale = Q()
    for kind in index.kinds:
        gone = candidates - produced[kind]
        if gone:
            stale |= Q(kind=kind, object_id__in=gone)
    if stale:
        SearchDocument.objects.filter(stale).delete()
    if rows:
        rows.sort(key=lambda row: (row.kind, row.object_id))  # one lock order for concurrent reindexes
        SearchDocument.objects.bulk_create(
            rows,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=UPSERT_FIELDS,
        )
    return len(rows)


def _flatten(targets) -> Iterator[Model | QuerySet]:
    for target in targets:
        if target is None:
            continue
        if isinstance(target, (Model, QuerySet)):
            yield target
        elif isinstance(target, Iterable):
            yield from _flatten(target)
        else:
            raise TypeError(f"Cannot reindex {target!r}: give model instances or querysets.")


def reindex(*targets) -> None:
    """Rebuild the documents of these objects (instances or querysets), in the current transaction."""
    if _paused.get():
        return
    pks: dict[type[Model], set] = defaultdict(set)
    querysets: dict[type[Model], list[QuerySet]] = defaultdict(list)
    for target in _flatten(targets):
        if isinstance(target, QuerySet):
            querysets[target.model._meta.concrete_model].append(target)
        elif target.pk is not None:
            pks[target._meta.concrete_model].add(target.pk)
    for model in {*pks, *querysets}:
        index = registry.index_for(model)
        if index is None:
            continue
        condition = Q(pk__in=pks[model]) if pks[model] else Q(pk__in=[])
        for queryset in querysets[model]:
            condition |= Q(pk__in=queryset.values("pk"))
        with transaction.atomic(savepoint=False):  # the delete and the upsert go together
            _store(index, list(index.objects().filter(condition)), expected=pks[model])


def remove(model: type[Model], pk) -> None:
    index = registry.index_for(model._meta.concrete_model)
    if index is not None and not _paused.get():
        SearchDocument.objects.filter(kind__in=index.kinds, object_id=pk).delete()


def _watched(instance: Model) -> list:
    return [watcher(instance) for watcher in registry.watchers_for(instance._meta.concrete_model)]


def on_save(sender, instance, raw=False, **kwargs):
    if raw or _paused.get():
        return
    reindex(instance, _watched(instance))


def on_delete(sender, instance, **kwargs):
    if _paused.get():
        return
    remove(sender, instance.pk)
    reindex(_watched(instance))


@transaction.atomic
def rebuild() -> int:
    """Build the whole index anew from every registered model. Returns the number of documents."""
    SearchDocument.objects.all().delete()
    return _store_everything(with_vector=True)


def _store_everything(*, with_vector: bool) -> int:
    total = 0
    for index in registry.all_indexes():
        pks = list(index.model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            objects = list(index.objects().filter(pk__in=pks[start : start + BATCH]))
            total += _store(index, objects, expected=set(), with_vector=with_vector)
    return total


@transaction.atomic
def rebuild_offline() -> int:
    """``rebuild()`` for a bulk load into a database nobody uses yet (``load_bench``).

    Keeping GIN indexes current row by row is slow; this drops the table's indexes, stores the
    texts, computes every vector in one UPDATE (the same expression as ``_vector``, over the
    stored columns) and builds the indexes once. It locks the table for the whole transaction.
    """
    if connection.vendor != "postgresql":
        return rebuild()
    indexes = SearchDocument._meta.indexes
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(SearchDocument, index)
    SearchDocument.objects.all().delete()
    total = _store_everything(with_vector=False)
    SearchDocument.objects.update(
        vector=SearchVector("title", config=CONFIG, weight="A")
        + SearchVector("secondary", config=CONFIG, weight="B")
        + SearchVector("body", config=CONFIG, weight="C")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending foreign-key checks before CREATE INDEX
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(SearchDocument, index)
    return total
