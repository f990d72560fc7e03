"""Several querysets read in one round trip to the database (issue 9 §2).

A case file or a report is a dozen small tables. Read one query per table, a detail page costs
thirty queries; :func:`fetch_together` sends them as one ``UNION ALL`` in which each part
returns its rows as JSON objects, and turns them back into model instances, as if each
queryset had been evaluated on its own:

* every part keeps its own filters, ordering and ``select_related`` (forward relations, as a
  dict: ``select_related("user")``); a part of a tenant-owned model must be scoped
  (``for_institution``), as :mod:`core.tenancy.scoping` requires of any query;
* values come back through each field's own conversion (dates, decimals, encrypted text, JSON),
  the same on PostgreSQL and SQLite.

:func:`attach` then puts rows under their parents' related managers, as ``prefetch_related``
does, so ``case.parties.all()`` in a template or a serializer reads the list already loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connections, models
from django.db.models import F, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import Window
from django.db.models.functions import Cast, JSONObject, RowNumber
from django.db.models.query import ModelIterable
from django.utils.dateparse import parse_date, parse_datetime, parse_time

#: PostgreSQL's JSONB_BUILD_OBJECT takes at most 100 arguments: 50 pairs; objects are built in
#: chunks below that.
_CHUNK = 40
#: The key of a related object inside its parent's JSON.
_REL = "~"


def fetch_together(querysets: Mapping[str, models.QuerySet], *, using: str = "default"
                   ) -> dict[str, list]:
    """``{name: list(queryset)}`` for every queryset, read in one query."""
    parts = []
    shapes: dict[str, _Shape] = {}
    for name, qs in querysets.items():
        if qs.query.is_empty():
            continue
        check = getattr(qs, "_check_scope", None)
        if check is not None:
            check()  # a tenant-owned part must be scoped, as for any query
        _supported(qs)
        shape = shapes[name] = _Shape(qs.model, _related(qs))
        parts.append(
            qs.annotate(batch_n=Window(RowNumber(), order_by=_ordering(qs)),
                        batch_row=Cast(shape.json(), models.TextField()))
            .order_by()
            .values_list(Value(name, output_field=models.CharField()), "batch_n", "batch_row"))
    found: dict[str, list] = {name: [] for name in querysets}
    if not parts:
        return found
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    connection = connections[using]
    rows: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for name, number, row in query.using(using):
        rows[name].append((number, json.loads(row)))
    for name, numbered in rows.items():
        shape = shapes[name]
        found[name] = [shape.build(data, connection, using)
                       for _, data in sorted(numbered, key=lambda pair: pair[0])]
    return found


def attach(parents: Iterable[models.Model], accessor: str, children: Sequence[models.Model],
           *, key: Callable[[models.Model], Any], parent_field: str = "") -> None:
    """Put ``children`` under each parent's ``accessor`` (a reverse foreign key or a
    many-to-many), as ``prefetch_related`` would: ``key(child)`` is the parent's pk. With
    ``parent_field``, each child's own relation to its parent is filled in too."""
    by_parent: dict[Any, list] = defaultdict(list)
    for child in children:
        by_parent[key(child)].append(child)
    for parent in parents:
        mine = by_parent.get(parent.pk, [])
        if parent_field:
            for child in mine:
                child._meta.get_field(parent_field).set_cached_value(child, parent)
        cache = parent.__dict__.setdefault("_prefetched_objects_cache", {})
        cache.pop(accessor, None)
        qs = getattr(parent, accessor).all()
        qs._result_cache = mine
        qs._prefetch_done = True
        cache[accessor] = qs


# -- how a part is asked for and read back ------------------------------------------------------
def _related(qs: models.QuerySet) -> dict:
    related = qs.query.select_related
    if related is True:
        raise ValueError("fetch_together needs select_related() with named relations.")
    return related or {}


def _supported(qs: models.QuerySet) -> None:
    """Parts come back as whole model instances: no values(), only()/defer() or
    annotations, which would be silently lost."""
    query = qs.query
    if (qs._iterable_class is not ModelIterable or query.annotations
            or query.deferred_loading != (frozenset(), True) or query.combinator
            or query.low_mark or query.high_mark is not None):
        raise ValueError(f"fetch_together cannot read {qs.model.__name__} this way: whole "
                         "rows only (no values, only/defer, annotations, slices or unions).")


def _ordering(qs: models.QuerySet) -> list:
    """The part's order (its order_by, else its model's), as the window numbering its rows;
    the primary key breaks ties."""
    query = qs.query
    names = list(query.order_by) or (
        list(qs.model._meta.ordering) if query.default_ordering else [])
    out = []
    for item in names:
        if isinstance(item, str):
            _check_orderable(qs.model, item.lstrip("-"))
            out.append(F(item[1:]).desc() if item.startswith("-") else F(item).asc())
        else:
            out.append(item)
    return [*out, F("pk").asc()]


def _check_orderable(model: type[models.Model], path: str) -> None:
    """Ordering by a relation (Django would order by the related model's ordering) is not
    what ``F`` does: refuse it rather than order differently."""
    if path == "?":
        raise ValueError("fetch_together cannot order at random.")
    opts = model._meta
    parts = path.split(LOOKUP_SEP)
    for index, part in enumerate(parts):
        if part == "pk":
            return
        field = opts.get_field(part)
        if not field.is_relation or part == getattr(field, "attname", None):
            continue
        if index == len(parts) - 1:
            raise ValueError(f"fetch_together: order {model.__name__} by a field of "
                             f"{part!r}, not by the relation itself.")
        opts = field.related_model._meta


class _Shape:
    """One model (and the related ones selected with it): the JSON asked for, and the
    instance built from it."""

    def __init__(self, model: type[models.Model], related: dict, prefix: str = ""):
        self.model = model
        self.prefix = prefix
        self.fields = list(model._meta.concrete_fields)
        self.related = {
            name: _Shape(model._meta.get_field(name).related_model, sub, f"{prefix}{name}__")
            for name, sub in related.items()}

    def json(self) -> JSONObject:
        values: dict[str, Any] = {f.attname: self._column(f) for f in self.fields}
        values.update({f"{_REL}{name}": shape.json() for name, shape in self.related.items()})
        items = list(values.items())
        if len(items) <= _CHUNK:
            return JSONObject(**dict(items))
        return JSONObject(**{f"{_REL}{_REL}{i}": JSONObject(**dict(items[i:i + _CHUNK]))
                             for i in range(0, len(items), _CHUNK)})

    def _column(self, field: models.Field):
        column = F(f"{self.prefix}{field.attname}")
        if isinstance(field, models.DecimalField):
            return Cast(column, models.CharField())  # exact, not a JSON float
        return column

    def build(self, data: dict, connection, using: str) -> models.Model | None:
        data = _unchunk(data)
        pk = self.model._meta.pk
        if data.get(pk.attname) is None:
            return None  # a null foreign key
        values = [_python(f, data.get(f.attname), connection) for f in self.fields]
        instance = self.model.from_db(using, [f.attname for f in self.fields], values)
        for name, shape in self.related.items():
            related = shape.build(data.get(f"{_REL}{name}") or {}, connection, using)
            self.model._meta.get_field(name).set_cached_value(instance, related)
        return instance


def _unchunk(data: dict) -> dict:
    if not any(key.startswith(_REL + _REL) for key in data):
        return data
    merged: dict = {}
    for key, value in data.items():
        merged.update(value if key.startswith(_REL + _REL) else {key: value})
    return merged


def _python(field: models.Field, raw: Any, connection) -> Any:
    """The value a query would have given for ``field``, from its JSON form."""
    if raw is None:
        return None
    if isinstance(field, models.JSONField):
        # PostgreSQL nests a jsonb column as JSON; SQLite as the text it stores.
        return json.loads(raw) if isinstance(raw, str) and connection.vendor == "sqlite" \
            else raw
    if isinstance(field, models.DateTimeField):
        value = raw if isinstance(raw, dt.datetime) else parse_datetime(str(raw))
        if value is not None and settings.USE_TZ and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)  # SQLite stores UTC without an offset
        return value
    if isinstance(field, models.DateField):
        return parse_date(str(raw))
    if isinstance(field, models.TimeField):
        return parse_time(str(raw))
    if isinstance(field, models.DecimalField):
        return Decimal(str(raw)).quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(field, models.BooleanField):
        return bool(raw)
    if isinstance(field, models.UUIDField):
        return uuid.UUID(str(raw))
    converter = getattr(field, "from_db_value", None)
    if converter is not None:  # encrypted text and other custom columns
        return converter(raw, None, connection)
    return raw
