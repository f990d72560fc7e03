"""Database sessions that do not keep the time of an anonymous visit.

Django writes each session's ``expire_date`` as "now + SESSION_COOKIE_AGE" on every request
(SESSION_SAVE_EVERY_REQUEST), so the row of a public visitor's session tells to the second
when they last used the report form or the follow-up page. For sessions with no signed-in
user, this store rounds the expiry up to the next local midnight after it: the row then places
the visit on a day, no more precisely. The idle limits that need a clock are held elsewhere,
by the browser (the follow-up page's signed timestamp cookie, reporting/public/followup.py).
Staff sessions keep Django's exact two-hour expiry.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone


def next_midnight(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    day = local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=local.tzinfo)


class SessionStore(DatabaseSessionStore):
    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        if SESSION_KEY not in data:  # nobody signed in: a public visitor
            instance.expire_date = next_midnight(instance.expire_date)
        return instance
