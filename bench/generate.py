"""The benchmark data: many institutions cloned from the demo's configuration, with a skew (a
few very large institutions, a long tail of small ones), reports with encrypted narratives,
cases at every stage, and open deadlines, written with COPY (PostgreSQL) in minutes.

Full scale (``--reports 1000000``): 1,000 institutions, 1,000,000 reports, 200,000 cases and
1,000,000 open deadlines; the largest institution has about 107,000 reports and 67,000 cases.
Smaller scales keep the proportions with fewer institutions (:func:`institution_count`).

What is stored is what the application stores: narratives are encrypted one by one with the
application's key (``core.crypto``), so every report's ciphertext is distinct; other encrypted
fields (contact details, case summaries, allegation descriptions, messages) reuse a pool of
ciphertexts of realistic length (same bytes on disk, same cost to decrypt, far quicker to make).
Reference numbers follow the application's formats, per institution and year, and the counters
are set past them so new submissions and cases continue the sequence.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Membership, MembershipRole, User
from accounts.roles import DISCIPLINARY_ROLES, Role, role_keys
from audit.models import AuditChainHead, AuditEvent
from cases.models import (
    Allegation,
    Case,
    CaseAssignment,
    CaseCounter,
    CaseRole,
    CaseUserObjectPermission,
    Outcome,
    Party,
    Stage,
    Student,
)
from core.crypto import encrypt_bytes
from institutions.models import Deadline, Institution
from institutions.procedure import WINDOW_RULES, Cohort, Rule, Unit, rule_label
from reporting.models import (
    InvolvedPerson,
    Report,
    ReportCategory,
    ReportCounter,
    ReportMessage,
    ReportTag,
)
from reporting.secrets import match_key

from . import meta
from .clone import clone_institutions, unlisted_tenant_models
from .dbcopy import is_postgres, next_id, reset_sequences, write_rows

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - throwaway benchmark logins
TEMPLATES = ("kingsway", "midshire")
#: Named scales: total reports -> institutions.
SCALES = {1_000: 10, 100_000: 100, 1_000_000: 1_000}
#: The three large institutions' shares of reports and their cases per report (the issue's
#: largest institution: ~107k reports, ~67k cases at full scale).
BIG_REPORT_SHARES = (0.107, 0.100, 0.093)
BIG_CASES_PER_REPORT = (0.626, 0.20, 0.14)
CASES_PER_REPORT = 0.2

REPORT_STATUS = [  # (status, weight, age range in days)
    (Report.Status.NEW, 8, (0, 20)),
    (Report.Status.ASSIGNED, 12, (0, 60)),
    (Report.Status.AWAITING_REPORTER, 6, (5, 150)),
    (Report.Status.IN_SUPPORT, 16, (5, 400)),
    (Report.Status.ESCALATED, 5, (10, 800)),
    (Report.Status.CLOSED, 53, (10, 1100)),
]
OPEN_REPORT = {Report.Status.NEW, Report.Status.ASSIGNED, Report.Status.AWAITING_REPORTER,
               Report.Status.IN_SUPPORT}
CASE_STAGES = [  # (stage, weight, age range in days)
    (Stage.INTAKE, 8, (0, 30)),
    (Stage.INFORMAL_RESOLUTION, 6, (5, 90)),
    (Stage.INFORMAL_OUTCOME, 4, (10, 120)),
    (Stage.INVESTIGATION, 15, (10, 300)),
    (Stage.FORMAL_OUTCOME, 5, (30, 300)),
    (Stage.BOARD_NOTICE, 3, (30, 300)),
    (Stage.BOARD_HEARING, 3, (40, 300)),
    (Stage.BOARD_OUTCOME, 2, (60, 360)),
    (Stage.APPEAL, 3, (60, 400)),
    (Stage.CLOSED, 40, (60, 1100)),
    (Stage.REFERRED, 6, (5, 1100)),
    (Stage.NO_ACTION, 5, (5, 1100)),
]
OPEN_STAGES = {s for s, _w, _a in CASE_STAGES} - {Stage.CLOSED, Stage.REFERRED, Stage.NO_ACTION}
STAGE_RULES = {
    Stage.INTAKE: [Rule.DECISION_TO_INVESTIGATE, Rule.FORMAL_TARGET],
    Stage.INFORMAL_RESOLUTION: [Rule.INFORMAL_RESOLUTION, Rule.FORMAL_TARGET],
    Stage.INFORMAL_OUTCOME: [Rule.INFORMAL_APPEAL_WINDOW],
    Stage.INVESTIGATION: [Rule.INVESTIGATION_TARGET, Rule.FORMAL_TARGET],
    Stage.FORMAL_OUTCOME: [Rule.APPEAL_WINDOW],
    Stage.BOARD_NOTICE: [Rule.BOARD_CLERK_NOTICE],
    Stage.BOARD_HEARING: [Rule.BOARD_MEMBER_OBJECTION, Rule.BOARD_WITNESS_LIST],
    Stage.BOARD_OUTCOME: [Rule.APPEAL_WINDOW],
    Stage.APPEAL: [Rule.APPEAL_REVIEW],
}
#: Who works on a case at each stage (CaseRole, institution role).
STAGE_TEAM = {
    Stage.INFORMAL_RESOLUTION: [(CaseRole.INFORMAL_OFFICER, Role.INFORMAL_RESOLUTION_OFFICER)],
    Stage.INFORMAL_OUTCOME: [(CaseRole.INFORMAL_OFFICER, Role.INFORMAL_RESOLUTION_OFFICER)],
    Stage.INVESTIGATION: [(CaseRole.INVESTIGATOR, Role.INVESTIGATOR)],
    Stage.FORMAL_OUTCOME: [(CaseRole.INVESTIGATOR, Role.INVESTIGATOR)],
    Stage.APPEAL: [(CaseRole.INVESTIGATOR, Role.INVESTIGATOR),
                   (CaseRole.APPEAL_REVIEWER, Role.APPEAL_REVIEWER)],
    Stage.CLOSED: [(CaseRole.INVESTIGATOR, Role.INVESTIGATOR)],
}
BOARD_TEAM = [(CaseRole.INVESTIGATOR, Role.INVESTIGATOR), (CaseRole.CLERK, Role.CLERK),
              (CaseRole.BOARD_CHAIR, Role.BOARD_MEMBER),
              (CaseRole.BOARD_SU_OFFICER, Role.BOARD_MEMBER),
              (CaseRole.BOARD_ACADEMIC, Role.BOARD_MEMBER)]
for _stage in (Stage.BOARD_NOTICE, Stage.BOARD_HEARING, Stage.BOARD_OUTCOME):
    STAGE_TEAM[_stage] = BOARD_TEAM
STAGE_OUTCOME = {
    Stage.INFORMAL_OUTCOME: (Outcome.Kind.INFORMAL, Outcome.Result.MISCONDUCT, False),
    Stage.FORMAL_OUTCOME: (Outcome.Kind.FORMAL, Outcome.Result.UPHELD, True),
    Stage.BOARD_OUTCOME: (Outcome.Kind.BOARD, Outcome.Result.UPHELD, True),
    Stage.APPEAL: (Outcome.Kind.FORMAL, Outcome.Result.UPHELD, True),
    Stage.CLOSED: (Outcome.Kind.FORMAL, Outcome.Result.UPHELD, True),
}
TAGS = ("Urgent", "Repeat", "Halls", "Online", "Police involved")
GIVEN = ("Jordan", "Priya", "Lena", "Tom", "Marcus", "Hannah", "Daniel", "Chloe", "Aaron",
         "Sofia", "Kieran", "Amara", "Ben", "Zara", "Oliver", "Mei", "Samir", "Ella")
FAMILY = ("Ellis", "Natarajan", "Fischer", "Okafor", "Reid", "Kowalski", "Cho", "Barnes",
          "Mensah", "Romano", "Walsh", "Adeyemi", "Hughes", "Khan", "Novak", "Evans")
SENTENCES = (
    "It started at a party in the hall of residence and carried on for weeks afterwards.",
    "They kept sending messages late at night, even after I asked them to stop.",
    "A group of students made comments about me in the seminar and online.",
    "I was followed back from the library on two evenings.",
    "Someone shared a photo of me in a group chat without asking me.",
    "My friend told me what happened to her, and she said I could tell you.",
    "I saw a student push another student against a wall outside the union bar.",
    "I am worried about going to lectures because they are in the same module.",
    "The comments were about my religion and where my family comes from.",
    "I do not want them to get into trouble, I just want it to stop.",
    "It has affected my sleep and I missed two deadlines because of it.",
    "There were other people there who saw it but I do not know their names.",
)


def institution_count(total_reports: int) -> int:
    if total_reports in SCALES:
        return SCALES[total_reports]
    return max(3, min(1000, round(total_reports / 1000)))


@dataclass
class Plan:
    """How many of each thing each generated institution gets."""

    total_reports: int
    institutions: int
    seed: int = 2026
    reports: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)
    open_deadlines: int = 0

    @classmethod
    def make(cls, total_reports: int, institutions: int | None = None,
             cases: int | None = None, open_deadlines: int | None = None,
             seed: int = 2026) -> Plan:
        n = institutions or institution_count(total_reports)
        plan = cls(total_reports, n, seed)
        rng = random.Random(seed)
        total_cases = cases if cases is not None else round(total_reports * CASES_PER_REPORT)
        # a handful of institutions (the smoke test): one large, the rest smaller
        big = list(BIG_REPORT_SHARES) if n >= 5 else [0.5, 0.3, 0.2][: max(1, n - 1)]
        big_reports = [round(total_reports * s) for s in big]
        tail_n = n - len(big)
        tail_total = total_reports - sum(big_reports)
        weights = [rng.lognormvariate(0, 1.0) for _ in range(tail_n)]
        # the tail may not hold an institution larger than the third largest
        tail = _split(tail_total, weights, cap=min(big_reports) - 1 if tail_n else 0)
        plan.reports = big_reports + tail
        ratios = BIG_CASES_PER_REPORT if n >= 5 else (CASES_PER_REPORT,) * len(big)
        big_cases = [round(r * ratios[i] * total_cases / max(1, total_reports * CASES_PER_REPORT))
                     for i, r in enumerate(big_reports)]
        big_cases = [min(c, total_cases) for c in big_cases]
        rest = max(0, total_cases - sum(big_cases))
        plan.cases = big_cases + _split(rest, [max(1, r) for r in tail], cap=None)
        if not tail_n:
            plan.cases[0] += total_cases - sum(plan.cases)
        plan.open_deadlines = open_deadlines if open_deadlines is not None else total_reports
        return plan

    @property
    def small_index(self) -> int:
        """A typical small institution: the median of the tail (or the smallest)."""
        order = sorted(range(3, self.institutions) or range(self.institutions),
                       key=lambda i: self.reports[i])
        return order[len(order) // 2]


def _split(total: int, weights: list[float], cap: int | None) -> list[int]:
    if not weights:
        return []
    weight_sum = sum(weights)
    counts = [max(1, int(total * w / weight_sum)) for w in weights]
    if cap is not None and cap > 0:
        counts = [min(c, cap) for c in counts]
    # hand out (or take back) the remainder one by one, largest weights first
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    diff = total - sum(counts)
    i = 0
    while diff != 0 and order:
        j = order[i % len(order)]
        if diff > 0 and (cap is None or cap <= 0 or counts[j] < cap):
            counts[j] += 1
            diff -= 1
        elif diff < 0 and counts[j] > 1:
            counts[j] -= 1
            diff += 1
        i += 1
        if i > 10 * len(order) + abs(diff) * 2 + 10:
            break
    return counts


class _Table:
    """Column order and defaults of a model's table, so rows can be given as keywords."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = list(model._meta.concrete_fields)
        self.columns = [f.column for f in fields]
        self.index = {}
        self.defaults: list = []
        for position, f in enumerate(fields):
            self.index[f.attname] = position
            self.index[f.name] = position
            if f.has_default() and not callable(f.default):
                default = f.default
            elif f.null:
                default = None
            elif isinstance(f, (models.CharField, models.TextField)):
                default = ""
            elif isinstance(f, models.JSONField):
                default = {}
            else:
                default = None
            self.defaults.append(default)

    def row(self, **values) -> tuple:
        out = list(self.defaults)
        for key, value in values.items():
            out[self.index[key]] = value
        return tuple(out)

    def write(self, rows: Iterable[tuple]) -> int:
        return write_rows(self.name, self.columns, rows)


class _Pool:
    """Ciphertexts made once and reused (fields other than the narrative)."""

    def __init__(self, rng: random.Random, size: int, make: Callable[[random.Random], str]):
        self.items = [encrypt_bytes(make(rng).encode()).decode() for _ in range(size)]
        self.rng = rng

    def pick(self) -> str:
        return self.items[self.rng.randrange(len(self.items))]


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(low, high)))


def _weighted(rng: random.Random, table):
    total = sum(w for _s, w, _a in table)
    pick = rng.uniform(0, total)
    for item in table:
        pick -= item[1]
        if pick <= 0:
            return item
    return table[-1]


def _add_working_days(day: dt.date, n: int) -> dt.date:
    step = 1 if n >= 0 else -1
    while n:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            n -= step
    return day


@dataclass
class _Inst:
    pk: int
    slug: str
    index: int
    reports: int
    cases: int
    staff: dict[str, list[int]] = field(default_factory=dict)  # role -> user ids
    categories: list[int] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    students: list[tuple[int, str]] = field(default_factory=list)  # (pk, student_id)
    open_reports: list[int] = field(default_factory=list)
    open_cases: list[tuple[int, str, int | None]] = field(default_factory=list)
    closed_subjects: list[tuple[str, int]] = field(default_factory=list)


class Generator:
    def __init__(self, plan: Plan, *, out: Callable[[str], None] = print,
                 full_demo: bool = True) -> None:
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.out = out
        self.full_demo = full_demo
        self.today = timezone.localdate()
        self.timings: dict[str, float] = {}
        self.tables_written: set[str] = set()

    # -- the steps -------------------------------------------------------------------------
    def run(self) -> dict:
        started = time.monotonic()
        self._step("demo templates", self.templates)
        for label in unlisted_tenant_models():
            self.out(f"  warning: {label} is neither configuration nor casework in "
                     "bench/clone.py: not copied")
        self._step("institutions (configuration cloned)", self.institutions)
        self._step("staff, memberships, roles, training", self.staff)
        self._step("students and cases", self.cases)
        self._step("reports (narratives encrypted)", self.reports)
        self._step("deadlines", self.deadlines)
        self._step("deadline summaries of cases and reports", self.summaries)
        self._step("audit trail of the cases", self.audit)
        self._step("counters and sequences", self.counters)
        self._step("vacuum and analyze", self.analyze)
        total = time.monotonic() - started
        largest, small = self.insts[0], self.insts[self.plan.small_index]
        info = {
            "generated_on": self.today.isoformat(),
            "total_reports": self.plan.total_reports,
            "institutions": self.plan.institutions,
            "cases": sum(self.plan.cases),
            "open_deadlines": self.open_deadlines_written,
            "largest": {"slug": largest.slug, "reports": largest.reports,
                        "cases": largest.cases},
            "small": {"slug": small.slug, "reports": small.reports, "cases": small.cases},
            "seconds": round(total, 1),
            "steps": {k: round(v, 1) for k, v in self.timings.items()},
            "narratives": "encrypted per row (distinct ciphertexts); other encrypted fields "
                          "from pools of ciphertexts",
        }
        meta.save(info)
        self.out(f"done in {total:.0f} s")
        return info

    def _step(self, name: str, func: Callable[[], None]) -> None:
        started = time.monotonic()
        self.out(f"- {name} ...")
        func()
        self.timings[name] = time.monotonic() - started
        self.out(f"  {self.timings[name]:.1f} s")

    def templates(self) -> None:
        """The demo's two institutions, whose configuration every other one copies."""
        if self.full_demo:
            from django.utils.module_loading import import_string

            for path in settings.DEMO_SEEDERS:
                import_string(path)()
        else:  # the smoke test: their configuration only, no demo casework
            from cases.services.setup import disciplinary_catalogue_apply
            from institutions.demo import seed_demo
            from reporting.services.setup import reporting_defaults_apply
            from training.catalogue import training_catalogue_apply

            seed_demo()
            for slug, shape in (("kingsway", "002"), ("midshire", "004")):
                inst = Institution.objects.get(slug=slug)
                training_catalogue_apply(institution=inst, shape=shape)
                disciplinary_catalogue_apply(institution=inst, shape=shape)
                reporting_defaults_apply(institution=inst)

    def institutions(self) -> None:
        templates = [Institution.objects.get(slug=s) for s in TEMPLATES]
        existing = set(Institution.objects.filter(slug__startswith="bench-")
                       .values_list("slug", flat=True))
        if existing:
            raise RuntimeError("This database already has bench institutions: generate into "
                               "an empty (migrated) database.")
        names = [(f"bench-{i + 1:04d}", f"Bench University {i + 1:04d}")
                 for i in range(self.plan.institutions)]
        clones: list[Institution] = []
        for t_index, template in enumerate(templates):
            mine = [n for i, n in enumerate(names) if i % len(templates) == t_index]
            for start in range(0, len(mine), 200):
                with transaction.atomic():
                    clones += clone_institutions(template, mine[start:start + 200])
        by_slug = {c.slug: c for c in clones}
        self.insts = [
            _Inst(pk=by_slug[slug].pk, slug=slug, index=i, reports=self.plan.reports[i],
                  cases=self.plan.cases[i])
            for i, (slug, _name) in enumerate(names)
        ]
        ids = [i.pk for i in self.insts]
        cats = defaultdict(list)
        for pk, inst_id in (ReportCategory.objects.for_institutions(ids)
                            .values_list("pk", "institution_id")):
            cats[inst_id].append(pk)
        # A few triage tags per institution (staff make their own; the clone has none).
        tag_table = _Table(ReportTag)
        tag_id = next_id(tag_table.name)
        tag_rows = []
        for inst in self.insts:
            inst.categories = cats[inst.pk]
            for label in TAGS:
                tag_rows.append(tag_table.row(id=tag_id, institution_id=inst.pk, label=label))
                inst.tags.append(tag_id)
                tag_id += 1
        tag_table.write(tag_rows)
        self.tables_written.add(tag_table.name)

    def staff(self) -> None:
        from training.models import Completion, Learner, Module

        users, memberships, roles = _Table(User), _Table(Membership), _Table(MembershipRole)
        learners, quals = _Table(Learner), _Table(Completion)
        uid, mid, rid, lid, qid = (next_id(t.name)
                                   for t in (users, memberships, roles, learners, quals))
        password = make_password(BENCH_PASSWORD)
        now = timezone.now()
        # The modules every disciplinary role needs (000 §1b), copied from the template.
        required = defaultdict(list)
        for pk, inst_id in (Module.objects.for_institutions([i.pk for i in self.insts])
                            .filter(purpose__in=[Module.Purpose.DISCIPLINARY_SPECIALIST,
                                                 Module.Purpose.UNCONSCIOUS_BIAS])
                            .values_list("pk", "institution_id")):
            required[inst_id].append(pk)
        u_rows, m_rows, r_rows, l_rows, q_rows = [], [], [], [], []
        for inst in self.insts:
            per_role = 1 + 2 * (inst.reports > 5000) + 2 * (inst.reports > 50000)
            people = [(role, role, j) for role in role_keys() for j in range(per_role)]
            people += [(Role.BOARD_MEMBER, extra, j) for extra in ("board-su", "board-academic")
                       for j in range(per_role)]
            for role, name, j in people:
                email = f"{name.replace('_', '-')}-{j + 1}@{inst.slug}.bench.example"
                u_rows.append(users.row(
                    id=uid, email=email, password=password, full_name=f"Bench {name} {j + 1}",
                    is_staff=role == Role.INSTITUTION_ADMIN, is_active=True, is_superuser=False,
                    date_joined=now))
                m_rows.append(memberships.row(id=mid, institution_id=inst.pk, user_id=uid,
                                              is_active=True, created_at=now))
                r_rows.append(roles.row(id=rid, institution_id=inst.pk, membership_id=mid,
                                        role=role))
                if role in DISCIPLINARY_ROLES:
                    l_rows.append(learners.row(id=lid, institution_id=inst.pk, kind="staff",
                                               email=email, full_name=f"Bench {name} {j + 1}",
                                               membership_id=mid, is_active=True))
                    for module_id in required[inst.pk]:
                        q_rows.append(quals.row(
                            id=qid, institution_id=inst.pk, learner_id=lid, module_id=module_id,
                            completed_on=self.today - dt.timedelta(days=200),
                            expires_on=self.today + dt.timedelta(days=900),
                            source="manual", recorded_at=now))
                        qid += 1
                    lid += 1
                inst.staff.setdefault(role, []).append(uid)
                uid, mid, rid = uid + 1, mid + 1, rid + 1
        for table, rows in ((users, u_rows), (memberships, m_rows), (roles, r_rows),
                            (learners, l_rows), (quals, q_rows)):
            table.write(rows)
            self.tables_written.add(table.name)

    # -- cases -----------------------------------------------------------------------------
    def cases(self) -> None:
        rng = self.rng
        students, cases_t, allegations, parties, assignments, perms, outcomes = (
            _Table(Student), _Table(Case), _Table(Allegation), _Table(Party),
            _Table(CaseAssignment), _Table(CaseUserObjectPermission), _Table(Outcome))
        ids = {t.name: next_id(t.name) for t in (students, cases_t, allegations, parties,
                                                 assignments, perms, outcomes)}
        work_perm = Permission.objects.get(codename="work_on_case",
                                           content_type__app_label="cases").pk
        summary = _Pool(rng, 300, lambda r: _text(r, 3, 8))
        description = _Pool(rng, 300, lambda r: _text(r, 1, 3))
        reasons = _Pool(rng, 100, lambda r: _text(r, 2, 4))
        # every case of every institution, in the order they were opened
        cohorts = Cohort.values
        plan = []
        for inst in self.insts:
            for _ in range(inst.cases):
                stage, _w, (low, high) = _weighted(rng, CASE_STAGES)
                plan.append((self.today - dt.timedelta(days=rng.randint(low, high)),
                             rng.random(), inst, stage))
        plan.sort(key=lambda p: (p[0], p[1]))
        s_rows, c_rows, a_rows, p_rows, as_rows, pm_rows, o_rows = ([] for _ in range(7))
        counters: dict[tuple[int, int], int] = defaultdict(int)
        self.case_counters = counters
        self.case_ct = ContentType.objects.get_for_model(Case).pk
        for opened, _r, inst, stage in plan:
            if inst.students and rng.random() < 0.12:  # a repeat respondent
                student_pk, sid = rng.choice(inst.students)
            else:
                student_pk = ids[students.name]
                ids[students.name] += 1
                sid = f"{inst.index:04d}{len(inst.students) + 1:06d}"
                given, family = rng.choice(GIVEN), rng.choice(FAMILY)
                cohort = rng.choices(cohorts, weights=(85, 8, 7))[0]
                s_rows.append(students.row(
                    id=student_pk, institution_id=inst.pk, student_id=sid, given_name=given,
                    family_name=family, email=f"{sid}@student.bench.example",
                    programme="BSc Economics", cohort=cohort, registration_status="registered"))
                inst.students.append((student_pk, sid))
            counters[(inst.pk, opened.year)] += 1
            number = counters[(inst.pk, opened.year)]
            case_pk = ids[cases_t.name]
            ids[cases_t.name] += 1
            dm = inst.staff[Role.DECISION_MAKER][0]
            created = dt.datetime.combine(opened, dt.time(10, 0), tzinfo=dt.UTC)
            closed = stage in (Stage.CLOSED, Stage.REFERRED, Stage.NO_ACTION)
            severity = rng.choice(("major", "minor"))
            c_rows.append(cases_t.row(
                id=case_pk, institution_id=inst.pk,
                reference=f"{inst.slug.upper()}-{opened.year}-{number:04d}",
                respondent_id=student_pk,
                cohort=rng.choices(cohorts, weights=(85, 8, 7))[0],
                stage=stage, severity=severity, allegation_raised_on=opened,
                incident_date=opened - dt.timedelta(days=3), incident_place="Hall of residence",
                summary=summary.pick(),
                is_paused=stage == Stage.INVESTIGATION and rng.random() < 0.2,
                referred_to="HR" if stage == Stage.REFERRED else "",
                closed_on=opened + dt.timedelta(days=50) if closed else None,
                closure_reason="Completed" if closed else "",
                opened_by_id=dm, created_at=created, updated_at=created))
            for _ in range(1 + (rng.random() < 0.2)):
                a_rows.append(allegations.row(
                    id=ids[allegations.name], institution_id=inst.pk, case_id=case_pk,
                    misconduct_type="24.6", category="harassment", severity=severity,
                    description=description.pick(), finding="pending"))
                ids[allegations.name] += 1
            p_rows.append(parties.row(
                id=ids[parties.name], institution_id=inst.pk, case_id=case_pk,
                kind="reporting_party", name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                email="reporter@student.bench.example"))
            ids[parties.name] += 1
            granted = set()
            assignee = None
            for case_role, role in STAGE_TEAM.get(stage, []):
                people = inst.staff.get(role) or [dm]
                user = rng.choice(people)
                if case_role == CaseRole.BOARD_SU_OFFICER:
                    user = people[0]
                as_rows.append(assignments.row(
                    id=ids[assignments.name], institution_id=inst.pk, case_id=case_pk,
                    user_id=user, role=case_role, assigned_by_id=dm, assigned_at=created,
                    ended_at=created + dt.timedelta(days=40) if closed else None))
                ids[assignments.name] += 1
                if assignee is None:
                    assignee = user
                if not closed and user not in granted:
                    granted.add(user)
                    pm_rows.append(perms.row(
                        id=ids[perms.name], permission_id=work_perm, user_id=user,
                        institution_id=inst.pk, content_object_id=case_pk))
                    ids[perms.name] += 1
            if stage in STAGE_OUTCOME:
                kind, result, on_record = STAGE_OUTCOME[stage]
                o_rows.append(outcomes.row(
                    id=ids[outcomes.name], institution_id=inst.pk, case_id=case_pk,
                    kind=kind, result=result, reasons=reasons.pick(), decided_by_id=dm,
                    authority="decision_maker", decided_on=opened + dt.timedelta(days=20),
                    on_student_record=on_record, considered_previous_record=True,
                    admitted=False, is_current=True))
                ids[outcomes.name] += 1
            if closed:
                inst.closed_subjects.append(("case", case_pk))
            else:
                inst.open_cases.append((case_pk, stage, assignee))
        for table, rows in ((students, s_rows), (cases_t, c_rows), (allegations, a_rows),
                            (parties, p_rows), (assignments, as_rows), (perms, pm_rows),
                            (outcomes, o_rows)):
            table.write(rows)
            self.tables_written.add(table.name)
        self.cases_by_inst = defaultdict(list)
        for row in c_rows:
            self.cases_by_inst[row[cases_t.index["institution_id"]]].append(
                row[cases_t.index["id"]])

    # -- reports ---------------------------------------------------------------------------
    def reports(self) -> None:
        rng = self.rng
        reports, involved, messages = _Table(Report), _Table(InvolvedPerson), _Table(
            ReportMessage)
        cat_field = Report._meta.get_field("categories")
        tag_field = Report._meta.get_field("tags")
        cat_through = cat_field.remote_field.through._meta.db_table
        tag_through = tag_field.remote_field.through._meta.db_table
        cat_cols = ["id", cat_field.m2m_column_name(), cat_field.m2m_reverse_name()]
        tag_cols = ["id", tag_field.m2m_column_name(), tag_field.m2m_reverse_name()]
        ids = {t: next_id(t) for t in (reports.name, involved.name, messages.name,
                                       cat_through, tag_through)}
        names = _Pool(rng, 500, lambda r: f"{r.choice(GIVEN)} {r.choice(FAMILY)}")
        emails = _Pool(rng, 500, lambda r: f"{r.choice(GIVEN).lower()}.{r.randint(1, 999)}"
                                           "@student.bench.example")
        phones = _Pool(rng, 200, lambda r: f"07700 9{r.randint(10000, 99999)}")
        details = _Pool(rng, 200, lambda r: r.choice(("Student union bar", "Library, 3rd floor",
                                                      "Group chat", "Sports centre")))
        bodies = _Pool(rng, 200, lambda r: _text(r, 1, 3))
        narratives = [_text(rng, 2, 12) for _ in range(500)]
        reporter_roles, perspectives = Report.ReporterRole.values, Report.Perspective.values
        whens, locations = Report.When.values, Report.Location.values
        plan = []
        for inst in self.insts:
            for _ in range(inst.reports):
                status, _w, (low, high) = _weighted(rng, REPORT_STATUS)
                plan.append((self.today - dt.timedelta(days=rng.randint(low, high)),
                             rng.random(), inst, status))
        plan.sort(key=lambda p: (p[0], p[1]))
        escalate_pool = {inst.pk: list(self.cases_by_inst.get(inst.pk, []))
                         for inst in self.insts}
        for pool in escalate_pool.values():
            rng.shuffle(pool)
        counters: dict[tuple[int, int], int] = defaultdict(int)
        self.report_counters = counters
        self.report_cases: list[tuple[int, int]] = []
        cat_rows: list[tuple] = []
        tag_rows: list[tuple] = []
        inv_rows: list[tuple] = []
        msg_rows: list[tuple] = []

        def rows():
            for submitted, _r, inst, status in plan:
                pk = ids[reports.name]
                ids[reports.name] += 1
                counters[(inst.pk, submitted.year)] += 1
                anonymous = rng.random() < 0.6
                open_ = status in OPEN_REPORT
                caseworkers = inst.staff[Role.SUPPORT_CASEWORKER]
                contacted = status not in (Report.Status.NEW, Report.Status.ASSIGNED)
                case_id = None
                if status == Report.Status.ESCALATED and escalate_pool[inst.pk]:
                    case_id = escalate_pool[inst.pk].pop()
                    self.report_cases.append((case_id, pk))
                wants = rng.random()
                values = dict(
                    id=pk, institution_id=inst.pk,
                    reference=f"R-{submitted.year}-{counters[(inst.pk, submitted.year)]:04d}",
                    reporter_role=rng.choice(reporter_roles),
                    perspective=rng.choices(perspectives, weights=(70, 20, 10))[0],
                    when=rng.choice(whens),
                    incident_date=submitted - dt.timedelta(days=rng.randint(0, 60))
                    if rng.random() < 0.5 else None,
                    location=rng.choice(locations),
                    location_detail=details.pick() if rng.random() < 0.3 else "",
                    narrative=encrypt_bytes(rng.choice(narratives).encode()).decode(),
                    wants_support=wants < 0.8, wants_information=wants > 0.6,
                    wants_formal_report=wants > 0.85, is_anonymous=anonymous,
                    receipt_hmac=os.urandom(32).hex(),
                    submitted_on=submitted, status=status,
                    assignee_id=rng.choice(caseworkers) if status != Report.Status.NEW
                    else None,
                    first_contact_on=submitted + dt.timedelta(days=2) if contacted else None,
                    case_id=case_id,
                    formal_consent_on=submitted + dt.timedelta(days=9) if case_id else None,
                    hr_referred_on=submitted + dt.timedelta(days=5)
                    if rng.random() < 0.01 else None,
                    closed_on=submitted + dt.timedelta(days=30)
                    if status == Report.Status.CLOSED else None,
                    closure_reason="Support given; no further contact wanted."
                    if status == Report.Status.CLOSED else "",
                    awaiting_staff=open_ and rng.random() < 0.03,
                )
                if not anonymous:
                    values.update(contact_name=names.pick(), contact_email=emails.pick(),
                                  contact_phone=phones.pick() if rng.random() < 0.5 else "",
                                  preferred_contact=rng.choice(("email", "phone", "online")))
                yield reports.row(**values)
                for cat in rng.sample(inst.categories, min(len(inst.categories),
                                                           1 + (rng.random() < 0.3))):
                    cat_rows.append((ids[cat_through], pk, cat))
                    ids[cat_through] += 1
                if rng.random() < 0.2:
                    tag_rows.append((ids[tag_through], pk, rng.choice(inst.tags)))
                    ids[tag_through] += 1
                if rng.random() < 0.4:
                    if inst.students and rng.random() < 0.35:
                        sid = rng.choice(inst.students)[1]
                    else:
                        sid = f"X{rng.randint(1, 10**7):07d}"
                    inv_rows.append(involved.row(
                        id=ids[involved.name], institution_id=inst.pk, report_id=pk,
                        name=names.pick(), student_id=encrypt_bytes(sid.encode()).decode(),
                        role="student", student_id_key=match_key(inst.pk, "sid", sid)))
                    ids[involved.name] += 1
                if status in (Report.Status.AWAITING_REPORTER, Report.Status.IN_SUPPORT):
                    msg_rows.append(messages.row(
                        id=ids[messages.name], institution_id=inst.pk, report_id=pk,
                        direction="to_reporter", channel="receipt_page", body=bodies.pick(),
                        sent_on=submitted + dt.timedelta(days=2), author_id=caseworkers[0]))
                    ids[messages.name] += 1
                if open_:
                    inst.open_reports.append(pk)
                else:
                    inst.closed_subjects.append(("report", pk))

        reports.write(rows())
        write_rows(cat_through, cat_cols, cat_rows)
        write_rows(tag_through, tag_cols, tag_rows)
        involved.write(inv_rows)
        messages.write(msg_rows)
        self.tables_written.update({reports.name, cat_through, tag_through, involved.name,
                                    messages.name})
        if self.report_cases:  # the escalated reports' cases know where they came from
            with connection.cursor() as cursor:
                if not is_postgres():
                    cursor.executemany("UPDATE cases_case SET source_report_id = %s "
                                       "WHERE id = %s", [(r, c) for c, r in self.report_cases])
                    return
                for start in range(0, len(self.report_cases), 5000):
                    chunk = self.report_cases[start:start + 5000]
                    cursor.execute(
                        "UPDATE cases_case SET source_report_id = v.report_id FROM (VALUES "
                        + ",".join(["(%s, %s)"] * len(chunk))
                        + ") AS v(case_id, report_id) WHERE cases_case.id = v.case_id",
                        [x for pair in chunk for x in pair])

    # -- deadlines -------------------------------------------------------------------------
    def deadlines(self) -> None:
        """Open deadlines (running or paused) spread over the open reports and cases, with
        the mix the daily sweep meets: most on track, some due in the next two working days or
        today (reminders to send), a day's worth overdue (to mark missed) or passed windows
        (to close); and one finished deadline per closed report or case (history), plus some
        missed ones nobody completed (the queue's "overdue" filter)."""
        rng = self.rng
        table = _Table(Deadline)
        report_ct = ContentType.objects.get_for_model(Report).pk
        pk = next_id(table.name)
        today = self.today
        soon = _add_working_days(today, 2)
        now = timezone.now()
        total_reports = max(1, sum(i.reports for i in self.insts))
        self.open_deadlines_written = 0

        def row(inst, ct, object_id, rule, status, due, *, assignee=None, role="",
                completed=None, paused_since=None, kind=None, before_sent=False):
            nonlocal pk
            kind = kind or (Deadline.Kind.WINDOW if rule in WINDOW_RULES
                            else Deadline.Kind.ACTION)
            values = table.row(
                id=pk, institution_id=inst.pk, purpose=rule_label(rule), rule=rule, kind=kind,
                rule_description="10 working days", unit=Unit.WORKING_DAYS,
                content_type_id=ct, object_id=object_id,
                start_date=due - dt.timedelta(days=14), due_date=due, original_due_date=due,
                paused_since=paused_since, paused_working_days=0, status=status,
                completed_on=completed, assignee_id=assignee, responsible_role=role,
                reminder_before_sent=before_sent, reminder_due_sent=False, created_at=now)
            pk += 1
            return values

        def rows():
            for inst in self.insts:
                share = round(self.plan.open_deadlines * inst.reports / total_reports)
                for n in range(share):
                    on_case = inst.open_cases and (not inst.open_reports or rng.random() < 0.45)
                    if not inst.open_cases and not inst.open_reports:
                        break
                    if on_case:
                        case_pk, stage, assignee = rng.choice(inst.open_cases)
                        ct, object_id = self.case_ct, case_pk
                        rule = rng.choice(STAGE_RULES.get(stage, [Rule.FORMAL_TARGET]))
                        role, assignee = Role.DECISION_MAKER, assignee
                    else:
                        # as report_submit registers it: the role, nobody in particular
                        ct, object_id = report_ct, rng.choice(inst.open_reports)
                        rule, role, assignee = Rule.SUPPORT_FIRST_CONTACT, \
                            Role.SUPPORT_CASEWORKER, None
                    pick = rng.random()
                    status, paused = Deadline.Status.RUNNING, None
                    before_sent = False
                    if pick < 0.006:  # became overdue yesterday: the sweep marks it
                        due = _add_working_days(today, -1)
                    elif pick < 0.009:
                        due = today
                    elif pick < 0.03:  # within two working days: a reminder to send
                        due = rng.choice((_add_working_days(today, 1), soon))
                    elif pick < 0.08:  # paused (the case is paused)
                        status, paused = Deadline.Status.PAUSED, today - dt.timedelta(days=10)
                        due = today + dt.timedelta(days=rng.randint(5, 60))
                    else:
                        due = today + dt.timedelta(days=rng.randint(4, 120))
                        before_sent = False
                    yield row(inst, ct, object_id, rule, status, due, assignee=assignee,
                              role=role, paused_since=paused, before_sent=before_sent)
                    self.open_deadlines_written += 1
                    if n % 50 == 0:  # missed and never completed: the "overdue" filter
                        yield row(inst, ct, object_id, rule, Deadline.Status.MISSED,
                                  today - dt.timedelta(days=rng.randint(3, 40)),
                                  assignee=assignee, role=role, kind=Deadline.Kind.ACTION)
                for kind, object_id in inst.closed_subjects:
                    ct = self.case_ct if kind == "case" else report_ct
                    rule = Rule.FORMAL_TARGET if kind == "case" else Rule.SUPPORT_FIRST_CONTACT
                    due = today - dt.timedelta(days=rng.randint(30, 900))
                    yield row(inst, ct, object_id, rule, Deadline.Status.MET, due,
                              completed=due - dt.timedelta(days=2))

        table.write(rows())
        self.tables_written.add(table.name)

    # -- audit -----------------------------------------------------------------------------
    def summaries(self) -> None:
        """Each case's and report's next deadline, as the deadline services keep it
        (institutions.models.TracksDeadlines): one UPDATE per model and institution."""
        from django.contrib.contenttypes.models import ContentType

        from institutions.services.summary import deadline_summary_refresh

        if is_postgres():
            # Statistics first: without them the planner reads each case's deadlines through
            # the (institution, status, due_date) index, a whole institution's deadlines per
            # case (hours at 1M), instead of the (content_type, object_id) one.
            with connection.cursor() as cursor:
                for table in ("institutions_deadline", "cases_case", "reporting_report"):
                    cursor.execute(f'ANALYZE "{table}"')
        for model in (Case, Report):
            content_type = ContentType.objects.get_for_model(model)
            for inst in self.insts:
                deadline_summary_refresh(institution_id=inst.pk, content_type=content_type,
                                         object_ids=None, today=self.today)

    def audit(self) -> None:
        """One "case.opened" event per case, chained and signed as the application would
        (so ``verify_audit`` holds and the case page shows a history)."""
        table = _Table(AuditEvent)
        heads = _Table(AuditChainHead)
        pk, head_pk = next_id(table.name), next_id(heads.name)
        key = settings.AUDIT_HMAC_KEY.encode()
        from audit.services import GENESIS

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, institution_id, reference, created_at, opened_by_id "
                "FROM cases_case WHERE institution_id IN (SELECT id FROM "
                "institutions_institution WHERE slug LIKE 'bench-%%') "
                "ORDER BY institution_id, id")
            cases = cursor.fetchall()
            cursor.execute("SELECT id, email FROM accounts_user WHERE email LIKE "
                           "'%%.bench.example'")
            emails = dict(cursor.fetchall())
        head_rows = []

        def rows():
            nonlocal pk, head_pk
            sequence, prev, inst = 0, GENESIS, None
            for case_id, inst_id, reference, created, actor in cases:
                if inst_id != inst:
                    if inst is not None:
                        head_rows.append(heads.row(id=head_pk, institution_id=inst,
                                                   last_sequence=sequence, last_hmac=prev))
                        head_pk += 1
                    sequence, prev, inst = 0, GENESIS, inst_id
                if isinstance(created, str):
                    created = dt.datetime.fromisoformat(created)
                if timezone.is_naive(created):
                    created = created.replace(tzinfo=dt.UTC)
                sequence += 1
                changes = {"reference": reference, "stage": "intake"}
                on = timezone.localdate(created)
                payload = {
                    "institution": inst_id, "sequence": sequence,
                    "occurred_on": on.isoformat(),
                    "occurred_at": created.astimezone(dt.UTC).isoformat(),
                    "actor": actor, "actor_label": emails.get(actor, ""),
                    "action": "case.opened", "object_type": "cases.case",
                    "object_id": str(case_id), "changes": changes, "prev": prev,
                }
                message = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
                mac = hmac.new(key, message, hashlib.sha256).hexdigest()
                yield table.row(id=pk, institution_id=inst_id, sequence=sequence,
                                occurred_on=on, occurred_at=created, actor_id=actor,
                                actor_label=emails.get(actor, ""), action="case.opened",
                                object_type="cases.case", object_id=str(case_id),
                                changes=changes, prev_hmac=prev, hmac=mac)
                pk += 1
                prev = mac
            if inst is not None:
                head_rows.append(heads.row(id=head_pk, institution_id=inst,
                                           last_sequence=sequence, last_hmac=prev))

        table.write(rows())
        heads.write(head_rows)
        self.tables_written.update({table.name, heads.name})

    def counters(self) -> None:
        for model, counts in ((ReportCounter, self.report_counters),
                              (CaseCounter, self.case_counters)):
            t = _Table(model)
            start = next_id(t.name)
            t.write(t.row(id=start + i, institution_id=inst, year=year, last=last)
                    for i, ((inst, year), last) in enumerate(sorted(counts.items())))
            self.tables_written.add(t.name)
        reset_sequences(sorted(self.tables_written))

    def analyze(self) -> None:
        if not is_postgres():
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            return
        # VACUUM cannot run in a transaction: the management command runs in autocommit.
        with connection.cursor() as cursor:
            for name in sorted(self.tables_written):
                if connection.in_atomic_block:
                    cursor.execute(f'ANALYZE "{name}"')
                else:
                    cursor.execute(f'VACUUM (ANALYZE) "{name}"')
