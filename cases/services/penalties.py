"""Authority limits: which body may impose which penalty, and fine bounds (§49, §62,
Appendix C; Leicester's sanctions table). The catalogue itself (penalties and who may impose
them) is the institution admin's to change, each change audited (issue 8 §4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.permissions import require_institution_admin
from audit.changes import row_change, row_create, row_delete

from ..models import Authority, Case, CaseSettings, PenaltyAuthority, PenaltyType
from .common import TransitionError

AUDIT_EVENTS = ("cases.penalty_type_added", "cases.penalty_type_changed",
                "cases.penalty_type_removed", "cases.penalty_authority_set",
                "cases.penalty_authority_removed")

#: What the institution admin edits of a penalty.
PENALTY_FIELDS = ("code", "name", "reference", "is_fine", "takes_amount", "fine_minimum",
                  "fine_maximum", "recorded_on_file", "ends_alumni_privileges",
                  "needs_criminal_conviction", "position")


@dataclass(frozen=True)
class PenaltyChoice:
    penalty_type: PenaltyType
    amount: Decimal | None
    details: str


def authority_label(case: Case, authority: str) -> str:
    inst = case.institution
    return {
        Authority.INFORMAL_OFFICER: inst.role_label("informal_resolution_officer"),
        Authority.DECISION_MAKER: inst.role_label("decision_maker"),
        Authority.BOARD: CaseSettings.of(inst).board_label,
        Authority.SENATE: "Senate",
        Authority.HEAD_OF_SCHOOL: "Head of School or nominee",
    }[Authority(authority)]


def penalties_check(*, case: Case, authority: str, penalties: list[dict],
                    criminal_conviction: bool = False) -> list[PenaltyChoice]:
    """Validate ``penalties`` ([{"code", "amount", "details"}]) against what ``authority`` may
    impose in this institution. Raises TransitionError naming the first problem."""
    if not penalties:
        return []
    codes = [p.get("code") for p in penalties]
    catalogue = {
        p.code: p for p in PenaltyType.objects.for_institution(case.institution_id)
        .filter(code__in=codes)
    }
    powers = {
        (a.penalty_type_id): a for a in PenaltyAuthority.objects.for_institution(
            case.institution_id).filter(penalty_type__in=catalogue.values(), authority=authority)
    }
    chosen = []
    who = authority_label(case, authority)
    for item in penalties:
        penalty = catalogue.get(item.get("code"))
        if penalty is None:
            raise TransitionError(f"'{item.get('code')}' is not a penalty in "
                                  f"{case.institution.name}'s catalogue.")
        power = powers.get(penalty.pk)
        if power is None:
            holders = [authority_label(case, a.authority) for a in PenaltyAuthority.objects
                       .for_institution(case.institution_id).filter(penalty_type=penalty)]
            only = " or ".join(holders) if holders else "nobody in this procedure"
            raise TransitionError(
                f"{penalty.name} is beyond the power of the {who}: only {only} may impose it.")
        if (power.only_on_criminal_conviction or penalty.needs_criminal_conviction) \
                and not criminal_conviction:
            raise TransitionError(
                f"The {who} may impose {penalty.name.lower()} only where the student has a "
                f"criminal conviction; record the conviction or refer the case on.")
        amount = _amount(item.get("amount"))
        if penalty.is_fine:
            if amount is None or amount == 0:
                raise TransitionError(f"Give the amount of the {penalty.name.lower()}.")
            if penalty.fine_minimum is not None and amount < penalty.fine_minimum:
                raise TransitionError(
                    f"A fine must be at least £{penalty.fine_minimum:,.2f}.")
            ceiling = power.maximum_fine if power.maximum_fine is not None \
                else penalty.fine_maximum
            if ceiling is not None and amount > ceiling:
                raise TransitionError(
                    f"A fine of £{amount:,.2f} is beyond the power of the {who} "
                    f"(up to £{ceiling:,.2f}).")
        elif penalty.takes_amount:
            if amount is None or amount == 0:
                raise TransitionError(f"Give the amount for: {penalty.name.lower()}.")
        elif amount is not None:
            raise TransitionError(f"{penalty.name} does not take an amount.")
        chosen.append(PenaltyChoice(penalty, amount, (item.get("details") or "").strip()))
    return chosen


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise TransitionError(f"'{value}' is not an amount of money.") from None
    if amount < 0:
        raise TransitionError("An amount cannot be negative.")
    return amount.quantize(Decimal("0.01"))


# -- the catalogue -----------------------------------------------------------------------------
def penalty_type_check(*, is_fine: bool, fine_minimum, fine_maximum) -> None:
    errors = {}
    if not is_fine and (fine_minimum is not None or fine_maximum is not None):
        errors["fine_minimum"] = ["Only a fine has a minimum and a maximum."]
    elif fine_minimum is not None and fine_maximum is not None and fine_maximum < fine_minimum:
        errors["fine_maximum"] = ["The maximum fine cannot be less than the minimum."]
    if errors:
        raise ValidationError(errors)


def _penalty(penalty: PenaltyType) -> dict:
    return {"code": penalty.code}


@transaction.atomic
def penalty_type_add(*, institution, actor, **values) -> PenaltyType:
    """Add a penalty to the institution's catalogue (``values`` among ``PENALTY_FIELDS``)."""
    require_institution_admin(actor=actor, institution=institution)
    penalty_type_check(is_fine=values.get("is_fine", False),
                       fine_minimum=values.get("fine_minimum"),
                       fine_maximum=values.get("fine_maximum"))
    return row_create(PenaltyType, institution=institution, actor=actor,
                      action="cases.penalty_type_added", values=values,
                      describe={"code": values.get("code")})


@transaction.atomic
def penalty_type_update(*, penalty_type: PenaltyType, actor, **values) -> PenaltyType:
    require_institution_admin(actor=actor, institution=penalty_type.institution)
    merged = {name: values.get(name, getattr(penalty_type, name)) for name in PENALTY_FIELDS}
    penalty_type_check(is_fine=merged["is_fine"], fine_minimum=merged["fine_minimum"],
                       fine_maximum=merged["fine_maximum"])
    return row_change(penalty_type, actor=actor, action="cases.penalty_type_changed",
                      values=values, describe=_penalty)


@transaction.atomic
def penalty_type_remove(*, penalty_type: PenaltyType, actor) -> None:
    """Remove a penalty never imposed (one that was is kept: the database refuses)."""
    require_institution_admin(actor=actor, institution=penalty_type.institution)
    row_delete(penalty_type, actor=actor, action="cases.penalty_type_removed",
               fields=["name"], describe=_penalty)


def penalty_authority_check(*, penalty_type: PenaltyType, maximum_fine) -> None:
    """A body's ceiling applies to fines only, within the penalty's own bounds."""
    if maximum_fine is None:
        return
    if not penalty_type.is_fine:
        raise ValidationError({"maximum_fine": [f"{penalty_type.name} is not a fine."]})
    if penalty_type.fine_minimum is not None and maximum_fine < penalty_type.fine_minimum:
        raise ValidationError({"maximum_fine": [
            f"A fine is at least £{penalty_type.fine_minimum:,.2f}."]})
    if penalty_type.fine_maximum is not None and maximum_fine > penalty_type.fine_maximum:
        raise ValidationError({"maximum_fine": [
            f"No fine may exceed £{penalty_type.fine_maximum:,.2f}."]})


def _authority(power: PenaltyAuthority) -> dict:
    return {"penalty": power.penalty_type.code, "authority": power.authority}


@transaction.atomic
def penalty_authority_set(*, penalty_type: PenaltyType, authority: str, actor,
                          maximum_fine: Decimal | None = None,
                          only_on_criminal_conviction: bool = False) -> PenaltyAuthority:
    """Let ``authority`` impose ``penalty_type``, up to ``maximum_fine`` for a fine."""
    require_institution_admin(actor=actor, institution=penalty_type.institution)
    penalty_authority_check(penalty_type=penalty_type, maximum_fine=maximum_fine)
    values = {"maximum_fine": maximum_fine,
              "only_on_criminal_conviction": only_on_criminal_conviction}
    existing = PenaltyAuthority.objects.for_institution(penalty_type.institution_id).filter(
        penalty_type=penalty_type, authority=authority).first()
    if existing is not None:
        return row_change(existing, actor=actor, action="cases.penalty_authority_set",
                          values=values, describe=_authority)
    return row_create(PenaltyAuthority, institution=penalty_type.institution, actor=actor,
                      action="cases.penalty_authority_set",
                      values={"penalty_type": penalty_type, "authority": authority, **values},
                      describe={"penalty": penalty_type.code, "authority": authority,
                                "old": None})


@transaction.atomic
def penalty_authority_remove(*, penalty_authority: PenaltyAuthority, actor) -> None:
    """``authority`` may no longer impose the penalty."""
    require_institution_admin(actor=actor, institution=penalty_authority.institution)
    row_delete(penalty_authority, actor=actor, action="cases.penalty_authority_removed",
               fields=["maximum_fine", "only_on_criminal_conviction"], describe=_authority)
