"""The audit entries of one page, ready to show: readable field names, labels instead of codes.

A page of entries costs a fixed number of queries: the entries with their actor, person and
edition, the accounts named in their changes, and one query per kind of object on the page to
see which objects still exist and where their page is.
"""

import datetime
import decimal
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, DateField, DateTimeField, DecimalField, ForeignKey
from django.utils import formats, timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext as _

from conference.audit.registry import Audited, by_kind
from conference.models import AuditEntry, User

#: Characters of a text value shown in the table; the entry holds up to 500.
SHOWN_TEXT = 160


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Row:
    entry: AuditEntry
    kind: str
    name: str
    url: str | None
    person: str
    actor: str
    actor_role: str
    action: str
    states: list[Change] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def rows(entries) -> list[Row]:
    entries = list(entries)
    accounts = _accounts(entries)
    urls = _urls(entries)
    return [_row(entry, accounts, urls) for entry in entries]


def actor_label(entry: AuditEntry) -> tuple[str, str]:
    """Who did it, and in which role; a deleted account keeps only its role."""
    role = entry.get_actor_role_display()
    if entry.actor_id is not None:
        return str(entry.actor), role
    if entry.actor_role == AuditEntry.Role.SYSTEM:
        return _("System"), ""
    if entry.actor_role == AuditEntry.Role.VISITOR:
        return _("Not signed in"), ""
    return _("Deleted account"), role


def _row(entry: AuditEntry, accounts: dict, urls: dict) -> Row:
    audited = by_kind(entry.kind)
    actor, role = actor_label(entry)
    row = Row(
        entry=entry,
        kind=str(audited.label) if audited else entry.kind,
        name=entry.object_repr,
        url=urls.get((entry.kind, entry.object_id)),
        person=_person(entry, audited),
        actor=actor,
        actor_role=role,
        action=str(audited.action_labels.get(entry.action, "")) if audited else "",
    )
    row.action = row.action or entry.get_action_display()
    if not row.name and row.person:
        row.name, row.person = row.person, ""
    for name, (before, after) in (entry.changes or {}).items():
        model_field = audited.field(name) if audited else None
        change = Change(
            label=capfirst(audited.label_of(model_field)) if model_field else name,
            before=_shown(model_field, before, accounts),
            after=_shown(model_field, after, accounts),
        )
        is_state = audited is not None and name in audited.state_fields and entry.action == AuditEntry.Action.CHANGED
        (row.states if is_state else row.changes).append(change)
    return row


def _person(entry: AuditEntry, audited: Audited | None) -> str:
    if entry.subject_id is not None:
        return str(entry.subject)
    if audited is not None and audited.subject is not None:
        return _("Deleted account")
    return ""


def _shown(model_field, value, accounts: dict) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(model_field, ForeignKey):
        if "name" in value:
            return value["name"] or format_lazy("#{}", value["id"])
        return accounts.get(value["id"]) or _("Deleted account")
    if isinstance(model_field, BooleanField) or isinstance(value, bool):
        return _("yes") if value else _("no")
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, DateTimeField):
        return _moment(value)
    if isinstance(model_field, DateField):
        return _day(value)
    if isinstance(model_field, DecimalField):
        return formats.number_format(decimal.Decimal(value), use_l10n=True)
    text = str(value)
    return text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"


def _moment(value: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "j F Y H:i")


def _day(value: str) -> str:
    try:
        return formats.date_format(datetime.date.fromisoformat(value), "j F Y")
    except ValueError:
        return value


def _accounts(entries) -> dict[int, str]:
    """Current names of the accounts that the entries' changes point at (host, author, ...)."""
    ids = set()
    for entry in entries:
        audited = by_kind(entry.kind)
        for name, values in (entry.changes or {}).items():
            model_field = audited.field(name) if audited else None
            if isinstance(model_field, ForeignKey):
                ids.update(v["id"] for v in values if isinstance(v, dict) and "name" not in v)
    if not ids:
        return {}
    return {user.pk: str(user) for user in User.objects.filter(pk__in=ids).only("pk", "display_name")}


def _urls(entries) -> dict[tuple[str, int], str]:
    """The page of each object that still exists: one query per kind of object on the page."""
    wanted = defaultdict(set)
    for entry in entries:
        if entry.object_id is not None:
            wanted[entry.kind].add(entry.object_id)
    urls = {}
    for kind, ids in wanted.items():
        audited = by_kind(kind)
        if audited is None or not audited.has_page:
            continue
        for obj in audited.queryset().filter(pk__in=ids):
            url = audited.url_of(obj)
            if url:
                urls[(kind, obj.pk)] = url
    return urls
