from django.core.management.base import BaseCommand

from conference import privacy


class Command(BaseCommand):
    help = (
        "Forget personal data the portal no longer needs: registrations of editions that ended more than "
        "a year ago, and who cast the ballots and evaluation answers of that time (the votes and answers keep "
        "counting). Run it daily (cron or a systemd timer); running it more often changes nothing."
    )

    def handle(self, *args, **options):
        counts = privacy.apply_retention()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in sorted(counts.items())))
