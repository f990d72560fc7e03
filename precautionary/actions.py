"""Every transition of a precautionary matter as the staff pages offer it: its key (the
policy's, precautionary/policies.py), the words the person sees, the paragraph of 002, and its
page below the matter. From this table come the page URLs (precautionary/urls.py) and the links
of "What you can do now" (:func:`matter_offers`); the policy and the service decide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from core.policies import Offer

from .models import MatterRole
from .policies import MatterState, matter_verdicts


@dataclass(frozen=True)
class MatterAction:
    key: str
    label: Callable[[MatterState, object], str]
    paragraph: str
    #: The page's path below the matter and its URL name (staff:precautionary:<name>).
    page_path: str
    page_name: str
    #: For an action on a row of the matter: the URL keyword naming it.
    object_kwarg: str = ""


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def _a(key, label, paragraph, page, page_name="", object_kwarg=""):
    text = label if callable(label) else (lambda s, o, _text=label: _text)
    return MatterAction(key, text, paragraph, page, page_name or key, object_kwarg)


def _group(s: MatterState) -> str:
    return s.settings.group_label


#: In the order of the procedure, which is the order they are offered in.
ACTIONS: dict[str, MatterAction] = {a.key: a for a in (
    _a("convene", lambda s, o: f"Appoint the chair or a member of the {_group(s)}", "§21",
       "members/appoint/"),
    _a("protected_add", "Name a person the measures protect", "§22-23", "protected/add/"),
    _a("assess", "Record a risk assessment", "§20-21", "assess/"),
    _a("propose", "Propose measures", "§21-22", "propose/"),
    _a("invite_representations", "Invite the student's representations", "§22",
       "representations/invite/"),
    _a("skip_representations", "Decide without representations (urgent, sensitive or high "
       "risk)", "§22", "representations/skip/"),
    _a("record_representations", "Record the student's representations", "§22",
       "representations/record/"),
    _a("decide", "Decide on the proposed measures", "§22", "decide/"),
    _a("withdraw_proposal", "Withdraw the proposed measures", "§22", "withdraw/"),
    _a("appeal_lodge", "Record the student's appeal", "§22", "appeal/"),
    _a("appeal_decide",
       lambda s, o: f"Decide the appeal received {_day(o.received_on)}" if o
       else "Decide an appeal", "§22", "appeals/<int:appeal_id>/decide/",
       object_kwarg="appeal_id"),
    _a("review_request", "Record a request for a review (material change)", "§22",
       "review/request/"),
    _a("review", "Review the measures in force", "§22", "review/"),
    _a("share", "Record who was told of the measures (need-to-know)", "§22, §38", "share/"),
    _a("breach", "Record a breach or victimisation", "§23", "breach/"),
    _a("lift", lambda s, o: f"Lift {o.measure_type.name.lower()}: {o.scope}" if o
       else "Lift a measure", "§22", "measures/<int:measure_id>/lift/",
       object_kwarg="measure_id"),
    _a("case_ended", "End the measures with the case", "§19", "end-with-case/"),
    _a("close", "Close the matter", "", "close/"),
)}

#: Ending an appointment is offered beside each appointment, not in the list.
UNAPPOINT_PATH = "members/<int:member_id>/end/"


def action_url(state: MatterState, key: str, obj=None) -> str:
    action = ACTIONS[key]
    kwargs = {"institution_slug": state.institution.slug, "matter_id": state.matter.pk}
    if action.object_kwarg and obj is not None:
        kwargs[action.object_kwarg] = obj.pk
    return reverse(f"staff:precautionary:{action.page_name}", kwargs=kwargs)


def matter_offers(state: MatterState) -> list[Offer]:
    """What this person can do now on the matter, and what is theirs but blocked (with the
    reason), in the order of the procedure."""
    order = list(ACTIONS)
    verdicts = sorted((v for v in matter_verdicts(state) if v.key in ACTIONS),
                      key=lambda v: order.index(v.key))
    return [Offer(key=v.key, label=ACTIONS[v.key].label(state, v.obj),
                  hint=ACTIONS[v.key].paragraph, url=action_url(state, v.key, v.obj),
                  api_url="", refusal=v.refusal.message if v.refusal else "",
                  object_id=v.obj.pk if v.obj is not None else None)
            for v in verdicts]


def place_label(state: MatterState, role: str) -> str:
    if role == MatterRole.APPEAL_REVIEWER:
        return f"Appeal reviewer ({state.settings.appeal_body_label})"
    return f"{'Chair' if role == MatterRole.CHAIR else 'Member'} of the {_group(state)}"
