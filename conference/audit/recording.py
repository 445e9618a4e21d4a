"""Writing audit entries: from model signals for single saves and deletes, and for bulk changes.

An entry is written in the transaction of the change. Before a save of an existing object the
stored row is read once (only the audited fields), so ``changes`` holds what really changed in the
database, whatever the caller did to the object in memory.
"""

import datetime
import decimal
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import FileField, ForeignKey, Model, QuerySet

from conference import page_cache
from conference.audit import context
from conference.audit.registry import Audited, audited_for

#: Longer texts are cut: the entry says that a text changed and how it began, not the whole text.
MAX_TEXT = 500
_MISSING = object()


def _is_user_field(field) -> bool:
    return isinstance(field, ForeignKey) and field.related_model._meta.label == settings.AUTH_USER_MODEL


def _plain(value):
    """A value as JSON can hold it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _raw(field, value):
    """The stored form of a field's value, for comparing the object with its row."""
    if isinstance(field, FileField):
        return getattr(value, "name", value) or ""
    if value is None or isinstance(field, ForeignKey):
        return value
    try:
        return field.to_python(value)
    except Exception:  # compare as it is when it does not convert
        return value


class _Names:
    """Names of related objects for foreign-key values, one query per object at most."""

    def __init__(self):
        self.cache = {}

    def __call__(self, field, pk, obj=None):
        if pk is None:
            return None
        if _is_user_field(field):
            return {"id": pk}  # shown by the account's current name; gone when the account is
        key = (field.related_model, pk)
        if key not in self.cache:
            target = obj if obj is not None else field.related_model._base_manager.filter(pk=pk).first()
            self.cache[key] = str(target)[:200] if target is not None else ""
        return {"id": pk, "name": self.cache[key]}


def _cached_related(instance, field):
    return instance._state.fields_cache.get(field.name) if field.is_cached(instance) else None


def _value(field, raw, names, instance=None):
    if isinstance(field, ForeignKey):
        return names(field, raw, _cached_related(instance, field) if instance is not None else None)
    return _plain(raw)


def _diff(audited: Audited, before: dict, after: dict, names, instance=None, fields=None) -> dict:
    changes = {}
    for field in fields if fields is not None else audited.fields:
        old, new = before.get(field.attname), after.get(field.attname)
        if old != new:
            changes[field.name] = [_value(field, old, names), _value(field, new, names, instance)]
    return changes


def _entry(audited: Audited, obj: Model, action: str, changes: dict, actor_role):
    from conference.models.audit import AuditEntry

    actor, role = actor_role
    return AuditEntry(
        actor_id=actor.pk if actor is not None else None,
        actor_role=role,
        action=action,
        kind=audited.kind,
        object_id=obj.pk,
        object_repr=audited.name_of(obj),
        subject_id=audited.subject_of(obj),
        edition_id=audited.edition_of(obj),
        changes=changes,
    )


def _fields_saved(audited: Audited, update_fields) -> tuple:
    if update_fields is None:
        return audited.fields
    return tuple(f for f in audited.fields if f.name in update_fields or f.attname in update_fields)


def _current(instance, fields) -> dict:
    return {f.attname: _raw(f, getattr(instance, f.attname)) for f in fields}


# --- signals ------------------------------------------------------------------------------------


def on_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    audited = audited_for(sender)
    if raw or audited is None or context.is_paused() or instance._state.adding or instance.pk is None:
        return
    fields = _fields_saved(audited, update_fields)
    row = sender._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]).first() if fields else {}
    instance._audit_before = (fields, row)


def on_post_save(sender, instance, created, raw=False, **kwargs):
    audited = audited_for(sender)
    if raw or audited is None or context.is_paused():
        return
    fields, before = instance.__dict__.pop("_audit_before", (audited.fields, None))
    if created or before is None:
        if "created" not in audited.actions:
            return
        after = _current(instance, audited.fields)
        changes = _diff(audited, {}, {k: v for k, v in after.items() if v not in (None, "")}, _Names(), instance)
        _entry(audited, instance, "created", changes, context.current_actor()).save()
        return
    if "changed" not in audited.actions:
        return
    before = {f.attname: _raw(f, before.get(f.attname)) for f in fields}
    changes = _diff(audited, before, _current(instance, fields), _Names(), instance, fields)
    if changes:
        _entry(audited, instance, "changed", changes, context.current_actor()).save()


def on_post_delete(sender, instance, **kwargs):
    audited = audited_for(sender)
    if audited is None or context.is_paused() or "deleted" not in audited.actions:
        return
    _entry(audited, instance, "deleted", {}, context.current_actor()).save()


# --- bulk changes -------------------------------------------------------------------------------


@transaction.atomic
def update(queryset: QuerySet, **values) -> int:
    """``queryset.update(**values)`` with one entry per row that changed (``update()`` sends no signals).

    The rows are locked and read first, updated by primary key, and read again, so the entries
    hold what the database now holds, expressions such as ``F()`` included.
    """
    page_cache.bump_for(queryset.model)
    audited = audited_for(queryset.model)
    if audited is None or context.is_paused():
        return queryset.update(**values)
    fields = tuple(f for f in audited.fields if f.name in values or f.attname in values)
    objects = list(audited.queryset(queryset.select_for_update(of=("self",))))
    if not objects:
        return 0
    manager = queryset.model._base_manager
    pks = [obj.pk for obj in objects]
    count = manager.filter(pk__in=pks).update(**values)
    if not fields:
        return count
    attnames = [f.attname for f in fields]
    after = {row.pop("pk"): row for row in manager.filter(pk__in=pks).values("pk", *attnames)}
    names, actor_role = _Names(), context.current_actor()
    entries = []
    for obj in objects:
        before = _current(obj, fields)
        new = {f.attname: _raw(f, after[obj.pk][f.attname]) for f in fields}
        changes = _diff(audited, before, new, names, fields=fields)
        if changes and "changed" in audited.actions:
            entries.append(_entry(audited, obj, "changed", changes, actor_role))
    _bulk_write(entries)
    return count


def record_created(objects) -> None:
    """Entries for objects stored with ``bulk_create()`` (which sends no signals)."""
    objects = [obj for obj in objects if obj.pk is not None]
    if objects:
        page_cache.bump_for(type(objects[0]))
    if not objects or context.is_paused():
        return
    audited = audited_for(type(objects[0]))
    if audited is None or "created" not in audited.actions:
        return
    names, actor_role = _Names(), context.current_actor()
    entries = []
    for obj in objects:
        after = {k: v for k, v in _current(obj, audited.fields).items() if v not in (None, "")}
        entries.append(_entry(audited, obj, "created", _diff(audited, {}, after, names, obj), actor_role))
    _bulk_write(entries)


def _bulk_write(entries) -> None:
    from conference.models.audit import AuditEntry

    if entries:
        AuditEntry.objects.bulk_create(entries)


# --- deleted accounts ---------------------------------------------------------------------------


def forget_deleted_account(sender, instance, **kwargs):
    """Entries written while an account is deleted (its memberships go with it) lose the link too.

    The foreign keys are ``SET_NULL``, but entries written during the deletion itself were not
    there when Django collected what to update; they are emptied here, before the commit checks
    the constraint.
    """
    from conference.models.audit import AuditEntry

    AuditEntry.objects.filter(actor_id=instance.pk).update(actor=None)
    AuditEntry.objects.filter(subject_id=instance.pk).update(subject=None)
