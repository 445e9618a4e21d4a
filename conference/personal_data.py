"""What the portal holds about one person: each app says how to export it and how to erase it.

``conference`` never imports ``themes`` or ``workgroups``; each app registers its sections in its
``AppConfig.ready()`` (``themes/personal_data.py``, ``workgroups/personal_data.py``,
``conference/personal_data_sections.py``)::

    personal_data.register(
        "themes_proposed",
        covers=["themes.Theme.submitted_by"],
        export=lambda user: [...],             # JSON-ready data about this person only
        erase=reassign_themes,                 # erase(user, placeholder), inside the deletion's transaction
        order=30,
    )

``covers`` names every foreign key to the user model the section takes care of, as
``app_label.Model.field``. Deleting an account (``conference.privacy``) refuses when a foreign key
to the user is covered by no section, and ``tests/conference/test_personal_data.py`` fails on it,
so a new model that points at a person cannot be forgotten in the export or the erasure.

An eraser leaves no row pointing at the person: it deletes what is only about them (a
registration, a membership), hands what others still need to the placeholder account ("former
participant": a theme, a report, an outcome), or empties the link where the record is anonymous by
design (a ballot, an evaluation answer).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from conference import page_cache

ExportFunction = Callable[[Any], Any]
EraseFunction = Callable[[Any, Any], None]

#: The version of the export's shape; raise it when a section changes incompatibly.
EXPORT_FORMAT = "werkconferentie-personal-data/1"


@dataclass(frozen=True)
class Section:
    name: str
    covers: tuple[str, ...]
    export: ExportFunction | None
    erase: EraseFunction | None
    order: int


_sections: dict[str, Section] = {}
_retention: dict[str, Callable[[Any], int]] = {}


def register(
    name: str,
    *,
    covers: Iterable[str] = (),
    export: ExportFunction | None = None,
    erase: EraseFunction | None = None,
    order: int = 50,
) -> Section:
    """Add (or replace) a section. ``export(user)`` returns JSON-ready data; ``erase(user, placeholder)``."""
    section = Section(name=name, covers=tuple(covers), export=export, erase=erase, order=order)
    _sections[name] = section
    return section


def register_retention(name: str, step: Callable[[Any], int]) -> None:
    """``step(cutoff)`` forgets the app's personal data older than ``cutoff`` and returns how many rows."""
    _retention[name] = step


def retention_steps() -> list[tuple[str, Callable[[Any], int]]]:
    return sorted(_retention.items())


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


def covered_relations() -> set[str]:
    return {label for section in _sections.values() for label in section.covers}


def user_relations() -> list[tuple[str, Any]]:
    """Every foreign key (and one-to-one) to the user model, hidden ones (``related_name="+"``) too.

    Returns ``(label, field)`` pairs, label ``app_label.Model.field``. The tables behind the user's
    own many-to-many fields (groups, permissions) are left out: deleting the user clears them.
    """
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    own_through = {field.remote_field.through for field in user_model._meta.local_many_to_many}
    relations = []
    for relation in user_model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation) or relation.concrete:
            continue
        if relation.many_to_many or relation.related_model in own_through:
            continue
        field = relation.field
        relations.append((f"{field.model._meta.label}.{field.name}", field))
    return sorted(relations, key=lambda pair: pair[0])


def uncovered_relations() -> list[str]:
    covered = covered_relations()
    return [label for label, _field in user_relations() if label not in covered]


def export_user(user) -> dict:
    """Everything the portal holds about ``user``, as one JSON-ready dict (no secrets, nobody else)."""
    data = {"format": EXPORT_FORMAT, "exported_at": timezone.now().isoformat()}
    for section in sections():
        if section.export is not None:
            data[section.name] = section.export(user)
    return data


def erase_user(user, placeholder) -> None:
    """Run every section's eraser. Called by ``conference.privacy`` inside its transaction."""
    for section in sections():
        if section.erase is not None:
            section.erase(user, placeholder)


def remaining_references(user) -> list[str]:
    """The foreign keys that still point at ``user`` (each should be empty after :func:`erase_user`)."""
    return [
        label
        for label, field in user_relations()
        if field.model._base_manager.filter(**{field.attname: user.pk}).exists()
    ]


# --- small helpers for the sections ----------------------------------------------------------


def when(moment) -> str | None:
    """A date or time as ISO 8601 text (``None`` stays ``None``)."""
    return moment.isoformat() if moment is not None else None


def reassign(queryset, field: str, placeholder) -> int:
    """Hand rows over to the placeholder account (``UPDATE``: no signals, no history rows)."""
    page_cache.bump_for(queryset.model)  # the pages that named the person now say "verwijderde deelnemer"
    return queryset.update(**{field: placeholder})
