"""Fill an empty database with a large municipality, fast, for ``make bench`` (see README, Speed).

``python manage.py load_bench --scale 1``: 40 editions of 30 sessions, a coming edition of three
days with 200 sessions, 20,000 people, 5,000 themes, 40 voting rounds with 100,000 votes, 300
workgroups with 10 reports and 5 goals each, 20,000 table-talk outcomes and 40 recaps. ``--scale
0.1`` for a quick run (the big edition keeps its 200 sessions, and at least 7,000 people stay for the
bench's vote row). Bulk inserts, one password hash
shared by every account, one search-index build at the end.
"""

import os
import time
from importlib import import_module

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from conference import search
from conference.benchdata import BENCH_APPS, DOMAIN, BenchContext
from conference.models import Edition, User

PASSWORD_VARIABLE = "PORTAL_BENCH_PASSWORD"


class Command(BaseCommand):
    help = "Fill an EMPTY database with benchmark data of a large municipality (bulk inserts)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = a large municipality; 0.1 = a quick run")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when the bench data is there already (make bench)"
        )

    def handle(self, *args, scale, if_empty, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be more than 0 and at most 10.")
        if if_empty and User.objects.filter(email__endswith=f"@{DOMAIN}").exists():
            self.stdout.write("The bench data is there already.")
            return
        if Edition.objects.exists() or User.objects.exists():
            raise CommandError(
                "load_bench fills an empty database only, and this one has data. "
                "Use a database of its own (make bench creates one per scale)."
            )
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if len(password) < 10:
            raise CommandError(f"Set {PASSWORD_VARIABLE} (10 characters or more): the password of every bench account.")
        started = time.monotonic()
        ctx = BenchContext(scale=scale, now=timezone.now(), password_hash=make_password(password), stdout=self.stdout)
        with transaction.atomic(), search.paused():
            for label in BENCH_APPS:
                part = time.monotonic()
                module = import_module(
                    "conference.benchdata.editions" if label == "conference" else f"{label}.bench_data"
                )
                module.load(ctx)
                self.stdout.write(f"{label}: {time.monotonic() - part:.0f} s")
        part = time.monotonic()
        documents = search.rebuild_offline()
        self.stdout.write(f"search: {documents} documents in the index ({time.monotonic() - part:.0f} s)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        cache.clear()  # the organising body and anything else cached for the empty database
        for label, count in sorted(ctx.counts.items()):
            self.stdout.write(f"  {count:>8}  {label}")
        self.stdout.write(
            self.style.SUCCESS(f"Bench data at scale {scale:g} loaded in {time.monotonic() - started:.0f} s.")
        )
        self.stdout.write(f"Accounts: coordinator00000@{DOMAIN}, bewoner…@{DOMAIN}; password from {PASSWORD_VARIABLE}.")
