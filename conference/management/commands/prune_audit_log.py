"""Delete audit entries older than the retention period (``AUDIT_RETENTION_DAYS``, two years by default)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conference import audit


class Command(BaseCommand):
    help = "Delete audit entries (Beheer → Wijzigingen) older than AUDIT_RETENTION_DAYS days. Run it daily."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help=f"keep this many days (default {settings.AUDIT_RETENTION_DAYS})"
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more.")
        deleted = audit.prune(days=days)
        self.stdout.write(f"Deleted {deleted} audit entries.")
