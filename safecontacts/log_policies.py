"""Who may keep a contact log and refer from it (001): a Safe Contact, about their own
contacts only, while active on the scheme; one policy per action (core/policies.py), enforced
by the services (safecontacts/services/contactlog.py) and shown by the pages and the API."""

from __future__ import annotations

from functools import cached_property

from accounts.roles import Role
from core.policies import PolicySet, Refusal, blocked, role_refusal, stage_refusal

from .errors import SafeContactError
from .models import ContactLogEntry, SafeContact

log_policies = PolicySet(not_now=SafeContactError)


class LogState:
    """The person acting, their own Safe Contact record and, for an entry, the entry."""

    def __init__(self, membership, entry: ContactLogEntry | None = None):
        self.membership = membership
        self.institution = membership.institution
        self.entry = entry

    @cached_property
    def record(self) -> SafeContact | None:
        """The person's current record in the scheme (active or paused), if any."""
        return (SafeContact.objects.for_institution(self.membership.institution_id)
                .filter(person_id=self.membership.user_id,
                        stage__in=(SafeContact.Stage.ACTIVE, SafeContact.Stage.PAUSED))
                .first())


def _safe_contact(s: LogState) -> Refusal | None:
    if not s.membership.has_role(Role.SAFE_CONTACT) or s.record is None:
        return role_refusal("Only a Safe Contact keeps a contact log.")
    if s.record.stage != SafeContact.Stage.ACTIVE:
        return blocked("Your place as a Safe Contact is paused: resume it with the EDI office "
                       "before you record new contacts.")
    return None


@log_policies("log_record")
def _record(s: LogState, obj=None) -> Refusal | None:
    return _safe_contact(s)


@log_policies("log_refer")
def _refer(s: LogState, obj=None) -> Refusal | None:
    refusal = _safe_contact(s)
    if refusal is not None:
        return refusal
    entry = obj or s.entry
    if entry is None or entry.safe_contact_id != s.record.pk:
        return role_refusal("You can only refer from your own contact log.")
    if entry.hmg_referred:
        return stage_refusal("This contact has already been referred to the Harassment "
                             "Management Group.")
    return None


def log_enforce(key: str, *, membership, entry=None) -> LogState:
    state = LogState(membership, entry)
    log_policies.enforce(key, state, entry)
    return state
