"""Audited writes of configuration rows: the shared mechanism behind the administrative services
(roles, qualifications, declarations, time limits, calendars, catalogues; issue 8 §4).

Each service checks who may act and the domain's own rules, then calls one of these, which
validate the row as the database will (``full_clean``: fields, uniqueness, constraints; a
problem is a ``ValidationError`` naming the field), write it, and record ONE event in the
institution's chain saying what changed in values, old and new. Fields named in ``private`` (a
declared person's name) are recorded as changed without their values. Callers run inside
``transaction.atomic``; a changed or deleted row is re-read and locked first (only that row).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models

from .services import audit_record

M = TypeVar("M", bound=models.Model)

def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON-safe values of ``fields`` of ``obj`` (a foreign key as its id)."""
    values = {}
    for name in fields:
        value = getattr(obj, obj._meta.get_field(name).attname)
        if isinstance(value, Decimal):
            value = str(value)
        elif value is not None and not isinstance(value, str | int | bool | float):
            value = str(value)  # dates
        values[name] = value
    return values


def diff(before: dict, after: dict, private: Iterable[str] = ()) -> dict[str, dict]:
    """``{field: {"from": old, "to": new}}`` for the fields whose value changed."""
    private = set(private)
    return {
        name: {"changed": True} if name in private else {"from": before.get(name), "to": value}
        for name, value in after.items() if before.get(name) != value
    }


def locked(obj: M) -> M:
    """``obj`` re-read from its institution's rows and locked for this transaction."""
    return (type(obj).objects.for_institution(obj.institution_id)
            .select_for_update(of=("self",)).get(pk=obj.pk))


def row_create(model: type[M], *, institution, actor, action: str, values: dict,
               describe: dict | None = None, private: Iterable[str] = ()) -> M:
    row = model(institution=institution, **values)
    row.full_clean()
    row.save(force_insert=True)
    new = {k: v for k, v in snapshot(row, values).items() if k not in set(private)}
    audit_record(institution=institution, actor=actor, action=action, obj=row,
                 changes={**(describe or {}), "new": new})
    return row


def row_change(obj: M, *, actor, action: str, values: dict,
               describe=None, private: Iterable[str] = ()) -> M:
    """Change ``values`` of ``obj``; no event (and no write) when nothing changes.
    ``describe(row)`` names the row in the event (e.g. the rule of a time limit)."""
    row = locked(obj)
    before = snapshot(row, values)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    changed = diff(before, snapshot(row, values), private)
    if changed:
        row.save(update_fields=list(changed))
        audit_record(institution=row.institution, actor=actor, action=action, obj=row,
                     changes={**(describe(row) if describe else {}), "changed": changed})
    return row


def row_delete(obj: models.Model, *, actor, action: str, fields: Iterable[str] = (),
               describe=None) -> dict:
    """Delete ``obj``, recording ``fields`` as they were. Returns what was recorded."""
    row = locked(obj)
    changes = {**(describe(row) if describe else {}), "old": snapshot(row, fields)}
    audit_record(institution=row.institution, actor=actor, action=action, obj=row,
                 changes=changes)
    row.delete()
    return changes
