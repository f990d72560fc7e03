"""Who may do what on a precautionary matter, and when: one policy per action, as for cases
(core/policies.py). Services call :func:`enforce` after locking the matter; "What you can do
now" and the API's ``available_actions`` come from :func:`matter_verdicts`.

Standing: the convener (the institution's decision maker, who sees every matter) opens matters
and convenes the group; the chair decides (§22); the chair and members assess and record; the
appeal reviewer nominated for the matter decides the appeal. Acting in a place on the matter
needs current training and no conflict of interest (precautionary/conflicts.py), re-checked at
every action, as for disciplinary roles. The convener acting as such decides nothing on the
measures, so needs training only.
"""

from __future__ import annotations

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.selectors import membership_get
from core.policies import (
    PolicySet,
    Refusal,
    Verdict,
    blocked,
    first_refusal,
    role_refusal,
    stage_refusal,
)
from training.selectors import missing_qualifications

from .conflicts import matter_conflicts
from .errors import PrecautionaryError
from .models import (
    Appeal,
    Decision,
    Matter,
    MatterMember,
    MatterRole,
    Measure,
    PrecautionarySettings,
    Review,
)
from .selectors import CONVENER

__all__ = ["MatterState", "enforce", "matter_policies", "matter_verdicts", "state_for"]

matter_policies = PolicySet(not_now=PrecautionaryError)

OPEN_STAGES = (Matter.Stage.REFERRED, Matter.Stage.ASSESSED, Matter.Stage.PROPOSED,
               Matter.Stage.IN_FORCE, Matter.Stage.NO_MEASURES)


class MatterState:
    """The matter, the person acting and what the rules need, each read once. ``user`` None
    is the system (automatic referral, the daily expiry)."""

    def __init__(self, matter: Matter, membership, user, *, today=None):
        self.matter = matter
        self.membership = membership
        self.user = user
        self.institution = matter.institution
        self.today = today or timezone.localdate()

    @property
    def system(self) -> bool:
        return self.user is None

    @cached_property
    def settings(self) -> PrecautionarySettings:
        return PrecautionarySettings.of(self.institution)

    @cached_property
    def members(self) -> list[MatterMember]:
        return list(MatterMember.objects.for_institution(self.matter.institution_id)
                    .filter(matter=self.matter).select_related("user"))

    @cached_property
    def my_roles(self) -> set[str]:
        return {m.role for m in self.members
                if self.user is not None and m.user_id == self.user.pk and m.ended_at is None}

    @cached_property
    def decisions(self) -> list[Decision]:
        return list(Decision.objects.for_institution(self.matter.institution_id)
                    .filter(matter=self.matter))

    @property
    def pending_decision(self) -> Decision | None:
        return next((d for d in self.decisions if d.status in (
            Decision.Status.PROPOSED, Decision.Status.REPRESENTATIONS)), None)

    @property
    def last_decided(self) -> Decision | None:
        decided = [d for d in self.decisions if d.status == Decision.Status.DECIDED]
        return decided[-1] if decided else None

    @cached_property
    def active_measures(self) -> list[Measure]:
        return list(Measure.objects.for_institution(self.matter.institution_id)
                    .filter(matter=self.matter, status=Measure.Status.ACTIVE))

    @cached_property
    def appeals(self) -> list[Appeal]:
        return list(Appeal.objects.for_institution(self.matter.institution_id)
                    .filter(matter=self.matter))

    @cached_property
    def has_assessment(self) -> bool:
        return self.matter.assessments.exists()

    @cached_property
    def requested_review(self) -> Review | None:
        return (Review.objects.for_institution(self.matter.institution_id)
                .filter(matter=self.matter, held_on__isnull=True).first())

    @cached_property
    def missing_training(self) -> list[str]:
        return missing_qualifications(self.membership, on=self.today)

    def conflicts(self, role: str) -> list[str]:
        cache = self.__dict__.setdefault("_conflicts", {})
        if role not in cache:
            cache[role] = matter_conflicts(user=self.user, matter=self.matter, role=role,
                                           members=self.members)
        return cache[role]

    def has(self, *roles: str) -> bool:
        return self.system or self.membership.has_role(*roles)

    def holds(self, *roles: str) -> bool:
        return bool(self.my_roles.intersection(roles))


def state_for(*, matter: Matter, actor, today=None) -> MatterState:
    if actor is None:
        return MatterState(matter, None, None, today=today)
    membership = membership_get(user=actor, institution=matter.institution)
    if membership is None:
        raise PermissionDenied("You are not a member of this institution.")
    return MatterState(matter, membership, actor, today=today)


def enforce(key: str, *, matter: Matter, actor, obj=None, today=None) -> MatterState:
    """Refuse (PermissionDenied or PrecautionaryError) unless ``actor`` may do ``key`` now."""
    state = state_for(matter=matter, actor=actor, today=today)
    matter_policies.enforce(key, state, obj)
    return state


# -- the checks the policies are made of ------------------------------------------------------
def role_label(s: MatterState, role: str) -> str:
    if role == MatterRole.APPEAL_REVIEWER:
        return f"appeal reviewer ({s.settings.appeal_body_label})"
    place = "chair" if role == MatterRole.CHAIR else "member"
    return f"{place} of the {s.settings.group_label}"


def _standing(s: MatterState, roles: tuple[str, ...], convener: bool) -> Refusal | None:
    if s.system or s.holds(*roles) or (convener and s.has(CONVENER)):
        return None
    who = [role_label(s, r) for r in roles]
    if convener:
        who.append(s.institution.role_label(CONVENER))
    return role_refusal(f"Only the {' or '.join(who)} can do this on {s.matter.reference}.")


def _fit(s: MatterState, roles: tuple[str, ...]) -> Refusal | None:
    """Current training (000 §1b) and, acting in a place on the matter, no conflict."""
    if s.system:
        return None
    if s.missing_training:
        return blocked("You cannot act on precautionary measures without current "
                       + " and ".join(s.missing_training) + ".", forbidden=True)
    acting = next((r for r in roles if r in s.my_roles), None)
    if acting is not None:
        reasons = s.conflicts(acting)
        if reasons:
            return blocked(f"You cannot act on {s.matter.reference} as "
                           f"{role_label(s, acting)}: you " + "; you ".join(reasons) + ".",
                           forbidden=True)
    return None


def _policy(s: MatterState, *, roles: tuple[str, ...] = (), convener: bool = False,
            when=(), unless=()) -> Refusal | None:
    return first_refusal(lambda: _standing(s, roles, convener), *when,
                         lambda: _fit(s, roles), *unless)


def _open(s: MatterState, doing: str) -> Refusal | None:
    if s.matter.stage not in OPEN_STAGES:
        return stage_refusal(f"{s.matter.reference} is closed; you cannot {doing}.")
    return None


def _unless(condition: bool, refusal: Refusal) -> Refusal | None:
    return None if condition else refusal


def _day(value) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


GROUP = (MatterRole.CHAIR, MatterRole.MEMBER)
CHAIR = (MatterRole.CHAIR,)


# -- the policies ---------------------------------------------------------------------------
@matter_policies("convene")
def may_convene(s: MatterState, obj=None) -> Refusal | None:
    """Appointing the chair and members, or ending an appointment (§21: need-to-know)."""
    return _policy(s, convener=True, when=[lambda: _open(s, "convene the group")])


@matter_policies("protected_add")
def may_add_protected_person(s: MatterState, obj=None) -> Refusal | None:
    return _policy(s, roles=GROUP, convener=True,
                   when=[lambda: _open(s, "add a protected person")])


@matter_policies("assess")
def may_assess(s: MatterState, obj=None) -> Refusal | None:
    """The group's risk assessment (§21)."""
    return _policy(s, roles=GROUP, when=[
        lambda: _open(s, "record a risk assessment"),
        lambda: _unless(s.pending_decision is None, stage_refusal(
            "A decision is pending: decide or withdraw it before assessing again."))])


@matter_policies("propose")
def may_propose(s: MatterState, obj=None) -> Refusal | None:
    return _policy(s, roles=CHAIR, when=[
        lambda: _open(s, "propose measures"),
        lambda: _unless(s.pending_decision is None, stage_refusal(
            "A decision on measures is already pending."))],
        unless=[lambda: _unless(s.has_assessment, blocked(
            "Record the group's risk assessment (§21) before proposing measures."))])


@matter_policies("invite_representations")
def may_invite_representations(s: MatterState, decision=None) -> Refusal | None:
    decision = decision or s.pending_decision
    return _policy(s, roles=CHAIR, when=[lambda: _unless(
        decision is not None and decision.status == Decision.Status.PROPOSED
        and not decision.skipped_because,
        stage_refusal("There is no proposed decision waiting for representations."))])


@matter_policies("skip_representations")
def may_skip_representations(s: MatterState, decision=None) -> Refusal | None:
    decision = decision or s.pending_decision
    return _policy(s, roles=CHAIR, when=[lambda: _unless(
        decision is not None and decision.status == Decision.Status.PROPOSED
        and not decision.skipped_because,
        stage_refusal("There is no proposed decision to decide without representations."))])


@matter_policies("record_representations")
def may_record_representations(s: MatterState, decision=None) -> Refusal | None:
    decision = decision or s.pending_decision
    return _policy(s, roles=GROUP, when=[lambda: _unless(
        decision is not None and decision.status == Decision.Status.REPRESENTATIONS,
        stage_refusal("The student has not been invited to make representations."))])


@matter_policies("decide")
def may_decide(s: MatterState, decision=None) -> Refusal | None:
    """The chair decides (§22) once the student has made representations, or the time for
    them has passed, or the record says why they were not invited (urgent, sensitive, high
    risk)."""
    decision = decision or s.pending_decision

    def heard() -> Refusal | None:
        assert decision is not None  # noqa: S101 - checked by ``when``
        if decision.status == Decision.Status.PROPOSED and not decision.skipped_because:
            return blocked("Invite the student's representations first, or record why they "
                           "cannot be invited (urgent, sensitive or high risk, §22).")
        if decision.status == Decision.Status.REPRESENTATIONS \
                and decision.representations_received_on is None \
                and decision.representations_due and s.today <= decision.representations_due:
            return blocked("The student may make representations until "
                           f"{_day(decision.representations_due)}.")
        return None
    return _policy(s, roles=CHAIR, when=[lambda: _unless(
        decision is not None, stage_refusal("There is no proposed decision to take."))],
        unless=[heard])


@matter_policies("withdraw_proposal")
def may_withdraw_proposal(s: MatterState, decision=None) -> Refusal | None:
    return _policy(s, roles=CHAIR, when=[lambda: _unless(
        (decision or s.pending_decision) is not None,
        stage_refusal("There is no proposed decision to withdraw."))])


@matter_policies("appeal_lodge")
def may_record_appeal(s: MatterState, obj=None) -> Refusal | None:
    """Recording the student's written appeal (the student has no account): the chair, or
    the convener who nominates the reviewer."""
    last = s.last_decided
    return _policy(s, roles=CHAIR, convener=True, when=[
        lambda: _unless(last is not None and bool(s.active_measures), stage_refusal(
            "There is no decision with measures in force to appeal.")),
        lambda: _unless(not any(a.status == Appeal.Status.UNDER_REVIEW for a in s.appeals),
                        stage_refusal("An appeal is already under review."))])


@matter_policies("appeal_decide")
def may_decide_appeal(s: MatterState, appeal=None) -> Refusal | None:
    return _policy(s, roles=(MatterRole.APPEAL_REVIEWER,), when=[lambda: _unless(
        appeal is None or appeal.status == Appeal.Status.UNDER_REVIEW,
        stage_refusal("This appeal is not under review."))])


@matter_policies("review_request")
def may_record_review_request(s: MatterState, obj=None) -> Refusal | None:
    """The student may ask for a review at any stage after a material change (§22)."""
    return _policy(s, roles=GROUP, convener=True, when=[
        lambda: _unless(bool(s.active_measures), stage_refusal("No measures are in force.")),
        lambda: _unless(s.requested_review is None, stage_refusal(
            "A review has already been asked for and not yet held."))])


@matter_policies("review")
def may_review(s: MatterState, obj=None) -> Refusal | None:
    """A review of the measures in force (§22), with a new risk level."""
    return _policy(s, roles=CHAIR, when=[
        lambda: _unless(bool(s.active_measures), stage_refusal("No measures are in force.")),
        lambda: _unless(s.pending_decision is None, stage_refusal(
            "A decision on measures is pending: take it before reviewing."))])


@matter_policies("share")
def may_share(s: MatterState, obj=None) -> Refusal | None:
    """Recording who was told of the measures (§22 need-to-know, §38)."""
    return _policy(s, roles=GROUP, when=[lambda: _unless(
        bool(s.active_measures), stage_refusal("No measures are in force to share."))])


@matter_policies("breach")
def may_record_breach(s: MatterState, obj=None) -> Refusal | None:
    """A breach or a report of victimisation (§23), while the matter is open."""
    return _policy(s, roles=GROUP, convener=True,
                   when=[lambda: _open(s, "record a breach or victimisation")])


@matter_policies("lift")
def may_lift(s: MatterState, measure=None) -> Refusal | None:
    return _policy(s, roles=CHAIR, when=[lambda: _unless(
        (measure.status == Measure.Status.ACTIVE) if measure is not None
        else bool(s.active_measures), stage_refusal("That measure is not in force."))])


@matter_policies("case_ended")
def may_end_with_case(s: MatterState, obj=None) -> Refusal | None:
    """When the case ends the measures end, or the final penalty replaces them (§19), or the
    group records why they continue."""
    case = s.matter.case
    return _policy(s, roles=CHAIR, when=[
        lambda: _unless(bool(s.active_measures), stage_refusal("No measures are in force.")),
        lambda: _unless(case is not None, stage_refusal(
            f"{s.matter.reference} is not linked to a case."))])


@matter_policies("close")
def may_close(s: MatterState, obj=None) -> Refusal | None:
    return _policy(s, roles=CHAIR, convener=True, when=[
        lambda: _open(s, "close it"),
        lambda: _unless(not s.active_measures and s.pending_decision is None, stage_refusal(
            "Lift or end the measures in force, and take or withdraw any pending decision, "
            "before closing the matter."))])


def matter_candidates(s: MatterState) -> list[tuple[str, object]]:
    pairs: list[tuple[str, object]] = [(key, None) for key in (
        "convene", "protected_add", "assess", "propose", "invite_representations",
        "skip_representations", "record_representations", "decide", "withdraw_proposal",
        "appeal_lodge", "review_request", "review", "share", "breach", "case_ended",
        "close")]
    pairs += [("lift", m) for m in s.active_measures]
    pairs += [("appeal_decide", a) for a in s.appeals]
    return pairs


def matter_verdicts(s: MatterState) -> list[Verdict]:
    """What this person can do now on the matter (and what is theirs but blocked, and why)."""
    return matter_policies.verdicts(s, matter_candidates(s))
