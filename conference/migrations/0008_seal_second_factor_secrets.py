"""Seal the secrets of existing authenticator apps and recovery codes (conference/sealing.py)."""

from django.db import migrations

from conference import sealing


def _change_all(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
        data = sealing.reseal_data(authenticator.type, authenticator.data, change)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


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
