"""The demo's governance registers at both institutions, walked through the real services with
the clock set back, so that their deadlines, audit trail and mail are what the application would
have made:

* declarations: ``investigator@`` declared a family relationship with Jordan Ellis, the student
  of each demo's newest case (so the Decision maker sees them refused as its investigator),
  awaiting review; ``board-academic@`` a prohibited one (supervising the student), awaiting
  review; ``clerk@`` one with a colleague they manage, reviewed by ``hr-partner@`` with a
  management plan; ``appeal-reviewer@`` one with a student they supported, reviewed with the
  action taken, since ended;
* risk assessments in every context and status, one review overdue (its owner told);
* the policies of the source documents (policies/README.md): at Kingsway the Disciplinary
  Procedure for Students, whose review fell due on 1 May 2023 (002's review schedule), so it is
  overdue; Midshire's own procedure overdue too;
* the Prevent action plan of 003 (governance/prevent_plan.py), its item 2 overdue: the final
  deadline sweep of the demo (institutions.demo.sweep_deadlines_today) tells its lead.

Runs once per institution (one that has a policy in the register is left alone)."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from institutions.models import Institution

from . import prevent_plan
from .models import ActionItem, PolicyDocument, RelationshipDeclaration, RiskAssessment
from .services.declarations import (
    relationship_declaration_end,
    relationship_declaration_review,
    relationship_declare,
)
from .services.documents import policy_document_create, policy_version_approve
from .services.plans import (
    action_item_add,
    action_item_progress,
    action_plan_create,
    action_plan_version_record,
)
from .services.risks import (
    risk_assessment_activate,
    risk_assessment_close,
    risk_assessment_create,
)

D = RelationshipDeclaration
RA = RiskAssessment.Context
S = ActionItem.Status

#: The lead of each 003 item, by how the plan names them -> the demo login holding the job.
LEADS = (("H-RACU", "governance-officer"), ("Chaplain", "support-caseworker"),
         ("Council", "decision-maker"))

#: item -> (status, due in days, review in days) counted from today (item 2 is overdue).
ITEM_DATES = {
    1: (S.IN_PROGRESS, -30, None), 2: (S.IN_PROGRESS, -5, None), 3: (S.ONGOING, None, 60),
    4: (S.ONGOING, None, 180), 5: (S.ONGOING, None, 90), 6: (S.NOT_STARTED, 45, None),
    7: (S.ONGOING, None, 120), 8: (S.ONGOING, None, 150), 9: (S.ONGOING, None, 365),
    10: (S.IN_PROGRESS, 75, None), 11: (S.NOT_STARTED, 100, None),
    12: (S.ONGOING, None, 200), 13: (S.DONE, None, None), 14: (S.IN_PROGRESS, 30, None),
    15: (S.ONGOING, None, 365), 16: (S.ONGOING, None, 365), 17: (S.ONGOING, None, 160),
}


def seed_demo_governance() -> None:
    for slug in ("kingsway", "midshire"):
        institution = Institution.objects.get(slug=slug)
        if PolicyDocument.objects.for_institution(institution).exists():
            continue
        _Seeder(institution).run()


class _Seeder:
    def __init__(self, institution: Institution) -> None:
        self.inst = institution
        self.today = timezone.localdate()

    def user(self, key: str) -> User:
        return User.objects.get(email=f"{key}@{self.inst.slug}.example")

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    @contextlib.contextmanager
    def on(self, offset: int):
        """Run the services as if it were ``offset`` days from today (negative: before)."""
        import time_machine

        day = self.day(offset)
        with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0)).astimezone(),
                                 tick=False):
            yield day

    @transaction.atomic
    def run(self) -> None:
        self.declarations()
        self.risks()
        self.policies()
        self.plan()

    # -- declarations (000 §8) ------------------------------------------------------------------
    def declarations(self) -> None:
        inst, hr = self.inst, self.user("hr-partner")
        with self.on(-40):
            relationship_declare(
                institution=inst, actor=self.user("investigator"), person_name="Jordan Ellis",
                person_student_id="20231001", person_email="jordan.ellis@student.example",
                nature=D.Nature.PERSONAL, details="Jordan is my nephew. I have no academic "
                "or welfare involvement with them.")
        with self.on(-3):
            relationship_declare(
                institution=inst, actor=self.user("board-academic"), person_name="Sam Taylor",
                person_student_id="20239001", person_email="sam.taylor@student.example",
                nature=D.Nature.INTIMATE, supervisory_involvement=True,
                details="I supervise Sam's dissertation this year.")
        with self.on(-60):
            colleague = self.user("training-admin")
            managed = relationship_declare(
                institution=inst, actor=self.user("clerk"), kind=D.Kind.STAFF_STAFF,
                person_name=colleague.full_name, person_email=colleague.email,
                nature=D.Nature.INTIMATE, authority=D.Authority.DECLARER,
                details="We live together. I line-manage the training team.")
        with self.on(-50):
            relationship_declaration_review(
                declaration=managed, actor=hr, outcome=D.Outcome.MANAGED,
                management_plan="Line management of the training administrator moves to the "
                "Head of Student Services. The declarer takes no part in their appraisal, pay, "
                "workload or any complaint about them. Reviewed at each appraisal round.")
        with self.on(-200):
            tutored = relationship_declare(
                institution=inst, actor=self.user("appeal-reviewer"),
                person_name="Rowan Price", person_student_id="20239002",
                nature=D.Nature.PERSONAL, welfare_involvement=True,
                details="Rowan is a close family friend; I was assigned as their personal "
                "tutor.")
        with self.on(-190):
            relationship_declaration_review(
                declaration=tutored, actor=hr, outcome=D.Outcome.INVOLVEMENT_REMOVED,
                management_plan="No involvement in any decision about the student.",
                action_taken="Personal tutoring moved to another tutor in the department; the "
                "student was told by the Senior Tutor.")
        with self.on(-30) as day:
            relationship_declaration_end(declaration=tutored,
                                         actor=self.user("appeal-reviewer"), ended_on=day)

    # -- risk assessments (000 §6) --------------------------------------------------------------
    def risks(self) -> None:
        inst, officer = self.inst, self.user("governance-officer")

        def create(title, context, owner, *, controls="", activity="", review=None,
                   level=""):
            return risk_assessment_create(
                institution=inst, actor=officer, title=title, context=context,
                owner=self.user(owner), activity=activity, controls=controls,
                residual_risk=level, review_on=review)

        with self.on(-90):
            trip = create("Overnight field trip: Lake District residential", RA.OVERNIGHT_TRIP,
                          "board-academic", activity="Three nights in a field centre with 40 "
                          "second-year students and four staff.",
                          controls="Single-sex rooms with locks; two staff on call each night, "
                          "never alone with one student in a room; the code of conduct briefed "
                          "before departure; how to report (Report + Support) on the trip "
                          "card.", review=self.day(40), level=RiskAssessment.Level.MEDIUM)
            risk_assessment_activate(risk=trip, actor=officer)
            supervision = create(
                "Power imbalance: one-to-one doctoral supervision", RA.POWER_IMBALANCE,
                "decision-maker", controls="Meetings in offices with glazed doors or online; "
                "a second supervisor for every student; relationships declared (000 §8); the "
                "student's route to the doctoral programme director.",
                review=self.day(200), level=RiskAssessment.Level.MEDIUM)
            risk_assessment_activate(risk=supervision, actor=officer)
        with self.on(-120):
            party = create("Welcome week party in the Students' Union bar", RA.ALCOHOL,
                           "governance-officer", controls="Active Bystander trained staff on "
                           "each floor; welfare point with water and a quiet room; drinks "
                           "covers; Security briefed; taxis from the front door.",
                           review=self.day(-3), level=RiskAssessment.Level.HIGH)
            risk_assessment_activate(risk=party, actor=officer)
        with self.on(-60):
            school = create("Widening participation summer school (16 and 17 year olds)",
                            RA.CHILDREN, "edi-admin", activity="A week on campus for 60 school "
                            "pupils.", controls="DBS-checked staff only; no one-to-one contact "
                            "out of sight; safeguarding lead on call; photography consent.",
                            review=self.day(25), level=RiskAssessment.Level.MEDIUM)
            risk_assessment_activate(risk=school, actor=officer)
            create("Working alone: evening library and laboratory staff", RA.WORKING_ALONE,
                   "training-admin", activity="Staff closing buildings after 9pm.")
        with self.on(-300):
            fair = create("Open day 2025", RA.OTHER, "governance-officer",
                          controls="Stewards at every entrance.", review=self.day(-200))
            risk_assessment_activate(risk=fair, actor=officer)
        with self.on(-250):
            risk_assessment_close(risk=fair, actor=officer, reason="The open day took place.")

    # -- policies and procedures (000 §7) -------------------------------------------------------
    def policies(self) -> None:
        inst, officer = self.inst, self.user("governance-officer")
        kingsway = inst.slug == "kingsway"
        entries = [
            # (title, ref, responsible, owner, months, [(version, approved, by, note)], next)
            ("Disciplinary Procedure for Students", "002", "Secretary's Division",
             "decision-maker", 36,
             [("3", dt.date(2020, 3, 17), "SMC", "Review schedule: every 3 years; next "
               "review start 1 April 2023.")], dt.date(2023, 5, 1))
            if kingsway else
            ("Student Discipline Regulations", "004", "Student Conduct Team", "decision-maker",
             36, [("2.1", self.day(-1115), "Senate", "Sanction authority limits and the "
                   "Student Discipline Panel.")], None),
            ("Prevention work: harassment and sexual misconduct" if kingsway
             else "Sexual misconduct and harassment", "000" if kingsway else "004",
             "EDI Office" if kingsway else "Standing Together team", "governance-officer", 12,
             [("2025/26", self.day(-150), "SMC", "Staff-student relationships section "
               "added.")], None),
            ("Safe Contact application pack", "001", "EDI Office", "edi-admin", 24,
             [("1", self.day(-300), "EDI Committee", "First issue.")], None),
            (prevent_plan.TITLE if kingsway else "Prevent duty action plan", "003",
             "Risk and Compliance Unit", "governance-officer", 12,
             [(prevent_plan.VERSION, dt.date.fromisoformat(prevent_plan.VERSION_DATE),
               "Prevent Group", "Ver. 14 \u2013 1 Nov 2018."),
              ("15", self.day(-20), "Prevent Group", "Annual review before the "
               "accountability return.")], None),
        ]
        for title, ref, responsible, owner, months, versions, next_review in entries:
            first = versions[0][1]
            with self.on(min((first - self.today).days, 0)):
                document = policy_document_create(
                    institution=inst, actor=officer, title=title, reference=ref,
                    responsible=responsible, owner=self.user(owner),
                    review_interval_months=months)
            for index, (version, approved, by, note) in enumerate(versions):
                last = index == len(versions) - 1
                with self.on(min((approved - self.today).days, 0)):
                    policy_version_approve(document=document, actor=officer, version=version,
                                           approved_on=approved, approved_by=by, note=note,
                                           next_review_on=next_review if last else None)

    # -- the Prevent action plan (003) ----------------------------------------------------------
    def plan(self) -> None:
        inst, officer = self.inst, self.user("governance-officer")
        words = _kingsway_words if inst.slug == "kingsway" else _midshire_words
        with self.on(-60):
            plan = action_plan_create(
                institution=inst, actor=officer, title=words(prevent_plan.TITLE),
                owner=officer, introduction=words(prevent_plan.INTRODUCTION),
                key=words(prevent_plan.KEY))
            for number, para, risk, action, timing, lead, notes in prevent_plan.ITEMS:
                status, due, review = ITEM_DATES[number]
                action_item_add(
                    plan=plan, actor=officer, number=number, guidance_paragraphs=para,
                    risk_refs=risk, action=words(action), timing=words(timing),
                    lead=self._lead(lead), lead_description=words(lead), notes=words(notes),
                    status=status, due_on=self.day(due) if due is not None else None,
                    review_on=self.day(review) if review is not None else None)
            action_plan_version_record(
                plan=plan, actor=officer, version=prevent_plan.VERSION,
                dated=dt.date.fromisoformat(prevent_plan.VERSION_DATE),
                note="Imported from the policy (003).")
        with self.on(-35):
            first = plan.items.get(number=1)
            action_item_progress(item=first, actor=officer, status=S.DONE,
                                 notes=first.notes + " Return submitted; OfS agreed.")
        with self.on(-20) as day:
            action_plan_version_record(
                plan=plan, actor=officer, version="15", dated=day,
                note="Annual review before the accountability return: item 1 done.",
                next_review_on=self.day(60))

    def _lead(self, lead: str) -> User | None:
        for prefix, key in LEADS:
            if lead.startswith(prefix):
                return self.user(key)
        return None  # the Students' Union, IT: the governance officers are reminded


def _kingsway_words(text: str) -> str:
    return text


def _midshire_words(text: str) -> str:
    """003 is LSE's plan; Midshire's copy names Midshire and its Students' Union."""
    return (text.replace("PREVENT at LSE", "PREVENT at the University of Midshire")
            .replace("LSESU", "MSU").replace("LSE", "Midshire"))
