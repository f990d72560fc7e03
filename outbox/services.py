"""Writing follow-ups to the outbox, and the relay that delivers them.

Semantics: **at least once**. A message is delivered inside a transaction that holds its row
lock (``SELECT ... FOR UPDATE SKIP LOCKED``, so two relays never take the same message) and is
marked sent in that same transaction. If the process dies after the handler's effect left the
building (an SMTP server accepted the email) but before the commit, the message is delivered
again later. Handlers are therefore idempotent where they can be (a letter that is already
issued is not rendered again), and every email carries a Message-ID derived from the message's
idempotency key, so a repeated email is recognisably the same email.

Nothing here raises after commit: ``outbox_enqueue`` only registers an ``on_commit`` *nudge*
that asks a worker to run the relay soon, and swallows (logs) a broker that cannot be reached;
the beat schedule runs the relay every minute anyway.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import threading
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.rls import tenant_transaction
from core.tenancy.context import institution_context

from .models import OutboxMessage
from .registry import UnknownKind, handler_for

log = logging.getLogger(__name__)

#: Attempts before a message is given up (failed permanently, shown in the admin). With the
#: default backoff (1, 2, 4 ... minutes, capped at an hour) 48 attempts keep trying for about
#: two days: long enough to outlast a weekend's mail outage noticed on Monday morning.
MAX_ATTEMPTS = 48
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_CAP = dt.timedelta(hours=1)


#: How long a nudge may wait for the broker before it gives up (the relay runs anyway).
NUDGE_TIMEOUT_SECONDS = 2
NUDGE_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": NUDGE_TIMEOUT_SECONDS,
                           "socket_timeout": NUDGE_TIMEOUT_SECONDS}


def max_attempts() -> int:
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling from a minute, capped."""
    base = getattr(settings, "OUTBOX_BACKOFF_BASE", BACKOFF_BASE)
    cap = getattr(settings, "OUTBOX_BACKOFF_CAP", BACKOFF_CAP)
    return min(cap, base * (2 ** min(max(attempts - 1, 0), 30)))


def outbox_enqueue(*, kind: str, payload: dict, key: str, institution=None) -> OutboxMessage:
    """Write a follow-up in the caller's transaction. Enqueueing the same ``key`` again (a
    retried request, a re-run sweep) returns the existing message and adds none."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_enqueue() must be called inside the transaction of the "
                           "change it follows up.")
    handler_for(kind)  # an unknown kind is a programming error: fail before anything commits
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(kind=kind, payload=payload, key=key, institution=institution,
                       next_attempt_at=timezone.now(), created_at=timezone.now())],
        ignore_conflicts=True)
    message = OutboxMessage.objects.get(key=key)
    transaction.on_commit(nudge_relay)
    return message


def outbox_enqueue_many(*, kind: str, messages: list[tuple[str, dict]], institution=None,
                        batch_size: int = 1000) -> int:
    """Write many follow-ups of one kind in the caller's transaction: ``messages`` are
    ``(key, payload)`` pairs. One INSERT per ``batch_size`` messages and one nudge, however
    many (the daily sweep's reminders). Keys already written are skipped, as by
    :func:`outbox_enqueue`. Returns how many were given."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_enqueue_many() must be called inside the transaction of "
                           "the change it follows up.")
    handler_for(kind)
    if not messages:
        return 0
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(kind=kind, payload=payload, key=key, institution=institution,
                       next_attempt_at=now, created_at=now) for key, payload in messages],
        ignore_conflicts=True, batch_size=batch_size)
    transaction.on_commit(nudge_relay)
    return len(messages)


#: A nudge already waiting in the queue (cache key; cleared by the relay task as it starts).
NUDGE_PENDING_KEY = "outbox:nudge-pending"
#: How long a pending mark holds back further nudges if the relay never clears it (a worker
#: that is down): the beat's relay runs every minute anyway.
NUDGE_PENDING_SECONDS = 60

NUDGE_CACHE_RETRY_AFTER = 30

_nudge = threading.local()


def nudge_relay() -> None:
    """Ask a worker to run the relay now. Never raises: the rows are committed, and if the
    broker is down the beat's next run (or ``manage.py outbox_relay``) delivers them.

    Cheap enough to follow every public submission (issue 9 §2): while a nudge is still waiting
    in the queue no other is sent, since the relay it starts reads the outbox after this commit
    (the relay clears the mark before it reads, :func:`nudge_taken`); and the broker connection
    is kept for the next nudge instead of being opened each time."""
    from .tasks import outbox_relay_task

    pending = _mark_pending()
    if pending is False:
        return  # a relay that has not started yet will see this commit's rows
    try:
        outbox_relay_task.apply_async(retry=False, connection=_nudge_connection(
            outbox_relay_task.app))
    except Exception:  # noqa: BLE001 - a nudge that cannot be sent only delays delivery
        _drop_nudge_connection()  # connect afresh next time
        if pending:
            _cache_call("delete", NUDGE_PENDING_KEY)
        log.warning("Could not ask a worker to deliver the outbox now; the periodic relay "
                    "will deliver it.", exc_info=True)


def _drop_nudge_connection() -> None:
    connection = _nudge.__dict__.pop("connection", None)
    if connection is not None:
        with contextlib.suppress(Exception):
            connection.release()


def nudge_taken() -> None:
    """The relay is starting: a commit from now on needs a nudge of its own."""
    _cache_call("delete", NUDGE_PENDING_KEY)


def _mark_pending() -> bool | None:
    """True: this nudge is to be sent; False: one is already waiting; None: no shared cache
    to tell (a local-memory cache, or Redis down), so send it."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):  # a worker cannot clear our memory
        return None
    return _cache_call("add", NUDGE_PENDING_KEY, 1, NUDGE_PENDING_SECONDS)


def _cache_call(method: str, *args):
    """The cache's answer, or None when it cannot be asked; after a failure it is not asked
    again for NUDGE_CACHE_RETRY_AFTER seconds, so a Redis that hangs costs one time-out, not
    one per commit."""
    from django.core.cache import cache

    if time.monotonic() < _nudge.__dict__.get("cache_down_until", 0.0):
        return None
    try:
        return getattr(cache, method)(*args)
    except Exception:  # noqa: BLE001 - no cache: every commit nudges, as before
        _nudge.cache_down_until = time.monotonic() + NUDGE_CACHE_RETRY_AFTER
        log.warning("Cache unavailable for the outbox nudge", exc_info=True)
        return None


def _nudge_connection(app):
    """This thread's broker connection for nudges, opened once (per process, per broker URL):
    one that gives up at once, since with Redis down kombu's default retries would hold every
    request that wrote to the outbox for seconds."""
    ident = (os.getpid(), app.conf.broker_url)
    if getattr(_nudge, "ident", None) != ident or getattr(_nudge, "connection", None) is None:
        _nudge.ident = ident
        _nudge.connection = app.connection_for_write(
            transport_options=NUDGE_TRANSPORT_OPTIONS, connect_timeout=NUDGE_TIMEOUT_SECONDS)
    return _nudge.connection


@dataclass
class RelayResult:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def outbox_relay(*, limit: int = 500, ignore_backoff: bool = False) -> RelayResult:
    """Deliver due messages, each in its own transaction, oldest first, at most ``limit`` of
    them. ``ignore_backoff`` delivers every pending message now (by hand, after an outage)."""
    result = RelayResult()
    tried: list[int] = []
    # Messages of no institution first, then each institution's, each message in a
    # transaction working for its institution: with row-level security (core/rls/) the
    # application's role sees one institution's messages at a time (and those of none).
    # The tenant model by its label, as core.tenancy names it: outbox sits below institutions.
    institutions = apps.get_model("institutions", "Institution")
    for institution_id in [None, *institutions.objects.order_by("pk").values_list(
            "pk", flat=True)]:
        _relay_for(institution_id, tried, result, limit=limit, ignore_backoff=ignore_backoff)
    return result


def _relay_for(institution_id: int | None, tried: list[int], result: RelayResult, *,
               limit: int, ignore_backoff: bool) -> None:
    while len(tried) < limit:
        with tenant_transaction(institution_id):
            mine = (Q(institution__isnull=True) if institution_id is None
                    else Q(institution_id=institution_id))
            due = OutboxMessage.objects.filter(mine, status=OutboxMessage.Status.PENDING).exclude(
                pk__in=tried)
            if not ignore_backoff:
                # A message never tried is due whatever the clocks say (the web server's and
                # the worker's may differ); only a retry waits out its backoff.
                due = due.filter(Q(attempts=0) | Q(next_attempt_at__lte=timezone.now()))
            message = due.select_for_update(skip_locked=True, of=("self",)).order_by(
                "next_attempt_at", "pk").first()
            if message is None:
                break
            tried.append(message.pk)
            outcome = _deliver(message)
        setattr(result, outcome, getattr(result, outcome) + 1)


def _deliver(message: OutboxMessage) -> str:
    """Deliver one locked message and record the outcome on it; returns the outcome."""
    message.attempts += 1
    try:
        handler = handler_for(message.kind)
        with transaction.atomic(), institution_context(message.institution_id):
            handler.deliver(message)
    except Exception as exc:  # noqa: BLE001 - any failure is retried, and recorded
        return _failed(message, exc)
    message.status = OutboxMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.payload = {}  # delivered: nothing personal is kept longer than it is needed
    message.save(update_fields=["status", "sent_at", "last_error", "payload", "attempts"])
    return "sent"


def _failed(message: OutboxMessage, exc: Exception) -> str:
    message.last_error = describe(exc)
    log.warning("Outbox message %s (%s) failed, attempt %s: %s", message.pk, message.kind,
                message.attempts, message.last_error)
    log.debug("Outbox message %s failed", message.pk, exc_info=exc)
    outcome = "retrying"
    if message.attempts >= max_attempts() or isinstance(exc, UnknownKind):
        message.status = OutboxMessage.Status.FAILED
        outcome = "failed"
        _give_up(message)
    else:
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
    message.save(update_fields=["status", "attempts", "next_attempt_at", "last_error"])
    return outcome


def _give_up(message: OutboxMessage) -> None:
    try:
        give_up = handler_for(message.kind).give_up
        if give_up is not None:
            with transaction.atomic(), institution_context(message.institution_id):
                give_up(message)
    except Exception:  # noqa: BLE001 - the message is marked failed whatever happens here
        log.exception("Outbox message %s: recording the permanent failure failed", message.pk)


def describe(exc: BaseException) -> str:
    """The kind of error, never its text: an SMTP refusal quotes the address it refused. An
    SMTP reply code is kept (it says whether the server or the address was the problem)."""
    name = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    code = getattr(exc, "smtp_code", None)
    return (f"{name} (SMTP {code})" if isinstance(code, int) else name)[:200]
