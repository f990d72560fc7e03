"""Who may do what with an insight report and its external figures, and when: one policy per
action (core/policies.py). Services call :func:`enforce` after locking the report; the report's
page ("What you can do now") and the API's ``available_actions`` come from :func:`verdicts`.

Standing: the insights publishers prepare, approve and publish the reports (accounts' role);
the institution admin may do all of it too, so that an institution with one publisher can
still have a second pair of eyes.

The workflow: draft -> approved -> published (-> superseded by a correction's publication);
a draft or approved version may be discarded, an approved one sent back to draft.

Nobody approves what they prepared (decided here; 000 §3 only asks that nothing published
identifies anyone): whoever generated, regenerated, edited or started the correction of a
version cannot approve it, so every report and every correction is read by a second person
before it is public. A draft the system generated when its period ended may be approved by any
publisher who has not changed it. Once approved, anyone with the role may publish it (the
approver included): the check has been done.

A published version never changes: editing, regenerating or discarding it is refused; a
correction is a new version with a note saying what changed.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from accounts.selectors import membership_get
from core.policies import PolicySet, Refusal, Verdict, blocked, role_refusal, stage_refusal

from .errors import InsightsError
from .models import InsightReport

__all__ = ["PUBLISHER_ROLES", "ReportState", "enforce", "policies", "state_for", "verdicts"]

PUBLISHER_ROLES = (Role.INSIGHTS_PUBLISHER, Role.INSTITUTION_ADMIN)
S = InsightReport.Status

policies = PolicySet(not_now=InsightsError)


class ReportState:
    """The report (None for actions on the institution: generating, importing), the person
    acting and their membership."""

    def __init__(self, institution, membership, user, report: InsightReport | None = None):
        self.institution = institution
        self.membership = membership
        self.user = user
        self.report = report

    @property
    def is_publisher(self) -> bool:
        return self.membership is not None and self.membership.has_role(*PUBLISHER_ROLES)

    @property
    def prepared_it(self) -> bool:
        return self.report is not None and self.user.pk in (self.report.preparers or [])

    @cached_property
    def open_version(self) -> InsightReport | None:
        """The version of the same period being prepared, if any (not this one)."""
        if self.report is None:
            return None
        return (InsightReport.objects.for_institution(self.institution)
                .filter(series=self.report.series, status__in=InsightReport.OPEN)
                .exclude(pk=self.report.pk).first())

    @property
    def publisher_label(self) -> str:
        return self.institution.role_label(Role.INSIGHTS_PUBLISHER)


def state_for(*, institution, actor, report: InsightReport | None = None,
              membership=None) -> ReportState:
    if membership is None or membership.user_id != actor.pk:
        membership = membership_get(user=actor, institution=institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    return ReportState(institution, membership, actor, report)


def enforce(key: str, *, institution, actor, report: InsightReport | None = None,
            membership=None) -> ReportState:
    """Refuse (PermissionDenied or InsightsError) unless ``actor`` may do ``key`` now."""
    state = state_for(institution=institution, actor=actor, report=report,
                      membership=membership)
    policies.enforce(key, state)
    return state


#: The actions on one report, in the order they are offered.
REPORT_ACTIONS = ("edit", "regenerate", "approve", "send_back", "publish", "correct",
                  "discard")


def verdicts(state: ReportState) -> list[Verdict]:
    return policies.verdicts(state, [(key, None) for key in REPORT_ACTIONS])


# -- the checks ---------------------------------------------------------------------------------
def _publisher(s: ReportState) -> Refusal | None:
    if not s.is_publisher:
        admin = s.institution.role_label(Role.INSTITUTION_ADMIN)
        return role_refusal(f"Only an {s.publisher_label} or the {admin} can do this.")
    return None


def _report(s: ReportState) -> InsightReport:
    if s.report is None:
        raise TypeError("This policy is about a report.")
    return s.report


def _at(s: ReportState, statuses, doing: str) -> Refusal | None:
    report = _report(s)
    if report.status in statuses:
        return None
    if report.is_public:
        return stage_refusal(f"Version {report.version} of this report is published, and a "
                             f"published report never changes: you cannot {doing}. Publish a "
                             "correction instead (a new version that says what changed).")
    return stage_refusal(f"This version is '{report.get_status_display()}': you cannot "
                         f"{doing} now.")


@policies("view")
def _view(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s)


@policies("generate")
def _generate(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s)


@policies("import")
def _import(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s)


@policies("edit")
def _edit(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s) or _at(s, (S.DRAFT,), "edit it")


@policies("regenerate")
def _regenerate(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s) or _at(s, (S.DRAFT,), "generate its figures again")


@policies("approve")
def _approve(s: ReportState, obj=None) -> Refusal | None:
    refusal = _publisher(s) or _at(s, (S.DRAFT,), "approve it")
    if refusal is None and s.prepared_it:
        return blocked("You prepared this version (generated, edited or started it): another "
                       f"{s.publisher_label} or the institution admin approves it.",
                       forbidden=True)
    return refusal


@policies("send_back")
def _send_back(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s) or _at(s, (S.APPROVED,), "send it back to draft")


@policies("publish")
def _publish(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s) or _at(s, (S.APPROVED,), "publish it")


@policies("correct")
def _correct(s: ReportState, obj=None) -> Refusal | None:
    refusal = _publisher(s)
    if refusal is not None:
        return refusal
    report = _report(s)
    if report.status != S.PUBLISHED:
        if report.status == S.SUPERSEDED:
            return stage_refusal("A later version of this report is published: correct that "
                                 "one.")
        return stage_refusal("Only a published report is corrected; change this version "
                             "while it is a draft.")
    if s.open_version is not None:
        return blocked(f"Version {s.open_version.version} of this report is being prepared "
                       f"({s.open_version.get_status_display().lower()}): publish or discard "
                       "it first.")
    return None


@policies("discard")
def _discard(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s) or _at(s, InsightReport.OPEN, "discard it")


@policies("withdraw_import")
def _withdraw_import(s: ReportState, obj=None) -> Refusal | None:
    return _publisher(s)
