"""Procedure settings as data: the time limits of DOMAIN.md, per cohort, and their defaults.

Defaults are the Disciplinary Procedure for Students (policy 002). Where the procedure has no
limit for a rule (e.g. the decision whether to investigate, which comes from the second
university's page, 004) there is no default row and nothing is registered for that rule until the
institution sets one.

Decisions written down here:
* §69 gives the appeal review 21 working days; the guidance note in Appendix B says 28 days. The
  numbered paragraph is the procedure, so 21 working days is the default.
* §35 gives the informal appeal review 21 working days, "normally within five (5) working days"
  for Summer School and Executive Education.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class Cohort(models.TextChoices):
    STANDARD = "standard", "Standard"
    SUMMER_SCHOOL = "summer_school", "Summer School"
    EXECUTIVE_EDUCATION = "executive_education", "Executive Education"


class Unit(models.TextChoices):
    WORKING_DAYS = "working_days", "working days"
    CALENDAR_DAYS = "calendar_days", "calendar days"
    MONTHS = "months", "months"


class Rule(models.TextChoices):
    """Every time limit the product tracks. The label says what the limit is for."""

    SUPPORT_FIRST_CONTACT = "support_first_contact", "First contact with a named reporter"
    DECISION_TO_INVESTIGATE = "decision_to_investigate", "Decision whether to proceed"
    INFORMAL_RESOLUTION = "informal_resolution", "Informal resolution (§25)"
    INFORMAL_APPEAL_WINDOW = "informal_appeal_window", "Appeal against informal outcome (§33)"
    INFORMAL_APPEAL_REVIEW = "informal_appeal_review", "Review of informal appeal (§35)"
    FORMAL_TARGET = "formal_target", "Informal and formal stages complete (§44)"
    INVESTIGATION_TARGET = "investigation_target", "Investigation complete"
    BOARD_CLERK_NOTICE = "board_clerk_notice", "Clerk's notice to the student (§58)"
    BOARD_MEMBER_OBJECTION = "board_member_objection", "Objection to a Board member (§58)"
    BOARD_WITNESS_LIST = "board_witness_list", "Witness names before the hearing (§58)"
    BOARD_WRITTEN_DECISION = "board_written_decision", "Board's written decision (§64)"
    APPEAL_WINDOW = "appeal_window", "Appeal against formal or Board decision (§66)"
    APPEAL_REVIEW = "appeal_review", "Appeal review (§69)"
    OIA_COMPLAINT = "oia_complaint", "Complaint to the OIA (§71)"


#: Limits within which a party (not staff) may act: they close, they are never "missed".
WINDOW_RULES = frozenset(
    {
        Rule.INFORMAL_APPEAL_WINDOW,
        Rule.APPEAL_WINDOW,
        Rule.BOARD_MEMBER_OBJECTION,
        Rule.OIA_COMPLAINT,
    }
)


@dataclass(frozen=True)
class Limit:
    amount: int
    unit: str = Unit.WORKING_DAYS
    reference: str = ""


S, SS, EE = Cohort.STANDARD, Cohort.SUMMER_SCHOOL, Cohort.EXECUTIVE_EDUCATION
WD, CD, MO = Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.MONTHS

#: The 002 procedure's limits. ``{rule: {cohort: Limit}}``; a cohort missing falls back to
#: the standard cohort. Other apps' limits are registered by them (:func:`register_rules`);
#: read every limit through :func:`default_time_limits`.
DEFAULT_TIME_LIMITS: dict[str, dict[str, Limit]] = {
    Rule.SUPPORT_FIRST_CONTACT: {S: Limit(2, WD, "004 Standing Together")},
    Rule.INFORMAL_RESOLUTION: {S: Limit(15, WD, "§25")},
    Rule.INFORMAL_APPEAL_WINDOW: {
        S: Limit(10, WD, "§33"),
        SS: Limit(5, WD, "§33"),
        EE: Limit(2, WD, "§33"),
    },
    Rule.INFORMAL_APPEAL_REVIEW: {
        S: Limit(21, WD, "§35"),
        SS: Limit(5, WD, "§35"),
        EE: Limit(5, WD, "§35"),
    },
    Rule.FORMAL_TARGET: {S: Limit(60, CD, "§44")},
    Rule.BOARD_CLERK_NOTICE: {S: Limit(10, WD, "§58")},
    Rule.BOARD_MEMBER_OBJECTION: {S: Limit(5, WD, "§58")},
    Rule.BOARD_WITNESS_LIST: {S: Limit(5, WD, "§58 (before the hearing)")},
    Rule.BOARD_WRITTEN_DECISION: {
        S: Limit(10, WD, "§64"),
        SS: Limit(5, WD, "§64"),
        EE: Limit(5, WD, "§64"),
    },
    Rule.APPEAL_WINDOW: {
        S: Limit(10, WD, "§66"),
        SS: Limit(3, WD, "§66"),
        EE: Limit(3, WD, "§66"),
    },
    Rule.APPEAL_REVIEW: {S: Limit(21, WD, "§69")},
    Rule.OIA_COMPLAINT: {S: Limit(12, MO, "§71")},
}


# -- the registry: every time limit any app tracks -------------------------------------------
@dataclass(frozen=True)
class RuleSpec:
    """One time limit: its key, what it is for, its defaults per cohort (a cohort missing
    falls back to the standard one; none: the institution sets it) and whether it is a window
    within which a party may act (it closes, it is never "missed"). ``escalate_to``: a role
    key; when a deadline of this rule is missed, the daily sweep tells every holder of that
    role in the institution (an overdue precautionary review goes to the decision maker).
    ``escalate_to_assignee``: the missed deadline's assignee is told too (the owner of a
    governance register's review, the lead of an action plan's item), once."""

    key: str
    label: str
    defaults: dict[str, Limit]
    window: bool = False
    escalate_to: str = ""
    escalate_to_assignee: bool = False


_RULES: dict[str, tuple[str, RuleSpec]] = {}


def register_rules(app_label: str, specs: list[RuleSpec]) -> None:
    """Called by the app that tracks the limits, from its ``AppConfig.ready()`` (the
    procedure's own rules, above, register themselves here)."""
    for spec in specs:
        owner = _RULES.get(spec.key, (app_label, spec))[0]
        if owner != app_label:
            raise ImproperlyConfigured(
                f"The time limit {spec.key!r} is registered by both {owner} and {app_label}.")
        _RULES[spec.key] = (app_label, spec)


def rule_spec(key: str) -> RuleSpec | None:
    entry = _RULES.get(key)
    return entry[1] if entry else None


def rule_label(key: str) -> str:
    spec = rule_spec(key)
    return spec.label if spec else key


def rule_choices() -> list[tuple[str, str]]:
    """Every registered rule, for the ``rule`` fields (a callable: apps register at ready)."""
    return [(key, spec.label) for key, (_app, spec) in _RULES.items()]


def rule_keys() -> list[str]:
    return list(_RULES)


def is_window(key: str) -> bool:
    spec = rule_spec(key)
    return bool(spec and spec.window)


def default_time_limits() -> dict[str, dict[str, Limit]]:
    """``{rule: {cohort: Limit}}`` for every registered rule that has defaults."""
    return {key: spec.defaults for key, (_app, spec) in _RULES.items() if spec.defaults}


register_rules("institutions", [
    RuleSpec(rule.value, rule.label, DEFAULT_TIME_LIMITS.get(rule, {}),
             window=rule in WINDOW_RULES)
    for rule in Rule])

#: Role labels used by the 002 procedure. Roles not listed keep the generic label.
DEFAULT_ROLE_LABELS = {
    "decision_maker": "School Secretary",
    "informal_resolution_officer": "Deputy Head of Student Services (Advice and Policy)",
    "board_member": "Board of Discipline member",
    "appeal_reviewer": "Management Committee member",
    "clerk": "Clerk to the Board of Discipline",
    "support_caseworker": "Anti-Harassment Support Advisor",
}

#: Names of bodies (not roles) that letters and pages use.
DEFAULT_BODY_LABELS = {
    "board": "Board of Discipline",
    "appeal_body": "Management Committee",
}
