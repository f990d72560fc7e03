"""Each transition of a matter with its API endpoint, and the API's ``available_actions``
built from the policies' verdicts (precautionary.policies.matter_verdicts), as
cases/transitions.py does for a case. The page links (``url``) point at the matter's page when
the pages are installed."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from core.policies import Offer

from ..policies import MatterState, matter_verdicts


@dataclass(frozen=True)
class ApiTransition:
    key: str
    label: str
    paragraph: str
    api_path: str
    api_name: str
    #: For an action on a row of the matter named in the URL: the URL keyword.
    object_kwarg: str = ""


def _t(key, label, paragraph, api_path, object_kwarg=""):
    name = "api-precautionary-" + api_path.replace("<int:appeal_id>/", "").rstrip("/") \
        .replace("/", "-")
    return ApiTransition(key, label, paragraph, api_path, name, object_kwarg)


#: In the order of the procedure, which is the order they are offered in.
TRANSITIONS: dict[str, ApiTransition] = {t.key: t for t in (
    _t("convene", "Appoint the chair or a member of the group", "§21", "appoint/"),
    _t("unappoint", "End an appointment to the group", "§21", "unappoint/"),
    _t("protected_add", "Add a person the measures protect", "§21-23", "protected-people/"),
    _t("assess", "Record the group's risk assessment", "§20-21", "risk-assessments/"),
    _t("propose", "Propose measures", "§21-22", "proposals/"),
    _t("invite_representations", "Invite the student's representations", "§22",
       "representations/invite/"),
    _t("skip_representations", "Decide without representations (urgent, sensitive or high "
       "risk)", "§22", "representations/skip/"),
    _t("record_representations", "Record the student's representations", "§22",
       "representations/"),
    _t("decide", "Decide the measures", "§22", "decision/"),
    _t("withdraw_proposal", "Withdraw the proposed measures", "§22", "proposals/withdraw/"),
    _t("appeal_lodge", "Record the student's appeal", "§22", "appeals/"),
    _t("appeal_decide", "Decide the appeal", "§22", "appeals/<int:appeal_id>/decision/",
       object_kwarg="appeal_id"),
    _t("review_request", "Record a request for a review (material change)", "§22",
       "reviews/request/"),
    _t("review", "Review the measures", "§22", "reviews/"),
    _t("share", "Record who was told of the measures", "§22, §38", "shares/"),
    _t("breach", "Record a breach or victimisation", "§23", "breaches/"),
    _t("lift", "Lift a measure", "§22", "lift/"),
    _t("case_ended", "End the measures with the case", "§19", "end-with-case/"),
    _t("close", "Close the matter", "", "close/"),
)}


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
        if t.object_kwarg and verdict.obj is not None:
            kwargs[t.object_kwarg] = verdict.obj.pk
        label = t.label
        if verdict.key == "lift" and verdict.obj is not None:
            label = f"Lift: {verdict.obj.measure_type.name} ({verdict.obj.scope})"
        out.append(Offer(key=t.key, label=label, hint=t.paragraph, url=page,
                         api_url=reverse(t.api_name, kwargs=kwargs),
                         refusal=verdict.refusal.message if verdict.refusal else "",
                         object_id=verdict.obj.pk if verdict.obj is not None else None))
    if any(o.key == "convene" and o.allowed for o in out) and any(
            m.ended_at is None for m in state.members):
        unappoint = TRANSITIONS["unappoint"]
        out.insert(next(i for i, o in enumerate(out) if o.key == "convene") + 1, Offer(
            key=unappoint.key, label=unappoint.label, hint=unappoint.paragraph, url=page,
            api_url=reverse(unappoint.api_name, kwargs={
                "institution_slug": state.institution.slug, "matter_id": state.matter.pk})))
    return out
