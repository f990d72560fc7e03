"""Pages of a long, ordered list that cost the same on page 1 and page 4,000 (issue 9 §2).

``Paginator`` slices the queryset itself: ``ORDER BY ... LIMIT 25 OFFSET 100000`` reads and
throws away a hundred thousand whole rows (every column, from the table) to return 25. A queue
page here is two steps instead:

1. the page's primary keys, in order: ``SELECT id ... ORDER BY ... LIMIT 25 OFFSET n``. Every
   column the WHERE and ORDER BY of a queue use is in one of the queue's indexes (``report_queue*``,
   ``case_queue*``), so PostgreSQL skips the offset inside the index (an index-only scan) without
   touching the table;
2. those rows, whole, with their ``select_related`` and annotations and prefetches:
   ``... WHERE id IN (<25 ids>)`` in the queue's own order.

Page numbers, counts and links are Django's: a person can still go to "page 40 of 4,280". The
queryset must be ordered by something unique (the queues end their ordering on the primary key),
or rows could move between pages.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class QueuePaginator(Paginator):
    """A :class:`~django.core.paginator.Paginator` for ordered querysets that reads a page's
    keys first and its rows second (see the module's docstring)."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_rows(self.object_list, bottom, top), number, self)


def page_rows(queryset: QuerySet, bottom: int, top: int) -> list:
    """``list(queryset[bottom:top])``, read as the page's keys then the page's rows."""
    if not isinstance(queryset, QuerySet) or top <= bottom:
        return list(queryset[bottom:top])
    keys = list(queryset.values_list("pk", flat=True)[bottom:top])
    if not keys:
        return []
    rows = {row.pk: row for row in queryset.filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]
