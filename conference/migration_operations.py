"""Migration operations shared by the apps.

PostgreSQL-only indexes (GIN on search vectors, trigram indexes) are recorded in the model state on
every database, so ``makemigrations --check`` stays clean on SQLite too, but only created there.
"""

from django.db import migrations


class AddIndexOnPostgres(migrations.AddIndex):
    """AddIndex that creates (and drops) the index on PostgreSQL only: SQLite has no GIN."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{super().describe()} (PostgreSQL only)"
