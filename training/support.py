"""The support referral a student may ask for after opting out (004: "If you would like to
receive support ... please complete the form below ... someone from the Standing Together team
will be in touch").

The request reaches the support caseworkers as a *named disclosure* in Report + Support, made by
that app's own submission service. Training sits below reporting (tests/test_layers.py), so
reporting registers its function here when it starts (``ReportingConfig.ready``), as cases
registers its student source with precautionary.

What is handed over is only what the student typed (how to contact them, an optional message)
and the title of the training whose page they asked from: never that they opted out, nor why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SupportReferral:
    """What the student is told once their request is sent."""

    #: Their receipt for Report + Support's follow-up page: shown once, never stored here.
    receipt: str | None
    #: When the team aims to have contacted them, if the institution sets a time limit.
    first_contact_due: dt.date | None


_send: Callable[..., SupportReferral] | None = None


def register_support_referral(fn: Callable[..., SupportReferral]) -> None:
    """Called once, at start-up, by the app that receives support requests."""
    global _send  # noqa: PLW0603 - set once, at start-up
    _send = fn


def support_referral_send(*, institution, contact_name: str, preferred_contact: str,
                          contact_email: str = "", contact_phone: str = "",
                          student_id: str = "", message: str = "",
                          asked_from: str = "") -> SupportReferral:
    """Send the student's request to the support caseworkers, in the caller's transaction.
    Raises ``ValidationError`` by field (``contact_name``, ``preferred_contact``,
    ``contact_email``, ``contact_phone``, ``message``) when something is missing, and a
    ``DomainRefusal`` when the team cannot take requests this way now."""
    if _send is None:
        raise RuntimeError("No support referral receiver: the reporting app registers one "
                           "when it starts.")
    return _send(institution=institution, contact_name=contact_name,
                 preferred_contact=preferred_contact, contact_email=contact_email,
                 contact_phone=contact_phone, student_id=student_id, message=message,
                 asked_from=asked_from)
