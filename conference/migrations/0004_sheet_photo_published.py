from django.db import migrations, models


def publish_photos_of_published_tables(apps, schema_editor):
    """Photos stored before this field keep showing where their table's outcomes are published."""
    Outcome = apps.get_model("conference", "Outcome")
    TableSheetPhoto = apps.get_model("conference", "TableSheetPhoto")
    published_tables = Outcome.objects.filter(status="published").values("table_talk_id")
    TableSheetPhoto.objects.filter(table_talk_id__in=published_tables).update(is_published=True)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0003_programme_tabletalks_recaps"),
    ]

    operations = [
        migrations.AddField(
            model_name="tablesheetphoto",
            name="is_published",
            field=models.BooleanField(default=False, verbose_name="published"),
        ),
        migrations.RunPython(publish_photos_of_published_tables, migrations.RunPython.noop),
    ]
