"""Training compliance (issue 11 §10): of the people a module is for, how many have met it,
completed or by exemption, and who is still outstanding; by module, by campaign, by department
and by cohort.

Who a module is for comes from the roster (``Learner``) and the module's audience:

* all students; first-year students (``year_of_study == 1``, or, for a campaign that names a
  cohort, that cohort); a campaign's cohort narrows any student audience;
* all staff; staff in a disciplinary role (members holding a role in
  ``accounts.roles.DISCIPLINARY_ROLES``); staff holding the module's ``audience_role``.

A completion counts when it is in force (``training.selectors.in_force``) on the chosen date,
or, for a campaign, on its deadline (done by the deadline and not lapsed by then). A learner
with an ordinary completion counts as *completed*; one whose only counting record is an opt-out
(004) as *exempt*, shown to staff as "met by exemption" and nothing more.

Built for the largest roster (tens of thousands of learners): every number is a conditional
aggregate or a GROUP BY in the database, a constant number of queries whatever the roster's
size or the number of modules and campaigns on a page; nothing loops over learners in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from accounts.models import Membership, MembershipRole
from accounts.roles import DISCIPLINARY_ROLES, Role

from .models import Campaign, Completion, Learner, Module
from .selectors import in_force

Audience = Module.Audience
EXEMPTION = Completion.Source.EXEMPTION
#: Who sees compliance: the numbers, who is outstanding, and the exports.
ADMIN_ROLES = (Role.TRAINING_ADMIN, Role.INSTITUTION_ADMIN)
STUDENT_AUDIENCES = (Audience.ALL_STUDENTS, Audience.FIRST_YEAR_STUDENTS)
#: How staff see a learner who opted out (004): the reason is never stored, never shown.
MET_BY_EXEMPTION = "Met by exemption"
#: The breakdowns a scope can be grouped by (a learner's field each).
BREAKDOWNS = {"department": "department", "cohort": "cohort"}


@dataclass(frozen=True)
class Progress:
    total: int = 0
    completed: int = 0
    exempt: int = 0

    @property
    def met(self) -> int:
        return self.completed + self.exempt

    @property
    def outstanding(self) -> int:
        return max(self.total - self.met, 0)

    def _share(self, part: int) -> float:
        return round(100 * part / self.total, 1) if self.total else 0.0

    @property
    def completed_percent(self) -> float:
        return self._share(self.completed)

    @property
    def exempt_percent(self) -> float:
        return self._share(self.exempt)

    @property
    def met_percent(self) -> float:
        return self._share(self.met)

    @property
    def outstanding_percent(self) -> float:
        return round(100 - self.completed_percent - self.exempt_percent, 1) if self.total \
            else 0.0

    def as_dict(self) -> dict:
        return {"total": self.total, "completed": self.completed, "exempt": self.exempt,
                "outstanding": self.outstanding, "met_percent": self.met_percent}


@dataclass(frozen=True)
class Scope:
    """What is measured: a module on a date, or a campaign by its deadline."""

    module: Module
    on: dt.date
    campaign: Campaign | None = None

    @classmethod
    def of_module(cls, module: Module, on: dt.date) -> Scope:
        return cls(module=module, on=on)

    @classmethod
    def of_campaign(cls, campaign: Campaign) -> Scope:
        return cls(module=campaign.module, on=campaign.deadline, campaign=campaign)

    @property
    def institution_id(self) -> int:
        return self.module.institution_id

    @property
    def cohort(self) -> str:
        if self.campaign is None or self.module.audience not in STUDENT_AUDIENCES:
            return ""
        return self.campaign.cohort

    @property
    def label(self) -> str:
        return str(self.campaign or self.module)


@dataclass(frozen=True)
class Filters:
    department: str | None = None
    cohort: str | None = None

    def apply(self, learners: QuerySet[Learner]) -> QuerySet[Learner]:
        if self.department is not None:
            learners = learners.filter(department=self.department)
        if self.cohort is not None:
            learners = learners.filter(cohort=self.cohort)
        return learners

    @property
    def any(self) -> bool:
        return self.department is not None or self.cohort is not None


# -- who a module is for ------------------------------------------------------------------------
def audience_q(institution_id: int, audience: str, role: str = "", cohort: str = "",
               prefix: str = "") -> Q:
    """The learners (active, on the roster) a module with this audience is for, as a condition
    on ``Learner`` (or on a row that reaches it through ``prefix``, e.g. ``"learner__"``)."""
    def q(**kwargs) -> Q:
        return Q(**{prefix + key: value for key, value in kwargs.items()})

    def holding(roles: Iterable[str]) -> Exists:
        return Exists(MembershipRole.objects.for_institution(institution_id).filter(
            membership_id=OuterRef(prefix + "membership_id"), membership__is_active=True,
            role__in=list(roles)))

    if audience == Audience.ALL_STUDENTS:
        condition = q(kind=Learner.Kind.STUDENT)
    elif audience == Audience.FIRST_YEAR_STUDENTS:
        condition = q(kind=Learner.Kind.STUDENT) & (q(cohort=cohort) if cohort
                                                    else q(year_of_study=1))
    elif audience == Audience.ALL_STAFF:
        condition = q(kind=Learner.Kind.STAFF)
    elif audience == Audience.DISCIPLINARY_ROLES:
        condition = Q(holding(DISCIPLINARY_ROLES))
    elif audience == Audience.ROLE:
        condition = Q(holding([role])) if role else Q(pk__in=[])
    else:
        condition = Q(pk__in=[])
    if cohort and audience == Audience.ALL_STUDENTS:
        condition &= q(cohort=cohort)
    return q(is_active=True) & condition


def _audience_key(scope: Scope) -> tuple[str, str, str]:
    return (scope.module.audience, scope.module.audience_role, scope.cohort)


def learners_in_audience(scope: Scope) -> QuerySet[Learner]:
    audience, role, cohort = _audience_key(scope)
    return (Learner.objects.for_institution(scope.institution_id)
            .filter(audience_q(scope.institution_id, audience, role, cohort)))


def _counting(scope: Scope) -> QuerySet[Completion]:
    """The scope's completions that count for the learner of the outer query."""
    return Completion.objects.for_institution(scope.institution_id).filter(
        in_force(scope.on), module_id=scope.module.pk, learner_id=OuterRef("pk"))


def _with_status(scope: Scope, learners: QuerySet[Learner]) -> QuerySet[Learner]:
    counting = _counting(scope)
    return learners.annotate(has_completed=Exists(counting.exclude(source=EXEMPTION)),
                             has_exemption=Exists(counting.filter(source=EXEMPTION)))


_COUNTS = {
    "total": Count("pk"),
    "completed": Count("pk", filter=Q(has_completed=True)),
    "exempt": Count("pk", filter=Q(has_completed=False, has_exemption=True)),
}


# -- one scope: its numbers, and by department or cohort ---------------------------------------
def scope_progress(scope: Scope, filters: Filters | None = None) -> Progress:
    """One query."""
    learners = (filters or Filters()).apply(learners_in_audience(scope))
    return Progress(**_with_status(scope, learners).aggregate(**_COUNTS))


def scope_progress_by(scope: Scope, breakdown: str,
                      filters: Filters | None = None) -> list[tuple[str, Progress]]:
    """The scope's numbers for each department (or cohort), largest first: one GROUP BY."""
    field = BREAKDOWNS[breakdown]
    learners = (filters or Filters()).apply(learners_in_audience(scope))
    rows = (_with_status(scope, learners).order_by().values(field).annotate(**_COUNTS)
            .order_by("-total", field))
    return [(row[field], Progress(row["total"], row["completed"], row["exempt"]))
            for row in rows]


def outstanding(scope: Scope, filters: Filters | None = None) -> QuerySet[Learner]:
    """The learners of the scope who have not met it, by name; for a QueuePaginator."""
    learners = (filters or Filters()).apply(learners_in_audience(scope))
    return learners.exclude(Exists(_counting(scope))).order_by("full_name", "email", "pk")


def learner_statuses(scope: Scope, filters: Filters | None = None) -> QuerySet[Learner]:
    """Every learner of the scope with ``completed_on`` (their latest ordinary completion that
    counts) and ``has_exemption``: what the per-learner export shows."""
    learners = (filters or Filters()).apply(learners_in_audience(scope))
    latest = (_counting(scope).exclude(source=EXEMPTION).order_by("-completed_on")
              .values("completed_on")[:1])
    return (learners.annotate(completed_on=Subquery(latest),
                              has_exemption=Exists(_counting(scope).filter(source=EXEMPTION)))
            .order_by("full_name", "email", "pk"))


def status_label(learner: Learner) -> str:
    """A learner of :func:`learner_statuses`, as staff see their status."""
    if learner.completed_on:
        return "Completed"
    if learner.has_exemption:
        return MET_BY_EXEMPTION
    return "Outstanding"


def status_key(learner: Learner) -> str:
    if learner.completed_on:
        return "completed"
    return "met_by_exemption" if learner.has_exemption else "outstanding"


# -- many scopes at once: the dashboards ---------------------------------------------------------
def _audience_totals(institution_id: int, keys: Iterable[tuple[str, str, str]]
                     ) -> dict[tuple[str, str, str], int]:
    """How many learners each audience has: one query, one conditional count per audience."""
    names = {key: f"a{i}" for i, key in enumerate(sorted(set(keys)))}
    if not names:
        return {}
    row = Learner.objects.for_institution(institution_id).aggregate(**{
        name: Count("pk", filter=audience_q(institution_id, *key))
        for key, name in names.items()})
    return {key: row[name] for key, name in names.items()}


def _met_counts(institution_id: int, completions: QuerySet[Completion], group: str,
                keys: Iterable[tuple[str, str, str]]) -> dict[tuple[object, str], tuple[int, int]]:
    """For each value of ``group`` and each audience: (learners who met it, learners who met it
    by an ordinary completion), counted from the completion rows in one GROUP BY."""
    names = {key: f"a{i}" for i, key in enumerate(sorted(set(keys)))}
    counts = {}
    for key, name in names.items():
        audience = audience_q(institution_id, *key, prefix="learner__")
        counts[f"{name}_met"] = Count("learner_id", distinct=True, filter=audience)
        counts[f"{name}_done"] = Count("learner_id", distinct=True,
                                       filter=audience & ~Q(source=EXEMPTION))
    found: dict[tuple[object, str], tuple[int, int]] = {}
    for row in completions.order_by().values(group).annotate(**counts):
        for key, name in names.items():
            found[(row[group], key)] = (row[f"{name}_met"], row[f"{name}_done"])
    return found


def _progress(total: int, met_done: tuple[int, int]) -> Progress:
    met, done = met_done
    return Progress(total=total, completed=done, exempt=met - done)


def modules_progress(*, institution, on: dt.date,
                     modules: Sequence[Module] | None = None) -> list[tuple[Module, Progress]]:
    """Every active module (or ``modules``) with its numbers on ``on``: three queries."""
    institution_id = getattr(institution, "pk", institution)
    if modules is None:
        modules = list(Module.objects.for_institution(institution_id).filter(is_active=True))
    scopes = [Scope.of_module(m, on) for m in modules]
    keys = [_audience_key(s) for s in scopes]
    totals = _audience_totals(institution_id, keys)
    met = _met_counts(institution_id, Completion.objects.for_institution(institution_id)
                      .filter(in_force(on), module_id__in=[m.pk for m in modules]),
                      "module_id", keys)
    return [(s.module, _progress(totals[k], met.get((s.module.pk, k), (0, 0))))
            for s, k in zip(scopes, keys, strict=True)]


def campaigns_progress(*, institution, campaigns: Sequence[Campaign]
                       ) -> list[tuple[Campaign, Progress]]:
    """Each campaign (with its module) and its numbers by its deadline: two queries however
    many campaigns, each counted against its own deadline and cohort in the same GROUP BY."""
    institution_id = getattr(institution, "pk", institution)
    scopes = [Scope.of_campaign(c) for c in campaigns]
    keys = [_audience_key(s) for s in scopes]
    totals = _audience_totals(institution_id, keys)
    if not scopes:
        return []
    # One row per completion and campaign of its module, the campaign's deadline read from the
    # same join (Django reuses the filter's join for the annotation). Each campaign's row is
    # read in its own audience's columns, whose key carries the campaign's cohort.
    completions = (
        Completion.objects.for_institution(institution_id)
        .filter(module__campaigns__in=[c.pk for c in campaigns])
        .annotate(campaign=F("module__campaigns__id"),
                  deadline=F("module__campaigns__deadline"))
        .filter(completed_on__lte=F("deadline"))
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=F("deadline"))))
    met = _met_counts(institution_id, completions, "campaign", keys)
    return [(s.campaign, _progress(totals[k], met.get((s.campaign.pk, k), (0, 0))))
            for s, k in zip(scopes, keys, strict=True) if s.campaign is not None]


def compliance_counts(*, institution, on: dt.date) -> list[dict]:
    """Aggregate numbers per active module on ``on``, naming nobody (for the insights reports):
    ``{"module": key, "title", "audience", "mandatory", "total", "completed", "exempt",
    "outstanding", "met_percent"}``. Three queries."""
    return [{"module": module.key, "title": module.title, "audience": module.audience,
             "mandatory": module.mandatory, **progress.as_dict()}
            for module, progress in modules_progress(institution=institution, on=on)]


# -- access -------------------------------------------------------------------------------------
def may_see_compliance(membership: Membership | None) -> bool:
    return membership is not None and membership.has_role(*ADMIN_ROLES)


def module_get(*, institution, module_id) -> Module:
    """The institution's module, or 404 (another institution's is the same 404)."""
    try:
        return Module.objects.for_institution(institution).get(pk=int(module_id))
    except (Module.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None


def campaign_get(*, institution, campaign_id) -> Campaign:
    try:
        return (Campaign.objects.for_institution(institution).select_related("module")
                .get(pk=int(campaign_id)))
    except (Campaign.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Not found.") from None


def campaigns_of(*, institution) -> QuerySet[Campaign]:
    """The institution's campaigns, newest first; for a QueuePaginator."""
    return (Campaign.objects.for_institution(institution).select_related("module")
            .order_by("-opens_on", "name", "-pk"))


def export_rows(scope: Scope, what: str, filters: Filters | None = None
                ) -> tuple[list[str], Iterator[list]]:
    """The header and rows of an export: ``outstanding`` (who has not met the scope) or
    ``status`` (every learner of the scope and their status). Read in chunks: one query per
    2,000 learners, never one per learner."""
    head = ["Name", "Email", "Student or staff ID", "Kind", "Department", "Cohort",
            "Year of study"]

    def person(learner: Learner) -> list:
        return [learner.full_name, learner.email, learner.external_id,
                learner.get_kind_display(), learner.department, learner.cohort,
                learner.year_of_study or ""]

    if what == "outstanding":
        return head, (person(x) for x in outstanding(scope, filters).iterator(chunk_size=2000))
    if what != "status":
        raise ValueError(what)
    return head + ["Status", "Completed on"], (
        [*person(x), status_label(x), x.completed_on.isoformat() if x.completed_on else ""]
        for x in learner_statuses(scope, filters).iterator(chunk_size=2000))
