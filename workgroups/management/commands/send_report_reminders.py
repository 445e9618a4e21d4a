from django.core.management.base import BaseCommand

from workgroups import services


class Command(BaseCommand):
    help = (
        "Queue an e-mail to the lead of every active workgroup that has not submitted its progress report "
        "for an edition starting within the next weeks. Safe to run as often as you like (e.g. daily from cron): "
        "each lead is reminded once per edition."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--weeks",
            type=int,
            default=None,
            help="How many weeks before an edition to remind (default: WORKGROUP_REMINDER_WEEKS, else 6).",
        )

    def handle(self, *args, weeks=None, **options):
        count = services.queue_report_reminders(weeks=weeks)
        self.stdout.write(f"{count} reminder(s) queued.")
