"""What every public page shares: privacy headers, the session, and what the institution
promises about first contact."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from core.work import challenge_issue, work_spend
from institutions.calendar import OutOfRange, WorkingCalendar
from institutions.procedure import Cohort, Rule
from institutions.selectors import time_limit_for

SUBMIT_WINDOW = 60 * 60  # settings.REPORT_SUBMISSIONS_PER_SESSION is per hour
#: Default web submissions an hour per institution from browsers that did no proof of work
#: (JavaScript off, or a script); settings.REPORT_SUBMISSIONS_WITHOUT_WORK_PER_INSTITUTION.
SUBMISSIONS_WITHOUT_WORK = 20


def work_for(request, purpose: str) -> dict:
    """A proof-of-work challenge for a public form (core.work)."""
    return challenge_issue(purpose=purpose, institution_id=request.institution.pk)


def work_done(request, purpose: str) -> bool:
    """Did this POST bring valid, unspent work? (It is spent now.)"""
    return work_spend(challenge=request.POST.get("work_challenge", ""),
                      nonce=request.POST.get("work_nonce", ""), purpose=purpose,
                      institution_id=request.institution.pk)


def public_page(view):
    """No caching anywhere (a shared computer's back button or cache shows nothing), and the
    referrer never leaves the site. Signed cookies a view asked for (``request.public_cookies``)
    are set here."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        for name, value, salt, max_age in getattr(request, "public_cookies", []):
            response.set_signed_cookie(
                name, value, salt=salt, max_age=max_age, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def session_key(request) -> str:
    """The session's key, creating the session if need be. The session must hold something,
    or Django would not send its cookie and every request would start a new one."""
    request.session.setdefault("public", True)
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key


def minutes(seconds: int) -> int:
    return max(1, (seconds + 59) // 60)


def caseworker_label(institution) -> str:
    """The institution's name for a support caseworker with its article, to use mid-sentence:
    "a support caseworker", "an Anti-Harassment Support Advisor"."""
    label = institution.role_label(Role.SUPPORT_CASEWORKER)
    if label == Role.SUPPORT_CASEWORKER.label:
        label = label.lower()
    return f"{'an' if label[:1].lower() in 'aeiou' else 'a'} {label}"


def first_contact(institution, *, start=None) -> dict | None:
    """What the institution promises for first contact: ``{"limit": "2 working days",
    "due": date}`` from its own time limit (Rule.SUPPORT_FIRST_CONTACT), or None if it sets
    none. ``due`` is None when the calendar cannot say (a date outside its range)."""
    limit = time_limit_for(institution=institution, rule=Rule.SUPPORT_FIRST_CONTACT,
                           cohort=Cohort.STANDARD)
    if limit is None:
        return None
    try:
        due = WorkingCalendar(institution).due_date(start or timezone.localdate(), limit.amount,
                                                    limit.unit)
    except OutOfRange:
        due = None
    return {"limit": limit.describe(), "due": due}
