"""Yearly reference numbers per institution ("KINGSWAY-2026-0007", "R-2026-0042")."""

from __future__ import annotations

from django.db import connection


def next_number(counter_model, institution, year: int) -> int:
    """The next number of ``year`` for ``institution``, counted in a row of ``counter_model``
    (a tenant model with ``year`` and ``last``) locked until the caller's transaction ends, so
    numbers have no gaps and no repeats. One statement (UPDATE ... RETURNING) takes the lock
    and the number: a caller takes it as late in its transaction as it can, since every other
    caller for the institution waits for that transaction to end."""
    institution_id = getattr(institution, "pk", institution)
    number = _increment(counter_model, institution_id, year)
    if number is None:  # the year's first: create the row (a racing creator wins), then count
        counter_model.objects.for_institution(institution).get_or_create(
            institution_id=institution_id, year=year)
        number = _increment(counter_model, institution_id, year)
    assert number is not None  # noqa: S101 - the row exists now
    return number


def _increment(counter_model, institution_id: int, year: int) -> int | None:
    meta = counter_model._meta
    quote = connection.ops.quote_name
    institution_column = meta.get_field("institution").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {quote('last')} = {quote('last')} + 1 "  # noqa: S608 - names from the model
            f"WHERE {quote(institution_column)} = %s AND {quote('year')} = %s "
            f"RETURNING {quote('last')}",
            [institution_id, year])
        row = cursor.fetchone()
    return None if row is None else row[0]
