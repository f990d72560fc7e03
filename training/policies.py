"""Who may do what in training, and when: one policy per action (core/policies.py). Services
call :func:`enforce`; the pages and the API's ``available_actions`` read the same verdicts.

Standing: the institution's training administrators keep the modules, campaigns, the roster,
the completion records, imports and sessions (DOMAIN "People and roles"); its institution
admins may do the same (they configure the institution), and so may a superuser. Anyone else
is refused (403), and another institution's records are not found (404, training.permissions).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.permissions import may_administer
from accounts.roles import Role
from accounts.selectors import membership_get
from core.policies import PolicySet, Refusal, blocked, role_refusal, stage_refusal

from .errors import TrainingError
from .models import ImportRun, TrainingSession

__all__ = ["MANAGERS", "TrainingState", "enforce", "state_for", "training_policies"]

training_policies = PolicySet(not_now=TrainingError)

#: The roles that manage training records.
MANAGERS = (Role.TRAINING_ADMIN, Role.INSTITUTION_ADMIN)


class TrainingState:
    """The institution, the person acting and the day, each read once."""

    def __init__(self, institution, actor, membership, *, today: dt.date | None = None):
        self.institution = institution
        self.actor = actor
        self.membership = membership
        self.today = today or timezone.localdate()

    @property
    def manages(self) -> bool:
        if self.membership is not None and self.membership.has_role(*MANAGERS):
            return True
        return self.actor is not None and may_administer(self.actor, self.institution)


def state_for(*, institution, actor, membership=None, today: dt.date | None = None
              ) -> TrainingState:
    if membership is None or membership.user_id != getattr(actor, "pk", None):
        membership = membership_get(user=actor, institution=institution) \
            if actor is not None else None
    return TrainingState(institution, actor, membership, today=today)


def enforce(key: str, *, institution, actor, obj=None, membership=None,
            today: dt.date | None = None) -> TrainingState:
    """Refuse (PermissionDenied or TrainingError) unless ``actor`` may do ``key`` now."""
    state = state_for(institution=institution, actor=actor, membership=membership, today=today)
    training_policies.enforce(key, state, obj)
    return state


def _manager(s: TrainingState, doing: str) -> Refusal | None:
    if s.manages:
        return None
    labels = [s.institution.role_label(r) for r in MANAGERS]
    who = " or ".join(("an " if label[:1].lower() in "aeiou" else "a ") + label
                      for label in labels)
    return role_refusal(f"Only {who} can {doing}.")


@training_policies("module_manage")
def may_manage_modules(s: TrainingState, obj=None) -> Refusal | None:
    return _manager(s, "add or change training modules")


@training_policies("campaign_manage")
def may_manage_campaigns(s: TrainingState, obj=None) -> Refusal | None:
    return _manager(s, "add or change campaigns")


@training_policies("roster_manage")
def may_manage_roster(s: TrainingState, obj=None) -> Refusal | None:
    return _manager(s, "change the training roster")


@training_policies("completion_record")
def may_record_completion(s: TrainingState, obj=None) -> Refusal | None:
    return _manager(s, "record completions")


@training_policies("import_upload")
def may_upload_import(s: TrainingState, obj=None) -> Refusal | None:
    return _manager(s, "import completion records")


@training_policies("import_start")
def may_start_import(s: TrainingState, run: ImportRun | None = None) -> Refusal | None:
    return _manager(s, "import completion records") or (
        None if run is None or run.status == ImportRun.Status.PREVIEW else stage_refusal(
            f"This import is already {run.get_status_display().lower()}: upload the file "
            "again to import it again."))


@training_policies("session_manage")
def may_manage_sessions(s: TrainingState, obj=None) -> Refusal | None:
    return _manager(s, "add or change training sessions")


@training_policies("attendance_mark")
def may_mark_attendance(s: TrainingState, session: TrainingSession | None = None
                        ) -> Refusal | None:
    """Attendance is marked on or after the day of the session, never before it."""
    refusal = _manager(s, "mark attendance")
    if refusal is not None or session is None:
        return refusal
    if session.held_on > s.today:
        return blocked(f"The session is on {session.held_on:%A} {session.held_on.day} "
                       f"{session.held_on:%B %Y}: mark attendance on or after that day.")
    return None
