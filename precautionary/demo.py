"""The demo's precautionary settings and catalogues, and its matters at every stage.

:func:`seed_demo_precautionary` runs before the cases are seeded (so Midshire's new conduct
cases are referred to its Cause for Concern group); :func:`seed_demo_matters` runs after the
cases and reports (``cases.demo.seed_demo_precautionary_matters`` hands it the demo cases, as
this app may not import cases). Every matter is walked through the real services with the clock
set back, so its deadlines, audit trail and letters are what the application would have made.
Runs once: an institution whose matters already have a group is left alone.

Who works on what: ``decision-maker@`` convenes; ``precautionary-group@`` chairs some matters and
sits as a member on others, with ``precautionary-member@`` in the other place;
``appeal-reviewer@`` answers the appeal; ``security@`` is told of measures in force.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from institutions.models import Institution

from .models import (
    Appeal,
    Breach,
    Matter,
    MatterMember,
    MatterRole,
    Measure,
    ProtectedPerson,
    RiskAssessmentRequest,
    Share,
)
from .services.decisions import (
    measures_decide,
    measures_propose,
    representations_invite,
    representations_record,
    representations_skip,
    risk_assess,
)
from .services.followups import (
    appeal_decide,
    appeal_lodge,
    breach_record,
    measure_lift,
    measures_end_with_case,
    measures_review,
    measures_share,
    review_request,
)
from .services.matters import (
    matter_appoint,
    matter_close,
    matter_open,
    matter_open_from_request,
    protected_person_add,
)
from .services.setup import precautionary_catalogue_apply


def seed_demo_precautionary() -> None:
    for slug, shape in (("kingsway", "002"), ("midshire", "004")):
        institution = Institution.objects.get(slug=slug)
        precautionary_catalogue_apply(institution=institution, shape=shape)


def seed_demo_matters(institution: Institution, *, cases: dict, report_student=None) -> None:
    """``cases``: the demo's cases by the respondent's student id; ``report_student``: the
    student a report's request for a risk assessment names (no case yet, §19)."""
    if MatterMember.objects.for_institution(institution).exists():
        return
    seeder = _Seeder(institution, cases, report_student)
    with transaction.atomic():
        if institution.slug == "kingsway":
            seeder.kingsway()
        else:
            seeder.midshire()


SUPPORT = "Student Wellbeing Service; an adviser from the Students' Union; a named contact " \
          "in the department."
DISRUPTION = "Lectures recorded; seminars moved to another group; assessments unaffected."
ASSESSMENT = {"nature": "Alleged harassment of another student (see the case).",
              "circumstances": "Both students live in the same hall and share a course.",
              "police_views": "", "witness_input": "A flatmate confirms the messages."}


class _Seeder:
    def __init__(self, institution: Institution, cases: dict, report_student) -> None:
        self.inst = institution
        self.cases = cases
        self.report_student = report_student
        slug = institution.slug
        self.convener = User.objects.get(email=f"decision-maker@{slug}.example")
        self.group = User.objects.get(email=f"precautionary-group@{slug}.example")
        self.member = User.objects.get(email=f"precautionary-member@{slug}.example")
        self.reviewer = User.objects.get(email=f"appeal-reviewer@{slug}.example")
        self.today = timezone.localdate()
        self.k = slug == "kingsway"

    @contextlib.contextmanager
    def on(self, days_ago: int):
        """Run the services as if it were ``days_ago`` days before today (a weekday)."""
        import time_machine

        day = self.today - dt.timedelta(days=days_ago)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        with time_machine.travel(dt.datetime.combine(day, dt.time(11, 0)).astimezone(),
                                 tick=False):
            yield day

    # -- steps ---------------------------------------------------------------------------
    def matter_for(self, student_id: str, days_ago: int, reason: str) -> Matter:
        """The case's matter: Midshire's was opened when the case was (automatic referral);
        at Kingsway the convener refers the case to the group."""
        case = self.cases[student_id]
        existing = Matter.objects.for_institution(self.inst).filter(case=case).first()
        if existing is not None:
            return existing
        with self.on(days_ago):
            return matter_open(institution=self.inst, actor=self.convener,
                               student=case.respondent, case=case, reason=reason,
                               grounds=["protection"])

    def convene(self, matter: Matter, days_ago: int, *, chair: User, member: User,
                protected: str = "") -> ProtectedPerson | None:
        with self.on(days_ago):
            matter_appoint(matter=matter, actor=self.convener, user=chair,
                           role=MatterRole.CHAIR)
            matter_appoint(matter=matter, actor=self.convener, user=member,
                           role=MatterRole.MEMBER)
            if not protected:
                return None
            return protected_person_add(
                matter=matter, actor=chair, name=protected,
                relation=ProtectedPerson.Relation.REPORTING_STUDENT,
                email="reporter@student.example")

    def assess(self, matter: Matter, days_ago: int, by: User, level: str = "high") -> None:
        with self.on(days_ago):
            risk_assess(matter=matter, actor=by, grounds=["protection", "investigation"],
                        level=level, **ASSESSMENT)

    def propose(self, matter: Matter, days_ago: int, chair: User, code: str, scope: str, *,
                protected: ProtectedPerson | None = None, ends_in: int | None = None,
                breach: Breach | None = None) -> None:
        with self.on(days_ago) as day:
            measures_propose(
                matter=matter, actor=chair, breach=breach,
                measures=[{"type": code, "scope": scope, "starts_on": day,
                           "conditions": "Any contact through others counts as contact."
                           if protected else "",
                           "protected": [protected.pk] if protected else [],
                           "ends_on": day + dt.timedelta(days=ends_in) if ends_in else None}],
                reasons="The group assessed the risk to the reporting student as high while "
                        "the investigation runs.",
                disruption_steps=DISRUPTION, support_offered=SUPPORT,
                reporting_student_support="Safety plan agreed; a Safe Contact named.")

    def decide_urgently(self, matter: Matter, days_ago: int, chair: User, because: str,
                        reason: str) -> None:
        with self.on(days_ago):
            representations_skip(matter=matter, actor=chair, because=because, reason=reason)
            measures_decide(matter=matter, actor=chair)

    def heard_then_decided(self, matter: Matter, invited: int, heard: int, decided: int,
                           chair: User, member: User) -> None:
        with self.on(invited) as day:
            representations_invite(matter=matter, actor=chair, due=day + dt.timedelta(days=3))
        with self.on(heard) as day:
            representations_record(matter=matter, actor=member, received_on=day,
                                   text="The student says they will keep away and asks that "
                                        "they may still attend their lectures.")
        with self.on(decided):
            measures_decide(matter=matter, actor=chair,
                            reasons="Having read the student's representations, the group "
                                    "keeps the measures; lectures stay open to them.")

    def share(self, matter: Matter, days_ago: int, by: User, *recipients) -> None:
        with self.on(days_ago):
            for kind, who in recipients:
                measures_share(matter=matter, actor=by, recipient_kind=kind, recipient=who)

    def review(self, matter: Matter, days_ago: int, chair: User, result: str = "continue"
               ) -> None:
        with self.on(days_ago):
            measures_review(matter=matter, actor=chair, result=result,
                            reasons="The risk remains while the case is open.",
                            assessment={**ASSESSMENT, "level": "medium"})

    def measure(self, matter: Matter) -> Measure:
        return Measure.objects.for_institution(self.inst).filter(
            matter=matter, status=Measure.Status.ACTIVE).first()

    def from_request(self, days_ago: int, chair: User, member: User) -> Matter | None:
        """The group takes up the support caseworker's request from a report (001)."""
        request = (RiskAssessmentRequest.objects.for_institution(self.inst)
                   .filter(status=RiskAssessmentRequest.Status.OPEN, report__isnull=False)
                   .order_by("pk").first())
        if request is None or self.report_student is None:
            return None
        with self.on(days_ago):
            matter = matter_open_from_request(request=request, actor=chair,
                                              student=self.report_student,
                                              grounds=["protection"])
            matter_appoint(matter=matter, actor=self.convener, user=member,
                           role=MatterRole.MEMBER)
            protected_person_add(matter=matter, actor=chair, name="Sam Taylor",
                                 relation=ProtectedPerson.Relation.REPORTING_STUDENT,
                                 email="sam.taylor@student.example")
        return matter

    # -- the institutions ----------------------------------------------------------------
    def kingsway(self) -> None:
        g, m = self.group, self.member
        # Referred by the Secretary; the group has to assess the risk.
        matter = self.matter_for("20231001", 1, "The reporting student lives in the same hall.")
        self.convene(matter, 1, chair=g, member=m)
        # Assessed: the risk is low and no measures are needed for now.
        matter = self.matter_for("20231009", 18, "The reporting student asked for support.")
        self.convene(matter, 18, chair=m, member=g)
        self.assess(matter, 17, g, level="low")
        # Decided by the group after inviting representations; the review is coming due.
        matter = self.matter_for("EE260107", 44, "Sexual misconduct alleged; same course.")
        person = self.convene(matter, 44, chair=g, member=m, protected="A reporting student")
        self.assess(matter, 43, m)
        self.propose(matter, 43, g, "no_contact", "No contact with the reporting student, "
                     "directly or through others", protected=person)
        self.heard_then_decided(matter, 43, 40, 37, g, m)
        self.share(matter, 36, g, (Share.Recipient.SECURITY, "Security Control Room"),
                   (Share.Recipient.RESIDENCES, "Residences manager, Hall B"))
        # Urgent: decided without representations (the reason recorded).
        matter = self.matter_for("20231006", 24, "Threats made to the reporting student.")
        person = self.convene(matter, 24, chair=m, member=g, protected="A reporting student")
        self.assess(matter, 24, g)
        self.propose(matter, 24, m, "exclusion", "Hall B and its common rooms",
                     protected=person)
        self.decide_urgently(matter, 23, m, "urgent",
                             "Threats were made yesterday; the student lives in Hall B.")
        self.share(matter, 22, g, (Share.Recipient.SECURITY, "Security Control Room"))
        # Under appeal, inside the five working days.
        matter = self.matter_for("20231003", 6, "Messages continued after the report.")
        person = self.convene(matter, 6, chair=g, member=m, protected="A reporting student")
        self.assess(matter, 5, m)
        self.propose(matter, 5, g, "no_contact", "No contact with the reporting student",
                     protected=person)
        self.decide_urgently(matter, 4, g, "high_risk",
                             "The reporting student is on the same corridor.")
        with self.on(1) as day:
            appeal_lodge(matter=matter, actor=g, received_on=day, reviewer=self.reviewer,
                         grounds="The student says the measure stops them using the library.")
        # Lifted after a review of the risk.
        matter = self.matter_for("20231005", 38, "Damage to a flatmate's property; threats.")
        self.convene(matter, 38, chair=m, member=g)
        self.assess(matter, 37, g, level="medium")
        self.propose(matter, 37, m, "accommodation", "Move from Hall C to Hall A")
        self.decide_urgently(matter, 36, m, "sensitive", "The flatmate asked not to be named.")
        with self.on(10):
            measure_lift(matter=matter, actor=m, reason="The reporting student has moved out "
                                                        "of the hall; the risk has gone.")
        # Ended when its case ended: replaced by the final outcome, then closed.
        matter = self.matter_for("20231010", 98, "Repeated damage in the hall.")
        self.convene(matter, 98, chair=g, member=m)
        self.assess(matter, 97, m, level="medium")
        self.propose(matter, 97, g, "suspension_events", "Hall social events")
        self.decide_urgently(matter, 96, g, "urgent", "A hall event is this weekend.")
        self.review(matter, 55, g)
        with self.on(41):
            measures_end_with_case(matter=matter, actor=g, replaced=True,
                                   reason="The case is decided: its penalty replaces the "
                                          "measures.")
        with self.on(40):
            matter_close(matter=matter, actor=g, reason="The case has ended.")
        # No case yet (§19): a report's request for a risk assessment, taken up by the group;
        # measures proposed and the student invited to make representations.
        matter = self.from_request(3, g, m)
        if matter is not None:
            self.assess(matter, 3, m)
            self.propose(matter, 2, g, "stay_away", "The Economics building on lecture days "
                         "of the reporting student")
            with self.on(2) as day:
                representations_invite(matter=matter, actor=g, due=day + dt.timedelta(days=7))

    def midshire(self) -> None:
        g, m = self.group, self.member
        # Every conduct case was referred to the Cause for Concern group when it opened.
        # A Non-Contact Order in force, protecting the reporting student.
        matter = self.matter_for("EE260107", 44, "")
        person = self.convene(matter, 44, chair=g, member=m, protected="A reporting student")
        self.assess(matter, 43, m)
        self.propose(matter, 43, g, "non_contact_order", "No contact with the reporting "
                     "student, in person, online or through others", protected=person)
        self.heard_then_decided(matter, 43, 41, 39, g, m)
        self.share(matter, 38, g, (Share.Recipient.SECURITY, "Campus Security"),
                   (Share.Recipient.RESIDENCES, "Residential Life"))
        # A Temporary Exclusion Order: reviewed once, now under review on a material change.
        matter = self.matter_for("20231008", 79, "")
        person = self.convene(matter, 78, chair=m, member=g, protected="A reporting student")
        self.assess(matter, 77, g)
        self.propose(matter, 77, m, "temporary_exclusion_order",
                     "The Students' Union building and Hall B", protected=person)
        self.decide_urgently(matter, 76, m, "high_risk",
                             "The reporting student works in the Students' Union building.")
        self.review(matter, 34, m)
        with self.on(2) as day:
            review_request(matter=matter, actor=g, requested_on=day,
                           material_change="The reporting student has left the Students' "
                                           "Union job; the student asks for the order to end.")
        # A breach of a Non-Contact Order, recorded; a Temporary Exclusion Order proposed.
        matter = self.matter_for("20231006", 24, "")
        person = self.convene(matter, 24, chair=g, member=m, protected="A reporting student")
        self.assess(matter, 23, m)
        self.propose(matter, 23, g, "non_contact_order", "No contact with the reporting "
                     "student", protected=person)
        self.decide_urgently(matter, 22, g, "urgent", "Threats made the day before.")
        with self.on(5) as day:
            breach = breach_record(
                matter=matter, actor=m, kind=Breach.Kind.BREACH, measure=self.measure(matter),
                occurred_on=day - dt.timedelta(days=1), person_affected="A reporting student",
                description="The student sent the reporting student a message through a "
                            "friend.", action=Breach.Action.NEW_MEASURE)
            assessment = {**ASSESSMENT, "level": "high"}
            risk_assess(matter=matter, actor=m, grounds=["protection"], **assessment)
        self.propose(matter, 4, g, "temporary_exclusion_order", "Hall B", protected=person,
                     breach=breach)
        with self.on(4) as day:
            representations_invite(matter=matter, actor=g, due=day + dt.timedelta(days=7))
        # A Temporary Suspension Order lifted on appeal (answered within five working days).
        matter = self.matter_for("20231005", 38, "")
        self.convene(matter, 38, chair=g, member=m)
        self.assess(matter, 37, m)
        self.propose(matter, 37, g, "temporary_suspension_order", "Studies and the campus")
        self.decide_urgently(matter, 36, g, "sensitive", "The allegation is of a sensitive "
                                                         "nature.")
        with self.on(34) as day:
            appeal = appeal_lodge(matter=matter, actor=g, received_on=day,
                                  reviewer=self.reviewer,
                                  grounds="Suspension is out of proportion: a Non-Contact "
                                          "Order would do.")
        with self.on(31):
            appeal_decide(appeal=appeal, actor=self.reviewer, result=Appeal.Result.LIFTED,
                          reasons="The risk can be managed without suspending the student.")
        # Assessed: no measures needed yet.
        matter = self.matter_for("20231003", 29, "")
        self.convene(matter, 29, chair=m, member=g)
        self.assess(matter, 28, g, level="low")
        # Closed with their cases (completed; referred to HR) without measures.
        for student_id, days_ago, reason in (
                ("20231010", 40, "The case is completed; no measures were needed."),
                ("20231011", 14, "The case was referred to HR.")):
            matter = self.matter_for(student_id, days_ago, "")
            with self.on(days_ago):
                matter_close(matter=matter, actor=self.convener, reason=reason)
        # A report's request for a risk assessment, taken up by the group.
        matter = self.from_request(4, g, m)
        if matter is not None:
            self.assess(matter, 3, m, level="medium")
