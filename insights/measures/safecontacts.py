"""Safe Contacts' contacts and referrals (001), from the contact logs' aggregate selectors:
counts only (the logs hold no names and no free text)."""

from __future__ import annotations

from safecontacts.log_selectors import log_counts_by, log_referral_counts
from safecontacts.models import Concern, PersonKind, Signpost

from ..figures import Table
from .common import Window, choice_rows, table

CONTACTS = ["safe_contact_contacts", "safe_contact_people"]


def _periods(window: Window):
    return [(p.start, p.end) for p in window.periods]


def safe_contact_contacts(institution, window: Window) -> Table:
    counts = log_counts_by(institution=institution, periods=_periods(window), by="concern")
    return table("safe_contact_contacts", "People who came to a Safe Contact, by concern",
                 "Concern", window, choice_rows(counts, Concern.choices, len(window.periods)),
                 linked=["safe_contact_people"],
                 note="From the Safe Contacts' contact logs, which name nobody.")


def safe_contact_people(institution, window: Window) -> Table:
    counts = log_counts_by(institution=institution, periods=_periods(window), by="person_kind")
    return table("safe_contact_people", "People who came to a Safe Contact", "Person",
                 window, choice_rows(counts, PersonKind.choices, len(window.periods)),
                 linked=["safe_contact_contacts"])


def safe_contact_referrals(institution, window: Window) -> Table:
    counts = log_referral_counts(institution=institution, periods=_periods(window))
    labels = [("hmg", "Referred to the Harassment Management Group"),
              ("handed_over", "Handed to another Safe Contact (a conflict of interest)"),
              *Signpost.choices]
    return table("safe_contact_referrals", "Where Safe Contacts referred or signposted people",
                 "Referred or signposted to", window,
                 choice_rows(counts, labels, len(window.periods)), has_total=False,
                 note="A person may be signposted to several services.")
