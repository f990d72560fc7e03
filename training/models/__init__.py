"""Training (000 §1a-1b, 001, 004): each institution's modules, the campaigns that set a
deadline for them, the roster of people who must take them, and their completion records.

A completion is the one record of "this person met this module on this date". It comes from a
learning platform's export, from an in-person session's attendance register, from a survivor's
opt-out (004: it counts as meeting the requirement; the reason is never stored) or, once, from
the interim ``accounts.Qualification`` records. ``training.selectors`` answers "does this
person hold current training X on date D" for the procedure (cases, precautionary measures,
Safe Contacts) from these rows alone.
"""

from .course import Campaign, Module
from .optout import OptOutLink
from .people import Completion, Learner
from .records import (
    MAPPED_COLUMNS,
    Attendance,
    DateFormat,
    ExpiryReminder,
    ImportMapping,
    ImportRowError,
    ImportRun,
    ModuleMatch,
    TrainingSession,
)

__all__ = ["MAPPED_COLUMNS", "Attendance", "Campaign", "Completion", "DateFormat",
           "ExpiryReminder", "ImportMapping", "ImportRowError", "ImportRun", "Learner", "Module",
           "ModuleMatch", "OptOutLink", "TrainingSession"]
