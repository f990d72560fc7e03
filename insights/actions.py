"""Every action on an insight report, declared once: its key (the policy's,
insights/policies.py), the words the person sees, its page below the report and its API
endpoint. From this table come the page URLs (insights/urls.py), the API's
(insights/api_urls.py), "What you can do now" and the API's ``available_actions``
(:func:`report_offers`); the policy and the service decide."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from core.policies import Offer

from .policies import REPORT_ACTIONS, ReportState, verdicts


@dataclass(frozen=True)
class ReportAction:
    key: str
    label: str
    hint: str
    #: The page's and the API endpoint's path below the report.
    path: str

    @property
    def api_name(self) -> str:
        return f"api-insights-{self.key.replace('_', '-')}"


ACTIONS: dict[str, ReportAction] = {a.key: a for a in (
    ReportAction("edit", "Write the summary", "What the figures show, what is being done",
                 "edit/"),
    ReportAction("regenerate", "Generate the figures again",
                 "From the records and imports as they are now", "regenerate/"),
    ReportAction("approve", "Approve for publication", "Someone who did not prepare it",
                 "approve/"),
    ReportAction("send_back", "Send back to draft", "With the reason", "send-back/"),
    ReportAction("publish", "Publish on the Information & Insights page",
                 "With its PDF and CSV", "publish/"),
    ReportAction("correct", "Publish a correction",
                 "A new version that says what changed", "correct/"),
    ReportAction("discard", "Discard this version", "It was never published", "discard/"),
)}
assert tuple(ACTIONS) == REPORT_ACTIONS  # noqa: S101 - the table and the policies agree


def action_url(state: ReportState, key: str) -> str:
    return reverse(f"staff:insights:{key}", kwargs={
        "institution_slug": state.institution.slug, "report_id": state.report.pk})


def api_url(state: ReportState, key: str) -> str:
    return reverse(ACTIONS[key].api_name, kwargs={
        "institution_slug": state.institution.slug, "report_id": state.report.pk})


def report_offers(state: ReportState) -> list[Offer]:
    """What this person can do now with the report, and what is theirs but blocked (with the
    reason), in the order of the workflow."""
    return [Offer(key=v.key, label=ACTIONS[v.key].label, hint=ACTIONS[v.key].hint,
                  url=action_url(state, v.key), api_url=api_url(state, v.key),
                  refusal=v.refusal.message if v.refusal else "")
            for v in verdicts(state)]
