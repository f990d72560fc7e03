"""The institution a request or a Celery task is working for.

Set by :class:`institutions.middleware.InstitutionMiddleware` for requests under ``/<slug>/`` and
``/api/v1/<slug>/``, and by :class:`institutions.tasks.InstitutionTask` for tasks, which always
carry ``institution_id`` explicitly. Business code never reads it to decide what to query (it
passes the institution explicitly). PostgreSQL row-level security keys on it: every transaction
opened while ``core.rls.institution_setting`` is installed starts with ``SET LOCAL
app.institution_id`` from it (``core.rls``). Also for logging.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

_current_institution_id: ContextVar[int | None] = ContextVar("institution_id", default=None)


def current_institution_id() -> int | None:
    return _current_institution_id.get()


@contextlib.contextmanager
def institution_context(institution_id: int | None) -> Iterator[None]:
    token = _current_institution_id.set(institution_id)
    try:
        yield
    finally:
        _current_institution_id.reset(token)
