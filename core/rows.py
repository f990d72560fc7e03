"""Reads that every request makes, compiled once per process (issue 9 §2).

A staff page reads the institution in its URL, the session, the user and the membership
before the view does anything. Each is a one-row lookup by key that PostgreSQL answers in a
tenth of a millisecond, while building and compiling the ORM query for it costs five times
that in Python, on every request (BENCHMARKS.md, "the session floor"). :class:`RowRead` writes
such a lookup's SQL once per process and database, runs it with the new values, and turns the
row into a model instance the way the ORM does: each field's database converters (time zones,
booleans on SQLite, encrypted text), then ``Model.from_db``.

Only for the few hot lookups by key; everything else uses the ORM. A tenant-owned model's read
must have ``institution_id`` among its conditions (tenant scoping, which this bypasses).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from django.db import connections, models

OPERATORS = ("=", ">", ">=", "<", "<=")
M = TypeVar("M", bound=models.Model)


class RowRead(Generic[M]):
    """``SELECT <every column> FROM <table> WHERE <a> = %s AND <b> > %s ...``, one row.

    ``conditions``: ``(field name, operator)`` pairs, or plain field names for ``=``; a boolean
    field may be given as ``(name, True)`` to require it true (written as ``= %s``).
    """

    def __init__(self, model: type[M],
                 conditions: Sequence[str | tuple[str, Any]]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.conditions: list[tuple[models.Field, str, Any]] = []
        for condition in conditions:
            name, op = (condition, "=") if isinstance(condition, str) else condition
            fixed = None
            if op is True:
                op, fixed = "=", True
            if op not in OPERATORS:
                raise ValueError(f"Unsupported operator {op!r}")
            self.conditions.append((model._meta.get_field(name), op, fixed))
        self._sql: dict[str, str] = {}

    def sql(self, using: str) -> str:
        sql = self._sql.get(using)
        if sql is None:
            qn = connections[using].ops.quote_name
            columns = ", ".join(qn(f.column) for f in self.fields)
            where = " AND ".join(f"{qn(f.column)} {op} %s" for f, op, _ in self.conditions)
            sql = self._sql[using] = (
                f"SELECT {columns} FROM {qn(self.model._meta.db_table)} "  # noqa: S608
                f"WHERE {where} LIMIT 2")
        return sql

    def get(self, *values, using: str = "default") -> M | None:
        """The one row matching ``values`` (one per condition that has no fixed value), or
        None; None as well if two rows match (lookups are by unique keys)."""
        connection = connections[using]
        given = iter(values)
        params = [f.get_db_prep_value(True if fixed else next(given), connection)
                  for f, _, fixed in self.conditions]
        with connection.cursor() as cursor:
            cursor.execute(self.sql(using), params)
            rows = cursor.fetchall()
        if len(rows) != 1:
            return None
        return next(iter(instances(self.model, self.fields, rows, using=using)))


def instances(model: type[M], fields: Sequence[models.Field],
              rows: Iterable[Sequence[Any]], *, using: str = "default") -> Iterator[M]:
    """Model instances from rows whose first ``len(fields)`` values are those fields' columns,
    converted as the ORM converts them."""
    connection = connections[using]
    converters = []
    for i, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if found:
            converters.append((i, found, col))
    attnames = [f.attname for f in fields]
    n = len(fields)
    for row in rows:
        values = list(row[:n])
        for i, found, col in converters:
            value = values[i]
            for convert in found:
                value = convert(value, col, connection)
            values[i] = value
        yield model.from_db(using, attnames, values)
