"""Each transition of a matter with its API endpoint (declared with its page in
precautionary/actions.py), and the API's ``available_actions``
built from the policies' verdicts (precautionary.policies.matter_verdicts), as
cases/transitions.py does for a case. The page links (``url``) point at the matter's page when
the pages are installed."""

from __future__ import annotations

import re

from django.urls import NoReverseMatch, reverse

from core.policies import Offer

from ..actions import ACTIONS, UNAPPOINT, MatterAction
from ..policies import MatterState, matter_verdicts
from ..wording import say

#: Every transition with an endpoint, declared once in precautionary/actions.py (the pages'
#: table, which also names each endpoint); ending an appointment right after appointing.
TRANSITIONS: dict[str, MatterAction] = {}
for _key, _action in ACTIONS.items():
    TRANSITIONS[_key] = _action
    if _key == "convene":
        TRANSITIONS[UNAPPOINT.key] = UNAPPOINT


def _page(state: MatterState) -> str:
    try:
        return reverse("staff:precautionary:detail", kwargs={
            "institution_slug": state.institution.slug, "matter_id": state.matter.pk})
    except NoReverseMatch:
        return ""


def offers(state: MatterState) -> list[Offer]:
    """What this person can do now on the matter through the API, and what is theirs but
    refused for now with the reason; in the order of the procedure. (A policy with no endpoint
    here, if any, is not offered by the API.)"""
    order = list(TRANSITIONS)
    verdicts = [v for v in matter_verdicts(state) if v.key in TRANSITIONS]
    page = _page(state)
    out = []
    for verdict in sorted(verdicts, key=lambda v: order.index(v.key)):
        t = TRANSITIONS[verdict.key]
        kwargs = {"institution_slug": state.institution.slug, "matter_id": state.matter.pk}
        in_path = re.search(r"<int:(\w+)>", t.api_path)  # the row, when the endpoint names it
        if in_path and verdict.obj is not None:
            kwargs[in_path.group(1)] = verdict.obj.pk
        inst = state.institution
        label = say(inst, t.label(state, verdict.obj))
        out.append(Offer(key=t.key, label=label, hint=say(inst, t.paragraph), url=page,
                         api_url=reverse(t.api_name, kwargs=kwargs),
                         refusal=say(inst, verdict.refusal.message) if verdict.refusal else "",
                         object_id=verdict.obj.pk if verdict.obj is not None else None))
    if any(o.key == "convene" and o.allowed for o in out) and any(
            m.ended_at is None for m in state.members):
        unappoint = TRANSITIONS["unappoint"]
        out.insert(next(i for i, o in enumerate(out) if o.key == "convene") + 1, Offer(
            key=unappoint.key, label=unappoint.label(state, None),
            hint=say(state.institution, unappoint.paragraph),
            url=page,
            api_url=reverse(unappoint.api_name, kwargs={
                "institution_slug": state.institution.slug, "matter_id": state.matter.pk})))
    return out
