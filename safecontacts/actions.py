"""Every transition of a Safe Contact record, declared once: its key (the policy's,
safecontacts/policies.py), the words the person sees, its page below the record and its API
endpoint. From this table come the page URLs (safecontacts/urls.py), the API's
(safecontacts/api_urls.py), "What you can do now" and the API's ``available_actions``
(:func:`record_offers`); the policy and the service decide."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.policies import Offer

from .policies import SafeContactState, verdicts


@dataclass(frozen=True)
class RecordAction:
    key: str
    label: str
    hint: str
    #: The page's path below the record (URL name staff:safecontacts:<key>).
    page_path: str
    #: The API endpoint's path below the record (URL name api-safecontacts-<key>).
    api_path: str

    @property
    def api_name(self) -> str:
        return f"api-safecontacts-{self.key.replace('_', '-')}"


#: In the order of the pipeline, which is the order they are offered in.
ACTIONS: dict[str, RecordAction] = {a.key: a for a in (
    RecordAction("chat_record", "Record the informal chat", "001 step 2", "chat/", "chat/"),
    RecordAction("induction_confirm", "Confirm the induction training", "001 step 3",
                 "induction/", "induction/"),
    RecordAction("biography_write", "Write the biography for the Safe Contacts page",
                 "001 step 4", "biography/", "biography/"),
    RecordAction("publish", "Approve the biography and publish", "001 step 4", "publish/",
                 "publish/"),
    RecordAction("pause", "Pause (leave)", "", "pause/", "pause/"),
    RecordAction("resume", "Resume after leave", "", "resume/", "resume/"),
    RecordAction("retire", "Retire from the scheme", "", "retire/", "retire/"),
    RecordAction("decline", "Decline the application", "", "decline/", "decline/"),
)}


def action_url(state: SafeContactState, key: str) -> str:
    return reverse(f"staff:safecontacts:{key}",
                   kwargs={"institution_slug": state.institution.slug,
                           "record_id": state.record.pk})


def api_url(state: SafeContactState, key: str) -> str:
    return reverse(ACTIONS[key].api_name, kwargs={"institution_slug": state.institution.slug,
                                                  "record_id": state.record.pk})


def record_offers(state: SafeContactState) -> list[Offer]:
    """What this person can do now with the record, and what is theirs but blocked (with the
    reason), in the order of the pipeline."""
    order = list(ACTIONS)
    found = sorted((v for v in verdicts(state) if v.key in ACTIONS),
                   key=lambda v: order.index(v.key))
    return [Offer(key=v.key, label=ACTIONS[v.key].label, hint=ACTIONS[v.key].hint,
                  url=action_url(state, v.key), api_url=api_url(state, v.key),
                  refusal=v.refusal.message if v.refusal else "")
            for v in found]
