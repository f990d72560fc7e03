"""Trigram indexes for the "part of a reference" searches of the queues (issue 9 §2).

A search like ``?q=0042`` is ``UPPER(reference::text) LIKE UPPER('%0042%')``
(``reference__icontains``), which no B-tree can serve: PostgreSQL read every reference of the
institution. A GIN index of the institution and the reference's trigrams (``pg_trgm``, with
``btree_gin`` for the institution column) answers it from the index.

Made by a migration, on PostgreSQL only (SQLite has neither extension and its databases are
small). Both extensions are "trusted" (PostgreSQL 13+): a database owner may create them. Where
the role may not, the migration says so and carries on without the index: the search stays
correct, only slower (``CREATE EXTENSION pg_trgm, btree_gin`` by a superuser, then migrate the
app back and forth, makes it).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

EXTENSIONS = ("pg_trgm", "btree_gin")


def reference_trigram_index(*, table: str, name: str, column: str = "reference"
                            ) -> migrations.RunPython:
    """A migration operation that makes (and on the way back drops) the index ``name`` on
    ``table``: ``gin (institution_id, UPPER(column::text) gin_trgm_ops)``, the expression
    Django writes for ``icontains``."""

    def forwards(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        qn = connection.ops.quote_name
        try:
            with transaction.atomic(using=connection.alias):
                for extension in EXTENSIONS:
                    schema_editor.execute(f"CREATE EXTENSION IF NOT EXISTS {extension}")
        except DatabaseError as exc:
            logger.warning("No trigram index %s: the extensions %s could not be created (%s).",
                           name, ", ".join(EXTENSIONS), exc)
            return
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {qn(name)} ON {qn(table)} USING gin "
            f"({qn('institution_id')}, (UPPER(({qn(column)})::text)) gin_trgm_ops)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"DROP INDEX IF EXISTS {schema_editor.connection.ops.quote_name(name)}")

    return migrations.RunPython(forwards, backwards, elidable=False)
