"""Photos of table sheets move from the public media folder to the private storage.

Files uploaded before this migration are moved along (and back when it is reversed), so every
stored photo keeps opening through the permission-checked view.
"""

from django.core.files.storage import storages
from django.db import migrations, models

import conference.models.tabletalks
import conference.storage


def _move(apps, source, target):
    photo_model = apps.get_model("conference", "TableSheetPhoto")
    for photo in photo_model.objects.only("image", "thumbnail").iterator():
        for name in (photo.image.name, photo.thumbnail.name):
            if name and source.exists(name) and not target.exists(name):
                with source.open(name) as content:
                    stored = target.save(name, content)
                if stored == name:
                    source.delete(name)


def to_private(apps, schema_editor):
    _move(apps, storages["default"], storages["private"])


def to_public(apps, schema_editor):
    _move(apps, storages["private"], storages["default"])


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0004_audit_entry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tablesheetphoto",
            name="image",
            field=models.ImageField(
                height_field="height",
                storage=conference.storage.private_storage,
                upload_to=conference.models.tabletalks.sheet_photo_path,
                verbose_name="photo",
                width_field="width",
            ),
        ),
        migrations.AlterField(
            model_name="tablesheetphoto",
            name="thumbnail",
            field=models.ImageField(
                storage=conference.storage.private_storage,
                upload_to=conference.models.tabletalks.sheet_photo_path,
                verbose_name="thumbnail",
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]
