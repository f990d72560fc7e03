"""Each institution's grounds of appeal (§34.1-34.4 / §67.1-67.4; Leicester's six), changed
only by its admin, each change audited (issue 8 §4)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.permissions import require_institution_admin
from audit.changes import row_change, row_create, row_delete

from ..models import Appeal, AppealGround

AUDIT_EVENTS = ("cases.appeal_ground_added", "cases.appeal_ground_changed",
                "cases.appeal_ground_removed")


def _ground(ground: AppealGround) -> dict:
    return {"code": ground.code}


@transaction.atomic
def appeal_ground_add(*, institution, actor, code: str, text: str, reference: str = "",
                      position: int = 0) -> AppealGround:
    require_institution_admin(actor=actor, institution=institution)
    return row_create(AppealGround, institution=institution, actor=actor,
                      action="cases.appeal_ground_added",
                      values={"code": code, "text": text.strip(),
                              "reference": reference.strip(), "position": position},
                      describe={"code": code})


@transaction.atomic
def appeal_ground_update(*, ground: AppealGround, actor, **values) -> AppealGround:
    """Change a ground (``values`` among code, text, reference, position). Appeals already
    lodged keep the ground they cited."""
    require_institution_admin(actor=actor, institution=ground.institution)
    return row_change(ground, actor=actor, action="cases.appeal_ground_changed",
                      values=values, describe=_ground)


@transaction.atomic
def appeal_ground_remove(*, ground: AppealGround, actor) -> None:
    """Remove a ground no appeal has cited (a cited one stays: the appeal relied on it)."""
    require_institution_admin(actor=actor, institution=ground.institution)
    if Appeal.objects.for_institution(ground.institution_id).filter(grounds=ground).exists():
        raise ValidationError({"code": [
            "Appeals have cited this ground, so it stays; change its wording instead."]})
    row_delete(ground, actor=actor, action="cases.appeal_ground_removed",
               fields=["text", "reference"], describe=_ground)
