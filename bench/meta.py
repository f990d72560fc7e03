"""What the generator made, kept in the benchmark database itself (table ``bench_meta``, made
outside the migrations: it exists only in benchmark databases)."""

from __future__ import annotations

import json

from django.db import connection

TABLE = "bench_meta"


def _ensure() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key varchar(100) PRIMARY KEY, "
                       "value text NOT NULL)")


def save(info: dict) -> None:
    _ensure()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE key = %s", ["generated"])
        cursor.execute(f"INSERT INTO {TABLE} (key, value) VALUES (%s, %s)",
                       ["generated", json.dumps(info)])


def load() -> dict | None:
    if TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE key = %s", ["generated"])
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None
