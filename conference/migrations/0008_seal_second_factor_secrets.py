"""Seal the secrets of existing authenticator apps and recovery codes (conference/sealing.py)."""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

from conference import sealing


def _change_all(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    _changed, unreadable = sealing.change_stored(Authenticator.objects.select_for_update().order_by("pk"), change)
    if unreadable:  # only unsealing can meet them
        raise ImproperlyConfigured(
            f"No configured key opens {len(unreadable)} two-step login secret(s): put the old SECRET_KEY in "
            "SECRET_KEY_FALLBACKS before unsealing."
        )


def seal_stored(apps, schema_editor):
    _change_all(apps, lambda value: value if sealing.is_sealed(value) else sealing.seal(value))


def unseal_stored(apps, schema_editor):
    _change_all(apps, sealing.unseal)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0007_site_licence"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(seal_stored, unseal_stored)]
