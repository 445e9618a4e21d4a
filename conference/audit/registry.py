"""Which models are audited, as which kind, and how an entry finds its edition, person, name and page.

Each app registers its own models in ``AppConfig.ready()`` (``<app>/audit_trail.py``), so
``conference`` never imports ``themes`` or ``workgroups``::

    audit.register(
        Theme,
        kind="theme",
        label=_("Theme"),
        edition=lambda theme: theme.conference_id,
        exclude=["moderated_at"],
    )

Registering connects the model's ``pre_save``, ``post_save`` and ``post_delete`` signals. Bulk
changes (``QuerySet.update()``, ``bulk_create()``) send no signals: services write them with
``audit.update()`` and ``audit.record_created()`` instead.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Field, Model, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

#: Never recorded, whatever a registration says: secrets and bookkeeping.
NEVER_RECORDED = frozenset({"password", "last_login", "client_key"})

ACTIONS = ("created", "changed", "deleted")
#: Fields whose change is the object's new state, shown in words first ("Status: Submitted → Published").
STATE_FIELDS = ("status", "is_published", "results_published", "decision")


@dataclass(frozen=True)
class Audited:
    model: type[Model]
    kind: str
    label: Any  # lazy translation
    fields: tuple[Field, ...]
    edition: Callable[[Model], int | None] | None = None
    subject: Callable[[Model], int | None] | None = None
    name: Callable[[Model], str] = str
    url: Callable[[Model], str | None] | bool | None = None
    related: tuple[str, ...] = ()
    actions: tuple[str, ...] = ACTIONS
    action_labels: dict = field(default_factory=dict)
    state_fields: tuple[str, ...] = STATE_FIELDS
    labels: dict = field(default_factory=dict)
    order: int = 50

    def queryset(self, queryset: QuerySet | None = None) -> QuerySet:
        """The model's rows with what ``edition``, ``name`` and ``url`` read, in one query."""
        queryset = self.model._base_manager.all() if queryset is None else queryset
        return queryset.select_related(*self.related) if self.related else queryset

    def field(self, name: str) -> Field | None:
        """A field of the model by name, also one no longer audited (older entries may hold it)."""
        tracked = next((f for f in self.fields if f.name == name), None)
        if tracked is not None:
            return tracked
        try:
            return self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None

    def label_of(self, model_field: Field):
        """The field's name as people read it: its ``verbose_name``, or the label given at registration."""
        return self.labels.get(model_field.name, model_field.verbose_name)

    def edition_of(self, obj: Model) -> int | None:
        return _safely(self.edition, obj)

    def subject_of(self, obj: Model) -> int | None:
        return _safely(self.subject, obj)

    def name_of(self, obj: Model) -> str:
        return str(_safely(self.name, obj) or "")[:200]

    @property
    def has_page(self) -> bool:
        return self.url is not False

    def url_of(self, obj: Model) -> str | None:
        if not self.has_page:
            return None
        if self.url is not None:
            return _safely(self.url, obj)
        return _safely(lambda o: o.get_absolute_url(), obj) if hasattr(obj, "get_absolute_url") else None


def _safely(function, obj):
    """Read a related value; an object deleted along with its parent may no longer reach it."""
    if function is None:
        return None
    try:
        return function(obj)
    except ObjectDoesNotExist:
        return None


_audited: dict[type[Model], Audited] = {}


def register(
    model: type[Model],
    *,
    kind: str,
    label,
    fields: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    edition: Callable[[Model], int | None] | None = None,
    subject: Callable[[Model], int | None] | None = None,
    name: Callable[[Model], str] = str,
    url: Callable[[Model], str | None] | bool | None = None,
    related: Iterable[str] = (),
    actions: Iterable[str] = ACTIONS,
    action_labels: dict | None = None,
    state_fields: Iterable[str] = STATE_FIELDS,
    labels: dict | None = None,
    order: int = 50,
) -> Audited:
    """Audit ``model``: every save and delete writes an ``AuditEntry`` of ``kind``.

    ``fields`` (default: every concrete field) minus ``exclude`` are compared; the primary key,
    automatic timestamps (``auto_now``/``auto_now_add``) and secrets are never recorded.
    ``edition`` and ``subject`` return the id of the edition and of the account an entry is
    about; ``url`` the page of an object (default ``get_absolute_url``; ``False``: none), read with ``related``
    fetched along. ``action_labels`` names an action for this kind ("Partner role granted");
    a change of one of the ``state_fields`` is shown as the object's new state. ``labels`` names
    fields that have no translated ``verbose_name``.
    """
    unknown = set(actions) - set(ACTIONS)
    if unknown:
        raise ValueError(f"Unknown audit actions {sorted(unknown)} for {model.__name__}.")
    audited = Audited(
        model=model,
        kind=kind,
        label=label,
        fields=_tracked_fields(model, fields, exclude),
        edition=edition,
        subject=subject,
        name=name,
        url=url,
        related=tuple(related),
        actions=tuple(actions),
        action_labels=dict(action_labels or {}),
        state_fields=tuple(state_fields),
        labels=dict(labels or {}),
        order=order,
    )
    _audited[model] = audited
    _connect(model)
    return audited


def _tracked_fields(model, names, exclude) -> tuple[Field, ...]:
    concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
    if names is not None:
        names = list(names)
        known = {f.name for f in concrete}
        missing = [n for n in names if n not in known]
        if missing:
            raise ValueError(f"{model.__name__} has no fields {missing} to audit.")
        concrete = [f for f in concrete if f.name in names]
    excluded = set(exclude) | NEVER_RECORDED
    return tuple(
        f
        for f in concrete
        if f.name not in excluded and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    )


def audited_for(model: type[Model]) -> Audited | None:
    return _audited.get(model)


def kinds() -> list[Audited]:
    """Every audited kind, in the order the filter lists them."""
    return sorted(_audited.values(), key=lambda audited: (audited.order, str(audited.label)))


def by_kind(kind: str) -> Audited | None:
    return next((audited for audited in _audited.values() if audited.kind == kind), None)


def _connect(model: type[Model]) -> None:
    from conference.audit import recording

    uid = f"conference.audit:{model._meta.label_lower}"
    pre_save.connect(recording.on_pre_save, sender=model, dispatch_uid=uid)
    post_save.connect(recording.on_post_save, sender=model, dispatch_uid=uid)
    post_delete.connect(recording.on_post_delete, sender=model, dispatch_uid=uid)
