from django.core.management.base import BaseCommand

from conference import second_factor


class Command(BaseCommand):
    help = (
        "Seal every stored two-step login secret under the current SECRET_KEY "
        "(after a key change, before the old key leaves SECRET_KEY_FALLBACKS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--remove-unreadable",
            action="store_true",
            help="Delete the authenticators no configured key opens; those people set up their app again.",
        )

    def handle(self, *args, remove_unreadable=False, **options):
        result = second_factor.reseal_all(remove_unreadable=remove_unreadable)
        self.stdout.write(f"Sealed again under the current key: {result.changed} authenticator(s).")
        if result.unreadable:
            people = ", ".join(sorted({f"user {authenticator.user_id}" for authenticator in result.unreadable}))
            done = "removed" if remove_unreadable else "left alone (--remove-unreadable deletes them)"
            self.stdout.write(f"No configured key opens {len(result.unreadable)} authenticator(s) of {people}: {done}.")
