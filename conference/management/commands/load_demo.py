from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from conference import search, second_factor
from conference.demo import DEMO_USERS
from conference.models import User

DEMO_APPS = ["conference", "themes", "workgroups"]


class Command(BaseCommand):
    help = "Load demo data from the seed documents. Running it again changes nothing."

    def handle(self, *args, **options):
        if not settings.DEBUG and settings.PORTAL_DEMO_PASSWORD in ("", settings.PORTAL_DEMO_PASSWORD_PUBLIC):
            raise CommandError(
                "With DEBUG off, load_demo needs a private password for the demo accounts: "
                "set PORTAL_DEMO_PASSWORD (the default one is public)."
            )
        with transaction.atomic(), search.paused():  # one rebuild at the end instead of one per save
            for label in DEMO_APPS:
                if not apps.is_installed(label):
                    continue
                try:
                    module = import_module(f"{label}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{label}.demo":
                        raise
                    continue
                module.load(stdout=self.stdout)
        self.stdout.write(f"search: {search.rebuild()} documents in the index")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write("Demo accounts:")
        for spec in DEMO_USERS:
            line = f"  {spec.role:<12} {spec.email}"
            if settings.DEBUG:
                line += f"  password: {settings.PORTAL_DEMO_PASSWORD}"
            self.stdout.write(line)
            secret = second_factor.totp_secret(User.objects.get(email=spec.email)) if settings.DEBUG else None
            if secret:
                self.stdout.write(f"  {'':<12} second step: add the key {secret} to an authenticator app,")
                self.stdout.write(
                    f"  {'':<12} or print the current code: DEBUG=true .venv/bin/python manage.py demo_code"
                )
        if not settings.DEBUG:
            self.stdout.write("  (passwords and the coordinator's authenticator key are only shown with DEBUG=true)")
