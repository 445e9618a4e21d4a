from django.core.management.base import BaseCommand

from conference import second_factor


class Command(BaseCommand):
    help = (
        "Seal every stored two-step login secret under the current SECRET_KEY "
        "(after a key change, before the old key leaves SECRET_KEY_FALLBACKS)."
    )

    def handle(self, *args, **options):
        changed = second_factor.reseal_all()
        self.stdout.write(f"Sealed again under the current key: {changed} authenticator(s).")
