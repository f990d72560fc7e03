"""Modules and campaigns (issue 11 §7): created and changed by the institution's training
administrators, each change audited with its old and new values.

Changing a module's validity recomputes nothing already recorded: a completion keeps the
expiry it was given when it was recorded (``Completion.expires_on``), and only completions
recorded afterwards follow the new validity. A person told that their training holds until a
date is not silently made to lapse earlier (or later), and "was this person trained on the day
they acted" keeps the answer it had on that day. To give existing records a new expiry, record
the training again (a new completion) or correct each record.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import role_keys
from audit.changes import row_change, row_create

from ..models import Campaign, Module
from ..policies import enforce

AUDIT_EVENTS = ("training.module_created", "training.module_changed",
                "training.campaign_created", "training.campaign_changed")

#: What a module's form and the API may set (``key`` only when the module is created).
MODULE_FIELDS = ("title", "description", "audience", "audience_role", "mandatory", "delivery",
                 "duration_hours", "validity_years", "purpose", "topic", "allows_opt_out",
                 "is_active")
STUDENT_AUDIENCES = (Module.Audience.ALL_STUDENTS, Module.Audience.FIRST_YEAR_STUDENTS)


def module_check(*, audience: str, audience_role: str = "", allows_opt_out: bool = False,
                 validity_years: int | None = None, duration_hours=None) -> None:
    """A module's own rules, as field errors."""
    errors: dict[str, list[str]] = {}
    if audience == Module.Audience.ROLE:
        if not audience_role:
            errors["audience_role"] = ["Choose the role whose holders must take this module."]
        elif audience_role not in role_keys():
            errors["audience_role"] = ["Choose one of the roles."]
    elif audience_role:
        errors["audience_role"] = ["A role is chosen only for a module whose audience is "
                                   "'Staff holding a role'."]
    if allows_opt_out and audience not in STUDENT_AUDIENCES:
        errors["allows_opt_out"] = ["Only a students' module may be met by an opt-out "
                                    "(a survivor's opt-out, 004)."]
    if validity_years is not None and not 1 <= validity_years <= 20:
        errors["validity_years"] = ["Give a validity of 1 to 20 years, or leave it blank for "
                                    "training that never expires."]
    if duration_hours is not None and Decimal(str(duration_hours)) <= 0:
        errors["duration_hours"] = ["The duration is more than 0 hours (or leave it blank)."]
    if errors:
        raise ValidationError(errors)


def _module_values(values: dict) -> dict:
    clean = {name: values[name] for name in MODULE_FIELDS if name in values}
    for name in ("title", "description", "topic", "audience_role"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    return clean


@transaction.atomic
def module_create(*, institution, actor, key: str, **values) -> Module:
    """Add a module to the institution's catalogue. ``key`` is its stable identifier (imports
    may name modules by it); it cannot be changed afterwards."""
    enforce("module_manage", institution=institution, actor=actor)
    clean = _module_values(values)
    module_check(audience=clean.get("audience", ""), audience_role=clean.get("audience_role", ""),
                 allows_opt_out=clean.get("allows_opt_out", False),
                 validity_years=clean.get("validity_years"),
                 duration_hours=clean.get("duration_hours"))
    key = (key or "").strip().lower()
    if Module.objects.for_institution(institution).filter(key=key).exists():
        raise ValidationError({"key": [f"There is already a module with the key '{key}'."]})
    return row_create(Module, institution=institution, actor=actor,
                      action="training.module_created", values={"key": key, **clean})


@transaction.atomic
def module_update(*, module: Module, actor, **values) -> Module:
    """Change a module. A new validity applies to completions recorded from now on only (see
    the module's docstring)."""
    enforce("module_manage", institution=module.institution, actor=actor)
    clean = _module_values(values)
    merged = {name: clean.get(name, getattr(module, name)) for name in MODULE_FIELDS}
    module_check(audience=merged["audience"], audience_role=merged["audience_role"],
                 allows_opt_out=merged["allows_opt_out"],
                 validity_years=merged["validity_years"],
                 duration_hours=merged["duration_hours"])
    return row_change(module, actor=actor, action="training.module_changed", values=clean,
                      describe=lambda m: {"key": m.key})


# -- campaigns ---------------------------------------------------------------------------------
def campaign_check(*, opens_on: dt.date | None, deadline: dt.date | None,
                   module: Module | None = None, institution=None) -> None:
    errors: dict[str, list[str]] = {}
    if opens_on and deadline and deadline < opens_on:
        errors["deadline"] = [
            f"The deadline ({deadline:%d %B %Y}) cannot be before the opening date "
            f"({opens_on:%d %B %Y})."]
    if module is not None:
        if institution is not None and module.institution_id != getattr(
                institution, "pk", institution):
            errors["module"] = ["Choose a module of this institution."]
        elif not module.is_active:
            errors["module"] = [f"{module.title} is no longer active: make it active first."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(*, institution, actor, module: Module, name: str, opens_on: dt.date,
                    deadline: dt.date, cohort: str = "") -> Campaign:
    """A run of a module for a cohort, open from ``opens_on`` with its ``deadline`` (on or
    after the opening date)."""
    enforce("campaign_manage", institution=institution, actor=actor)
    campaign_check(opens_on=opens_on, deadline=deadline, module=module, institution=institution)
    return row_create(Campaign, institution=institution, actor=actor,
                      action="training.campaign_created",
                      values={"module": module, "name": name.strip(), "opens_on": opens_on,
                              "deadline": deadline, "cohort": cohort.strip()})


@transaction.atomic
def campaign_update(*, campaign: Campaign, actor, **values) -> Campaign:
    """``values``: any of module, name, opens_on, deadline, cohort."""
    enforce("campaign_manage", institution=campaign.institution, actor=actor)
    clean = {k: v for k, v in values.items()
             if k in ("module", "name", "opens_on", "deadline", "cohort")}
    for name in ("name", "cohort"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    module = clean.get("module")
    campaign_check(opens_on=clean.get("opens_on", campaign.opens_on),
                   deadline=clean.get("deadline", campaign.deadline),
                   module=module if module is not None and module.pk != campaign.module_id
                   else None, institution=campaign.institution_id)
    return row_change(campaign, actor=actor, action="training.campaign_changed", values=clean,
                      describe=lambda c: {"name": c.name})
