"""The site-wide search index: one row per searchable object, with PostgreSQL-only GIN indexes.

SQLite cannot build GIN indexes, so those two operations record the index in the model state
everywhere (``makemigrations`` stays clean) but create it only on PostgreSQL.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class AddIndexOnPostgres(migrations.AddIndex):
    """AddIndex that creates (and drops) the index on PostgreSQL only."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0005_organisers_hosts_long_titles"),
        ("themes", "0002_rounds_votes"),  # creates the pg_trgm extension the title index needs
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=30, verbose_name="kind")),
                ("object_id", models.BigIntegerField()),
                ("title", models.CharField(max_length=300, verbose_name="title")),
                ("secondary", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("happened_on", models.DateField(blank=True, null=True)),
                ("is_public", models.BooleanField(default=False)),
                ("url_name", models.CharField(max_length=100)),
                ("url_kwargs", models.JSONField(default=dict)),
                ("url_fragment", models.CharField(blank=True, max_length=100)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                (
                    "edition",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="conference.conference",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="one_search_document_per_object")
                ],
            },
        ),
        AddIndexOnPostgres(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["vector"], name="search_document_vector", fastupdate=False
            ),
        ),
        AddIndexOnPostgres(
            model_name="searchdocument",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["title"], name="search_document_title_trgm", opclasses=["gin_trgm_ops"], fastupdate=False
            ),
        ),
    ]
