"""``manage.py backup`` (``make backup``): the database and the uploaded files in one archive.

See ``conference/backups.py`` for what the archive holds; README "Backups" for scheduling.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from conference import backups


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the uploaded files into BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", type=Path, help="folder for the archive (default: BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=0, help="then delete all but the newest N archives")

    def handle(self, *args, output_dir, keep, **options):
        directory = output_dir or Path(settings.BACKUP_DIR)
        try:
            path = backups.create_backup(connection=connections["default"], directory=directory)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({path.stat().st_size} bytes)"))
        for old in backups.prune(directory, keep) if keep else []:
            self.stdout.write(f"Deleted old backup: {old}")
