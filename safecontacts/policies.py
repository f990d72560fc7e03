"""Who may do what with a Safe Contact record, and when: one policy per action
(core/policies.py). Services call :func:`enforce` after locking the record; the record's page
("What you can do now") and the API's ``available_actions`` come from :func:`verdicts`.

Standing: the EDI administrators run the pipeline (001: the scheme is coordinated by the EDI
office), never on their own application; the applicant writes their own biography once trained.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import membership_get
from core.policies import PolicySet, Refusal, Verdict, blocked, role_refusal, stage_refusal

from .errors import SafeContactError
from .models import SafeContact
from .training_link import induction_held

__all__ = ["EDI", "SafeContactState", "enforce", "policies", "state_for", "verdicts"]

EDI = Role.EDI_ADMIN
S = SafeContact.Stage

policies = PolicySet(not_now=SafeContactError)


class SafeContactState:
    """The record, the person acting and what the rules need, each read once."""

    def __init__(self, record: SafeContact, membership, user, *, today=None):
        self.record = record
        self.membership = membership
        self.user = user
        self.institution = record.institution
        self.today = today or timezone.localdate()

    @property
    def is_edi(self) -> bool:
        return self.membership.has_role(EDI)

    @property
    def is_self(self) -> bool:
        return self.record.person_id == self.user.pk

    @cached_property
    def induction_done(self) -> bool:
        return induction_held(institution=self.institution, user_id=self.record.person_id,
                              on=self.today)

    @property
    def edi_label(self) -> str:
        return self.institution.role_label(EDI)


def state_for(*, record: SafeContact, actor, today=None) -> SafeContactState:
    membership = membership_get(user=actor, institution=record.institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    return SafeContactState(record, membership, actor, today=today)


def enforce(key: str, *, record: SafeContact, actor, today=None) -> SafeContactState:
    """Refuse (PermissionDenied or SafeContactError) unless ``actor`` may do ``key`` now."""
    state = state_for(record=record, actor=actor, today=today)
    policies.enforce(key, state)
    return state


def verdicts(state: SafeContactState) -> list[Verdict]:
    return policies.verdicts(state, [(key, None) for key in policies.keys])


# -- the checks ---------------------------------------------------------------------------------
def _edi(s: SafeContactState) -> Refusal | None:
    if not s.is_edi:
        return role_refusal(f"Only an {s.edi_label} can do this.")
    if s.is_self:
        return role_refusal("You cannot decide on your own application or record: another "
                            f"{s.edi_label} does.")
    return None


def _at(s: SafeContactState, stages, doing: str) -> Refusal | None:
    if s.record.stage in stages:
        return None
    return stage_refusal(f"{s.record.full_name}'s record is at '"
                         f"{s.record.get_stage_display()}': you cannot {doing} now.")


def _edi_at(s: SafeContactState, stages, doing: str) -> Refusal | None:
    return _edi(s) or _at(s, stages, doing)


@policies("chat_record")
def _chat(s: SafeContactState, obj=None) -> Refusal | None:
    return _edi_at(s, (S.SUBMITTED,), "record the informal chat")


@policies("induction_confirm")
def _induction(s: SafeContactState, obj=None) -> Refusal | None:
    refusal = _edi_at(s, (S.INDUCTION,), "confirm the induction training")
    if refusal is None and not s.induction_done:
        return blocked(f"The training records do not show a current Safe Contact induction "
                       f"for {s.record.full_name} yet: the training administrator records it "
                       "after the session.")
    return refusal


@policies("biography_write")
def _biography(s: SafeContactState, obj=None) -> Refusal | None:
    """The Safe Contact writes their own once trained; an EDI administrator may write or
    correct it then and while they are on the directory."""
    if s.is_self:
        return _at(s, (S.BIOGRAPHY,), "write your biography")
    if s.is_edi:
        return _at(s, (S.BIOGRAPHY, S.ACTIVE, S.PAUSED), "change the biography")
    return role_refusal(f"Only the Safe Contact or an {s.edi_label} can write the biography.")


@policies("publish")
def _publish(s: SafeContactState, obj=None) -> Refusal | None:
    refusal = _edi_at(s, (S.BIOGRAPHY,), "approve the biography")
    if refusal is None and not (s.record.biography.strip() and s.record.contact_email):
        return blocked("The biography and the address to publish must be written before "
                       "they are approved.")
    return refusal


@policies("pause")
def _pause(s: SafeContactState, obj=None) -> Refusal | None:
    return _edi_at(s, (S.ACTIVE,), "pause this Safe Contact")


@policies("resume")
def _resume(s: SafeContactState, obj=None) -> Refusal | None:
    return _edi_at(s, (S.PAUSED,), "resume this Safe Contact")


@policies("retire")
def _retire(s: SafeContactState, obj=None) -> Refusal | None:
    return _edi_at(s, (S.ACTIVE, S.PAUSED), "retire this Safe Contact")


@policies("decline")
def _decline(s: SafeContactState, obj=None) -> Refusal | None:
    return _edi_at(s, SafeContact.PIPELINE, "decline the application")
