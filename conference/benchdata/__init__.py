"""Benchmark data: a large municipality, loaded fast with bulk inserts (``manage.py load_bench``).

Unlike the demo data (built through the services, idempotent), this fills an empty database in a
few minutes: rows are written with ``bulk_create`` in big batches, one password hash is computed
and shared by every account, and the search index is built once at the end. Each app adds its own
part (``conference.benchdata.editions``, ``themes.bench_data``, ``workgroups.bench_data``) from a
shared ``BenchContext``, in the same order as the demo data, so dependencies still point from
``themes`` and ``workgroups`` to ``conference``.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

from conference.benchdata.text import Words

#: Rows per INSERT statement.
BATCH = 2000
#: E-mail domain of every benchmark account (reserved for examples, never delivered).
DOMAIN = "bench.example.org"
BENCH_APPS = ("conference", "themes", "workgroups")


@dataclass
class BenchContext:
    """What one app's part of the load hands to the next."""

    scale: float
    now: datetime
    password_hash: str
    words: Words = field(default_factory=Words)
    stdout: object = None
    organisations: list = field(default_factory=list)
    coordinators: list[int] = field(default_factory=list)
    partners: list[int] = field(default_factory=list)
    residents: list[int] = field(default_factory=list)
    #: Published editions that took place, oldest first; the big coming edition apart.
    past_editions: list = field(default_factory=list)
    big_edition: object = None
    #: Edition id -> its table talks, for the themes part to give them a theme.
    table_talks: dict[int, list] = field(default_factory=dict)
    #: Edition id -> ids of its chosen themes (themes part), for the workgroups part.
    chosen_themes: dict[int, list[int]] = field(default_factory=dict)
    #: Residents with no vote and no registration in the coming edition: the bench's writers.
    reserved_residents: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rng(self):
        return self.words.rng

    def n(self, full: int, minimum: int = 1) -> int:
        """``full`` rows at scale 1, scaled, never fewer than ``minimum``."""
        return max(minimum, round(full * self.scale))

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)


def bulk(ctx: BenchContext, model: type[models.Model], rows: Iterable[models.Model], batch: int = BATCH) -> list:
    """Insert ``rows`` in batches; timestamps left empty get the load's ``now``. Returns the saved rows."""
    rows = list(rows)
    with given_timestamps(model) as stamped:
        for row in rows:
            for name in stamped:
                if getattr(row, name) is None:
                    setattr(row, name, ctx.now)
        saved = model.objects.bulk_create(rows, batch_size=batch)
    label = model._meta.label
    ctx.counts[label] = ctx.counts.get(label, 0) + len(saved)
    return saved


@contextmanager
def given_timestamps(model: type[models.Model]):
    """Let the load set ``created_at`` and the like itself (its history spans twenty years).

    Yields the attribute names of the model's ``auto_now``/``auto_now_add`` fields, which are
    switched off while the block runs and restored after it.
    """
    changed = [
        (f, f.auto_now, f.auto_now_add)
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for model_field, _now, _add in changed:
        model_field.auto_now = model_field.auto_now_add = False
    try:
        yield [model_field.attname for model_field, _now, _add in changed]
    finally:
        for model_field, auto_now, auto_now_add in changed:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add
