"""Authority limits: which body may impose which penalty, and fine bounds (§49, §62,
Appendix C; Leicester's sanctions table)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..models import Authority, Case, PenaltyAuthority, PenaltyType
from .common import TransitionError


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
        Authority.BOARD: inst.board_label,
        Authority.SENATE: "Senate",
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
