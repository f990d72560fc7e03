"""Yearly reference numbers per institution ("KINGSWAY-2026-0007", "R-2026-0042")."""

from __future__ import annotations


def next_number(counter_model, institution, year: int) -> int:
    """The next number of ``year`` for ``institution``, counted in a row of ``counter_model``
    (a tenant model with ``year`` and ``last``) locked until the caller's transaction ends."""
    counters = counter_model.objects.for_institution(institution)
    counter = counters.select_for_update().filter(year=year).first()
    if counter is None:
        counter, _ = counters.get_or_create(institution=institution, year=year)
        counter = counters.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
