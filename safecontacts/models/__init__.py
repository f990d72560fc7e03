"""The Safe Contact scheme (001)."""

from .commitments import Attendance, Session
from .contactlog import Advisor, Concern, ContactLogEntry, PersonKind, Signpost
from .equality import QUESTIONS, EqualityTally
from .safecontact import SafeContact, StaffType
from .settings import SafeContactSettings

__all__ = [
    "QUESTIONS", "Advisor", "Attendance", "Concern", "ContactLogEntry", "EqualityTally",
    "PersonKind", "SafeContact", "SafeContactSettings", "Session", "Signpost", "StaffType",
]
