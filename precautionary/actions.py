"""Every transition of a precautionary matter, declared once: its key (the policy's,
precautionary/policies.py), the words the person sees, the paragraph of 002, its page below the
matter and its API endpoint. From this table come the page URLs (precautionary/urls.py), the
API's (precautionary/api_urls.py), the links of "What you can do now" (:func:`matter_offers`)
and the API's ``available_actions`` (precautionary/api/offers.py); the policy and the service
decide."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from core.policies import Offer

from .models import MatterRole
from .policies import MatterState, matter_verdicts
from .wording import say


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
    #: The API endpoint's path below the matter and its URL name (precautionary/api_urls.py).
    api_path: str = ""
    api_name: str = ""


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}"


def _api_name(api_path: str) -> str:
    return "api-precautionary-" + re.sub(r"<int:\w+>/", "", api_path).rstrip("/").replace(
        "/", "-")


def _a(key, label, paragraph, page, page_name="", object_kwarg="", *, api):
    text = label if callable(label) else (lambda s, o, _text=label: _text)
    return MatterAction(key, text, paragraph, page, page_name or key, object_kwarg,
                        api_path=api, api_name=_api_name(api))


def _group(s: MatterState) -> str:
    return s.settings.group_label


#: In the order of the procedure, which is the order they are offered in.
ACTIONS: dict[str, MatterAction] = {a.key: a for a in (
    _a("convene", lambda s, o: f"Appoint the chair or a member of the {_group(s)}", "§21",
       "members/appoint/",
       api="appoint/"),
    _a("protected_add", "Name a person the measures protect", "§22-23", "protected/add/",
       api="protected-people/"),
    _a("assess", "Record a risk assessment", "§20-21", "assess/",
       api="risk-assessments/"),
    _a("propose", "Propose measures", "§21-22", "propose/",
       api="proposals/"),
    _a("invite_representations", "Invite the student's representations", "§22",
       "representations/invite/",
       api="representations/invite/"),
    _a("skip_representations", "Decide without representations (urgent, sensitive or high "
       "risk)", "§22", "representations/skip/",
       api="representations/skip/"),
    _a("record_representations", "Record the student's representations", "§22",
       "representations/record/",
       api="representations/"),
    _a("decide", "Decide on the proposed measures", "§22", "decide/",
       api="decision/"),
    _a("withdraw_proposal", "Withdraw the proposed measures", "§22", "withdraw/",
       api="proposals/withdraw/"),
    _a("appeal_lodge", "Record the student's appeal", "§22", "appeal/",
       api="appeals/"),
    _a("appeal_decide",
       lambda s, o: f"Decide the appeal received {_day(o.received_on)}" if o
       else "Decide an appeal", "§22", "appeals/<int:appeal_id>/decide/",
       object_kwarg="appeal_id",
       api="appeals/<int:appeal_id>/decision/"),
    _a("review_request", "Record a request for a review (material change)", "§22",
       "review/request/",
       api="reviews/request/"),
    _a("review", "Review the measures in force", "§22", "review/",
       api="reviews/"),
    _a("share", "Record who was told of the measures (need-to-know)", "§22, §38", "share/",
       api="shares/"),
    _a("breach", "Record a breach or victimisation", "§23", "breach/",
       api="breaches/"),
    _a("lift", lambda s, o: f"Lift {o.measure_type.name.lower()}: {o.scope}" if o
       else "Lift a measure", "§22", "measures/<int:measure_id>/lift/",
       object_kwarg="measure_id",
       api="lift/"),
    _a("case_ended", "End the measures with the case", "§19", "end-with-case/",
       api="end-with-case/"),
    _a("close", "Close the matter", "", "close/",
       api="close/"),
)}

#: Ending an appointment is offered beside each appointment on the page, not in the list; the
#: API has one endpoint for it (the appointment in the body).
UNAPPOINT_PATH = "members/<int:member_id>/end/"
UNAPPOINT = MatterAction("unappoint", lambda s, o: "End an appointment to the group", "§21",
                         UNAPPOINT_PATH, "unappoint", api_path="unappoint/",
                         api_name=_api_name("unappoint/"))


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
    inst = state.institution
    return [Offer(key=v.key, label=say(inst, ACTIONS[v.key].label(state, v.obj)),
                  hint=say(inst, ACTIONS[v.key].paragraph), url=action_url(state, v.key, v.obj),
                  api_url="", refusal=say(inst, v.refusal.message) if v.refusal else "",
                  object_id=v.obj.pk if v.obj is not None else None)
            for v in verdicts]


def place_label(state: MatterState, role: str) -> str:
    if role == MatterRole.APPEAL_REVIEWER:
        return f"Appeal reviewer ({state.settings.appeal_body_label})"
    return f"{'Chair' if role == MatterRole.CHAIR else 'Member'} of the {_group(state)}"
