"""What the site-wide search indexes: kinds of hits, the models that feed them, and what to redo when.

Each app registers in its ``AppConfig.ready()`` (so ``conference`` never imports their models)::

    search.register_kind("theme", label=_("Theme"), plural=_("Themes"), order=30)

    @search.indexes(Theme, kinds=["theme"], queryset=lambda qs: qs.select_related("conference"))
    def theme_documents(theme):
        yield search.Document(kind="theme", title=theme.title, ...)

    search.watch(Edition, lambda edition: edition.themes.all())

``indexes`` says a model's objects become documents (the function yields zero or more; none means
"not searchable": its documents are removed). ``watch`` says which indexed objects to redo when
another object is saved or deleted (a session's hosts, a report's quick wins, an edition that is
published). Saving or deleting an indexed or watched object reindexes in the same transaction.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.db.models.signals import post_delete, post_save


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # lazy translation
    plural: Any
    order: int


@dataclass
class Document:
    """What one object contributes to the index. Texts may be strings or lists of strings."""

    kind: str
    title: str
    url_name: str
    url_kwargs: dict = field(default_factory=dict)
    url_fragment: str = ""
    secondary: str | Iterable[str] = ""
    body: str | Iterable[str] = ""
    edition_id: int | None = None
    happened_on: date | datetime | None = None
    is_public: bool = False


@dataclass(frozen=True)
class Index:
    model: type[Model]
    kinds: tuple[str, ...]
    build: Callable[[Model], Iterable[Document]]
    queryset: Callable[[QuerySet], QuerySet]

    def objects(self) -> QuerySet:
        return self.queryset(self.model._default_manager.all())


_kinds: dict[str, Kind] = {}
_indexes: dict[type[Model], Index] = {}
_watchers: dict[type[Model], list[Callable]] = {}


def register_kind(name: str, *, label, plural, order: int = 50) -> Kind:
    kind = Kind(name=name, label=label, plural=plural, order=order)
    _kinds[name] = kind
    return kind


def indexes(model: type[Model], *, kinds: Iterable[str], queryset: Callable[[QuerySet], QuerySet] | None = None):
    """Decorator: ``build(obj)`` yields the documents of one object of ``model``."""

    def decorator(build):
        unknown = [name for name in kinds if name not in _kinds]
        if unknown:
            raise ValueError(f"Register the search kinds {unknown} before indexing {model.__name__}.")
        _indexes[model] = Index(model=model, kinds=tuple(kinds), build=build, queryset=queryset or (lambda qs: qs))
        _connect(model)
        return build

    return decorator


def watch(model: type[Model], targets: Callable[[Model], Iterable[Model | QuerySet] | Model | QuerySet | None]):
    """When an object of ``model`` is saved or deleted, reindex what ``targets(obj)`` returns."""
    _watchers.setdefault(model, []).append(targets)
    _connect(model)


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda kind: (kind.order, kind.name))


def kind(name: str) -> Kind | None:
    return _kinds.get(name)


def index_for(model: type[Model]) -> Index | None:
    return _indexes.get(model)


def all_indexes() -> list[Index]:
    return list(_indexes.values())


def watchers_for(model: type[Model]) -> list[Callable]:
    return list(_watchers.get(model, ()))


def _connect(model: type[Model]) -> None:
    from conference.search import indexing

    uid = f"conference.search:{model._meta.label_lower}"
    post_save.connect(indexing.on_save, sender=model, dispatch_uid=uid)
    post_delete.connect(indexing.on_delete, sender=model, dispatch_uid=uid)
