"""Database sessions that keep a sliding idle limit without a write on every request, and do
not keep the time of an anonymous visit.

Staff sessions end after ``SESSION_COOKIE_AGE`` (two hours) without a request, and when the
browser closes. Django would slide that limit by rewriting the row on every request
(SESSION_SAVE_EVERY_REQUEST): a transaction and a disk flush per page. Here the row is rewritten
only when its expiry is more than ``SESSION_REFRESH_INTERVAL`` (five minutes) older than a
rewrite now would make it (:meth:`SessionStore.refresh_due`, asked by :class:`SessionMiddleware`
once the request is done). A staff session therefore ends between ``SESSION_COOKIE_AGE -
SESSION_REFRESH_INTERVAL`` and ``SESSION_COOKIE_AGE`` after its last request: never later than
two hours, as before. The row's own ``expire_date`` says when it was last rewritten, so the
session stores no timestamp of its own.

For sessions with no signed-in user (public visitors), the expiry is rounded up to the next
local midnight after it, so the row places the visit on a day, no more precisely; such a row is
rewritten only when that day changes (or its data does). The idle limits that need a clock are
held elsewhere, by the browser (the follow-up page's signed timestamp cookie,
reporting/public/followup.py).
"""

from __future__ import annotations

import datetime as dt
import functools

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import timezone

from core.rows import RowRead

#: Default of settings.SESSION_REFRESH_INTERVAL.
REFRESH_INTERVAL = dt.timedelta(minutes=5)


def next_midnight(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    day = local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=local.tzinfo)


@functools.cache
def _row_read(model) -> RowRead:
    return RowRead(model, ["session_key", ("expire_date", ">")])


def refresh_interval() -> dt.timedelta:
    return getattr(settings, "SESSION_REFRESH_INTERVAL", REFRESH_INTERVAL)


class SessionStore(DatabaseSessionStore):
    #: The expiry of the row as loaded (None: no row was loaded).
    stored_expiry: dt.datetime | None = None

    def _get_session_from_db(self):
        """The unexpired row of this key, or None: Django's lookup, compiled once per process
        (core.rows: every staff request reads its session)."""
        row = _row_read(self.model).get(self.session_key, timezone.now())
        if row is None:
            self._session_key = None
        return row

    def load(self):
        row = self._get_session_from_db()
        if row is None:
            return {}
        self.stored_expiry = row.expire_date
        return self.decode(row.session_data)

    def expiry_for(self, data) -> dt.datetime:
        """The expiry a save now would write for ``data``."""
        expiry = self.get_expiry_date()
        if SESSION_KEY not in data:  # nobody signed in: a public visitor
            expiry = next_midnight(expiry)
        return expiry

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        instance.expire_date = self.expiry_for(data)
        return instance

    def save(self, must_create=False):
        super().save(must_create=must_create)
        # What is stored now. (Django's save() reads _session, which marks the session as
        # accessed; it has been saved, so there is nothing left to refresh.)
        self.stored_expiry = self.expiry_for(self._get_session(no_load=must_create))

    def refresh_due(self) -> bool:
        """Should this loaded, unmodified session be rewritten to push its expiry on? Yes for a
        staff session whose row was last written more than SESSION_REFRESH_INTERVAL ago, and
        for a public visitor's session whose rounded expiry would move to a later day."""
        if self.stored_expiry is None:
            return False  # nothing was loaded (no row, or the session was never read)
        data = self._get_session()
        if not data:
            return False
        due = self.expiry_for(data)
        if SESSION_KEY not in data:
            return due > self.stored_expiry
        return due - self.stored_expiry >= refresh_interval()


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, with SESSION_SAVE_EVERY_REQUEST off: a session read by the request is saved
    when it changed or when :meth:`SessionStore.refresh_due` says its expiry needs pushing on.
    A request that never reads the session (a static file, the public API) leaves it alone."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (session is not None and session.accessed and not session.modified
                and isinstance(session, SessionStore) and session.refresh_due()):
            session.modified = True
        return super().process_response(request, response)
