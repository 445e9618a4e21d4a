"""``manage.py restore FILE`` (``make restore FILE=...``): put a backup back into an EMPTY database.

It refuses a database that has any table, or storage folders that hold files, and changes
nothing then. ``--database-url`` restores into another database than ``DATABASE_URL``, e.g. a
scratch one to test a restore (README "Backups").
"""

from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from conference import backups


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and empty upload folders."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar file written by manage.py backup")
        parser.add_argument("--database-url", help="restore into this database instead of DATABASE_URL")

    def handle(self, *args, archive, database_url, **options):
        db = dj_database_url.parse(database_url) if database_url else connections["default"].settings_dict
        try:
            restored = backups.restore_backup(archive_path=archive, db=db)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        files = ", ".join(f"{count} files in {alias}" for alias, count in restored.files.items()) or "no files"
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive} into {db['NAME']}: {restored.tables} tables, {files}.")
        )
