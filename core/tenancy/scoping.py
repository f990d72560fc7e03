"""Tenant scoping that fails closed.

Every tenant-owned model inherits :class:`TenantModel`. Its managers (``objects`` and the
``_base_manager`` Django uses for forward relations) return a :class:`TenantQuerySet` that refuses
to run unless it is scoped:

* explicitly, with ``.for_institution(inst)`` (the normal way, in selectors and services);
* implicitly, because it came from a tenant-owned object (``case.parties.all()``,
  ``party.case``, prefetches): Django hints such querysets with the parent instance, and a
  parent that belongs to one institution limits its children to that institution;
* or deliberately, with ``.across_institutions(reason=...)`` for system work that really spans
  tenants (the audit verifier, a superuser's admin). The reason makes the exception greppable.

A query that forgot its institution raises :class:`TenantScopeError` instead of returning every
institution's rows. Subqueries compiled into an outer query are not checked (the outer query is);
every part of a union / intersection / difference is. Model validation (``full_clean``: unique,
constraint and foreign-key checks) may look across institutions, because it only asks whether a
row exists, as the database's own constraints do. ``Manager.raw()`` is not checked.

The per-request / per-task *context* (``core.tenancy.context``) is separate: business code passes
the institution explicitly; the context exists so that PostgreSQL row-level security can key on
it as a third wall.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.db import models

#: True while Django's deletion Collector cascades from tenant-owned rows that were themselves
#: fetched in scope: the rows it finds point at those rows, so they belong to the same
#: institution. Deleting from a non-tenant root (a User, an Institution) stays fail-closed.
_cascading_from_tenant_rows: ContextVar[bool] = ContextVar("tenant_cascade", default=False)

#: True while a tenant-owned instance validates itself (``full_clean`` from a ModelForm or the
#: admin): Django's unique, constraint and foreign-key checks query through the default and base
#: managers with no institution. They only ask whether a row exists, as the database's own
#: constraints would, and return no tenant data.
_validating_tenant_row: ContextVar[bool] = ContextVar("tenant_validation", default=False)


@contextlib.contextmanager
def tenant_cascade() -> Iterator[None]:
    token = _cascading_from_tenant_rows.set(True)
    try:
        yield
    finally:
        _cascading_from_tenant_rows.reset(token)


@contextlib.contextmanager
def _tenant_validation() -> Iterator[None]:
    token = _validating_tenant_row.set(True)
    try:
        yield
    finally:
        _validating_tenant_row.reset(token)


class TenantScopeError(RuntimeError):
    """A tenant-owned query was about to run without an institution."""


class TenantQuerySet(models.QuerySet):
    _tenant_scoped: bool = False

    # -- scoping ---------------------------------------------------------------------------
    def for_institution(self, institution: Any) -> TenantQuerySet:
        if institution is None:
            raise TenantScopeError(f"{self.model.__name__}: for_institution(None)")
        key = "institution_id" if isinstance(institution, int) else "institution"
        qs = self.filter(**{key: institution})
        qs._tenant_scoped = True
        return qs

    def for_institutions(self, institution_ids) -> TenantQuerySet:
        """Rows of several institutions the caller may see (an admin of two institutions)."""
        qs = self.filter(institution_id__in=list(institution_ids))
        qs._tenant_scoped = True
        return qs

    def across_institutions(self, *, reason: str) -> TenantQuerySet:
        if not reason:
            raise TenantScopeError("across_institutions() needs a reason")
        qs = self._chain()
        qs._tenant_scoped = True
        return qs

    def _is_scoped(self) -> bool:
        if (self._tenant_scoped or _cascading_from_tenant_rows.get()
                or _validating_tenant_row.get()):
            return True
        parent = self._hints.get("instance")
        return isinstance(parent, TenantModel) and parent.institution_id is not None

    def _check_scope(self) -> None:
        if not self._is_scoped():
            raise TenantScopeError(
                f"Query on {self.model.__name__} without an institution: use "
                f".for_institution(institution) (or .across_institutions(reason=...))."
            )

    def _clone(self) -> TenantQuerySet:
        clone = super()._clone()
        clone._tenant_scoped = self._tenant_scoped
        return clone

    # -- every way a queryset reaches the database ----------------------------------------
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scope()
        super()._fetch_all()

    def iterator(self, *args: Any, **kwargs: Any):
        self._check_scope()
        return super().iterator(*args, **kwargs)

    def aiterator(self, *args: Any, **kwargs: Any):
        # Django's aiterator() reads rows without going through iterator() or _fetch_all().
        self._check_scope()
        return super().aiterator(*args, **kwargs)

    def _combinator_query(self, combinator: str, *other_qs: Any, **kwargs: Any):
        # union() / intersection() / difference(): every part must be scoped, not only the
        # first, or ``scoped.union(Model.objects.all())`` would return every institution's rows.
        for other in other_qs:
            if isinstance(other, TenantQuerySet) and not other.query.is_empty():
                other._check_scope()
        return super()._combinator_query(combinator, *other_qs, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._check_scope()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._check_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict:
        self._check_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scope()
        return super().update(**kwargs)

    update.alters_data = True

    def delete(self):
        self._check_scope()
        with tenant_cascade():
            return super().delete()

    delete.alters_data = True

    def _raw_delete(self, using: str) -> int:
        self._check_scope()
        return super()._raw_delete(using)

    def in_bulk(self, *args: Any, **kwargs: Any) -> dict:
        self._check_scope()
        return super().in_bulk(*args, **kwargs)

    def explain(self, *args: Any, **kwargs: Any) -> str:
        self._check_scope()
        return super().explain(*args, **kwargs)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    pass


class TenantModel(models.Model):
    """Abstract base for every row that belongs to one institution."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantManager()

    class Meta:
        abstract = True
        base_manager_name = "objects"

    def delete(self, *args: Any, **kwargs: Any):
        with tenant_cascade():
            return super().delete(*args, **kwargs)

    def clean_fields(self, *args: Any, **kwargs: Any) -> None:
        with _tenant_validation():
            super().clean_fields(*args, **kwargs)

    def validate_unique(self, *args: Any, **kwargs: Any) -> None:
        with _tenant_validation():
            super().validate_unique(*args, **kwargs)

    def validate_constraints(self, *args: Any, **kwargs: Any) -> None:
        with _tenant_validation():
            super().validate_constraints(*args, **kwargs)
