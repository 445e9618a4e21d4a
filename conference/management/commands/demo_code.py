from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from conference import second_factor
from conference.demo import DEMO_USERS
from conference.models import User


class Command(BaseCommand):
    help = "Development only: print the code the demo coordinator's authenticator app shows now."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demo_code is for development only: run it with DEBUG=true.")
        printed = False
        for spec in DEMO_USERS:
            user = User.objects.filter(email=spec.email).first()
            secret = second_factor.totp_secret(user) if user else None
            if secret:
                code, seconds = second_factor.current_code(secret), second_factor.seconds_left()
                self.stdout.write(f"{spec.email}: {code} (the app shows it for {seconds} more seconds)")
                printed = True
        if not printed:
            raise CommandError("No demo account has an authenticator app yet: run `make demo` first.")
