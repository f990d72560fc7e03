"""Writing many rows fast: PostgreSQL ``COPY ... FROM STDIN`` fed from a generator, or plain
``executemany`` inserts elsewhere (SQLite, for the smoke test). Rows are tuples of Python values
in the order of ``columns``; ids are chosen by the caller, and sequences are moved past them
afterwards (:func:`reset_sequences`)."""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_text(value) -> str:
    """One value in COPY's text format (most values are strings: they come first)."""
    kind = type(value)
    if kind is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return (value.replace("\\", "\\\\").replace("\t", "\\t")
                    .replace("\n", "\\n").replace("\r", "\\r"))
        return value
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, (int, float, decimal.Decimal, dt.date)):
        return str(value)
    if isinstance(value, (dict, list)):
        return _pg_text(json.dumps(value))
    return _pg_text(str(value))


class _LineReader(io.RawIOBase):
    """A file whose content is the COPY lines of ``rows``, produced as psycopg2 reads it."""

    def __init__(self, rows: Iterable[Sequence]) -> None:
        self._rows: Iterator[Sequence] = iter(rows)
        self._buffer = b""
        self.count = 0

    def readable(self) -> bool:
        return True

    def _fill(self, size: int) -> None:
        parts = [self._buffer]
        length = len(self._buffer)
        for row in self._rows:
            line = ("\t".join(_pg_text(v) for v in row) + "\n").encode()
            parts.append(line)
            length += len(line)
            self.count += 1
            if length >= size:
                break
        self._buffer = b"".join(parts)

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 30
        if len(self._buffer) < size:
            self._fill(size)
        chunk, self._buffer = self._buffer[:size], self._buffer[size:]
        return chunk

    def readline(self, size: int = -1) -> bytes:  # psycopg2 may ask for lines
        return self.read(size if size and size > 0 else 65536)


def _skip_triggers(cursor) -> bool:
    """Foreign-key checks off for the load, as pg_restore --disable-triggers does: the rows are
    consistent by construction, and checking each one row-locks the rows it points at (the
    institution, the user ...), which makes a bulk load several times slower. Needs a
    superuser; without one the checks stay on (slower, same data)."""
    if connection.in_atomic_block:
        return False  # a failed SET would break the caller's transaction
    try:
        cursor.execute("SET session_replication_role = replica")
    except Exception:  # noqa: BLE001 - not a superuser: keep the checks
        return False
    return True


def _sqlite_value(value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def write_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence],
               batch: int = 5000) -> int:
    """Insert ``rows`` into ``table``; returns how many were written."""
    with connection.cursor() as cursor:
        if is_postgres():
            reader = _LineReader(rows)
            cols = ", ".join(f'"{c}"' for c in columns)
            replica = _skip_triggers(cursor)
            try:
                cursor.cursor.copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', reader,
                                          size=1 << 20)
            finally:
                if replica:
                    cursor.execute("SET session_replication_role = DEFAULT")
            return reader.count
        quoted = ", ".join(f'"{c}"' for c in columns)
        sql = (f'INSERT INTO "{table}" ({quoted}) '
               f'VALUES ({", ".join(["%s"] * len(columns))})')
        count, chunk = 0, []
        for row in rows:
            chunk.append([_sqlite_value(v) for v in row])
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
        return count


def next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        return int(cursor.fetchone()[0]) + 1


def reset_sequences(tables: Iterable[str]) -> None:
    """Move each table's id sequence past the ids the generator chose (PostgreSQL)."""
    if not is_postgres():
        return  # SQLite's rowid continues after the largest id by itself
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)')


def columns_of(model, exclude: Iterable[str] = ()) -> list[str]:
    skip = set(exclude)
    return [f.column for f in model._meta.concrete_fields if f.name not in skip]
