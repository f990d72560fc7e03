"""The demo's Safe Contact scheme (001) at both institutions, walked through the real services
with the clock set back, so that its deadlines, roles, audit trail and mail are what the
application would have made: applications at every step (one without the line manager's
permission, one whose informal chat is overdue), active Safe Contacts with published
biographies (some with the Sexual Violence specialism, from the training records), one on
leave, one retired, one declined; this term's team meeting and supervision with attendance;
contact logs, one entry referred to the Harassment Management Group with consent.

``edi-admin@<slug>.example`` has chats to record, an induction to confirm, a biography to
approve and people behind on their commitments; ``safe-contact@<slug>.example`` is an active
Safe Contact (Sexual Violence) with a contact log. Runs once per institution."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from institutions.demo import DEMO_PASSWORD
from institutions.models import AcademicTerm, Institution
from training.models import Completion, Module
from training.services.completions import completion_record
from training.services.roster import learner_for_membership

from .commitments import current_term
from .models import SafeContact, Session
from .services.application import equality_tally, safe_contact_apply
from .services.commitments import session_record
from .services.contactlog import contact_log_record
from .services.pipeline import (
    application_decline,
    biography_write,
    chat_record,
    induction_confirm,
    safe_contact_pause,
    safe_contact_publish,
    safe_contact_retire,
)
from .services.settings import safe_contact_settings_set

MOTIVATION = (
    "I have worked at {inst} for several years and I care about making it a place where "
    "everyone feels safe and able to speak up. In my current role I often talk with students "
    "and colleagues who are worried or upset, and I have learned how much it matters to "
    "listen carefully, without judgement, and to explain the options clearly. Outside work I "
    "volunteer with a local helpline, where I completed training in active listening, "
    "boundaries and safeguarding, and I have supported callers through difficult "
    "disclosures. I understand that a Safe Contact does not investigate or advise on the "
    "outcome of a case, but points people to the right support and respects their choices. "
    "I am calm, discreet and reliable, and I know when to seek advice from others. I would "
    "value the termly meetings and supervision, and I am keen to take further training, "
    "especially on supporting people from communities that find it hardest to come forward. "
    "I believe I can help colleagues and students feel heard, and help {inst} respond well "
    "when someone takes the brave step of telling us what happened to them.")

BIOGRAPHY = (
    "I work in {dept} ({title}). I volunteer as a Safe Contact because everyone at {inst} "
    "should have someone to talk to in confidence. I will listen without judgement, explain "
    "the options and support available, and help you decide what to do next, at your pace.")

#: (email key, full name, job title, department, staff type, where they end up, specialisms)
PEOPLE = {
    "kingsway": [
        ("safe-contact", "Sam Rivers", "Senior Lecturer", "Department of Sociology",
         "academic", "active", ["sc-sexual-violence", "sc-lgbtqia"]),
        ("sc-priya", "Priya Shah", "Senior Lecturer", "Department of Economics", "academic",
         "active", ["sc-sexual-violence"]),
        ("sc-tom", "Tom Okafor", "Wellbeing Adviser", "Student Services",
         "professional_services", "active", ["sc-lgbtqia"]),
        ("sc-grace", "Grace Lin", "Professor", "Department of Law", "academic", "active",
         ["sc-racial-harassment"]),
        ("sc-dev", "Dev Patel", "Library Services Manager", "Library",
         "professional_services", "active", []),
        ("sc-hannah", "Hannah Brooks", "Lecturer", "Department of Economics", "academic",
         "paused", []),
        ("sc-martin", "Martin Hughes", "Estates Officer", "Estates", "professional_services",
         "retired", []),
        ("applicant-ali", "Ali Hassan", "Research Officer", "Department of Geography",
         "professional_services", "submitted_flagged", []),
        ("applicant-beth", "Beth Morgan", "Programme Administrator", "Department of Law",
         "professional_services", "submitted_stalled", []),
        ("applicant-chen", "Chen Wei", "Assistant Professor", "Department of Statistics",
         "academic", "induction", []),
        ("applicant-dana", "Dana Kowalski", "HR Adviser", "Human Resources",
         "professional_services", "induction_trained", []),
        ("applicant-eve", "Eve Adeyemi", "Lecturer", "Department of Sociology", "academic",
         "biography", []),
        ("applicant-femi", "Femi Oduya", "Careers Consultant", "Careers Service",
         "professional_services", "biography_written", []),
        ("applicant-gil", "Gil Navarro", "Teaching Fellow", "Department of Economics",
         "academic", "declined", []),
    ],
    "midshire": [
        ("safe-contact", "Robin Ellis", "Student Support Officer", "Student Life",
         "professional_services", "active", ["sc-sexual-violence"]),
        ("sc-amara", "Amara Nwosu", "Senior Lecturer", "School of Nursing", "academic",
         "active", ["sc-sexual-violence", "sc-domestic-abuse"]),
        ("sc-jon", "Jon Price", "Faculty Administrator", "Faculty of Arts",
         "professional_services", "active", ["sc-antisemitism"]),
        ("sc-leah", "Leah Fischer", "Lecturer", "School of Engineering", "academic", "active",
         ["sc-lgbtqia"]),
        ("sc-omar", "Omar Siddiqui", "IT Trainer", "IT Services", "professional_services",
         "active", []),
        ("sc-ruth", "Ruth Kamara", "Lecturer", "School of Nursing", "academic", "paused", []),
        ("sc-colin", "Colin Barnes", "Porter", "Estates", "professional_services", "retired",
         []),
        ("applicant-ines", "Ines Duarte", "Research Fellow", "School of Engineering",
         "academic", "submitted_flagged", []),
        ("applicant-kai", "Kai Turner", "Admissions Officer", "Admissions",
         "professional_services", "submitted_stalled", []),
        ("applicant-lola", "Lola Mensah", "Lecturer", "Faculty of Arts", "academic",
         "induction", []),
        ("applicant-max", "Max Weber", "Finance Officer", "Finance", "professional_services",
         "induction_trained", []),
        ("applicant-nia", "Nia Roberts", "Librarian", "Library", "professional_services",
         "biography", []),
        ("applicant-otto", "Otto Lind", "Senior Lecturer", "School of Law", "academic",
         "biography_written", []),
        ("applicant-pam", "Pam Ward", "Technician", "School of Engineering",
         "professional_services", "declined", []),
    ],
}

#: Each applicant's optional equality answers, in turn (some leave questions blank).
EQUALITY = [
    {"gender": "woman", "ethnicity": "white", "disability": "no",
     "sexual_orientation": "heterosexual", "religion": "none"},
    {"gender": "man", "ethnicity": "asian", "disability": "no",
     "sexual_orientation": "heterosexual", "religion": "muslim"},
    {"gender": "woman", "ethnicity": "black", "disability": "yes",
     "sexual_orientation": "bisexual", "religion": "christian"},
    {"gender": "woman", "ethnicity": "white", "disability": "no",
     "sexual_orientation": "gay_lesbian", "religion": "none"},
    {"gender": "prefer_not_to_say", "ethnicity": "prefer_not_to_say",
     "disability": "prefer_not_to_say", "sexual_orientation": "prefer_not_to_say",
     "religion": "prefer_not_to_say"},
    {},
    {"gender": "man", "ethnicity": "white", "disability": "no",
     "sexual_orientation": "heterosexual", "religion": "christian"},
]

EDI_OFFICE = {
    "kingsway": "The Equality, Diversity and Inclusion (EDI) office coordinates the Safe "
                "Contacts and can put you in touch with one: email us, or call 020 7946 0789 "
                "(weekdays 9am to 5pm).",
    "midshire": "The EDI team can put you in touch with a Safe Contact, in confidence: email "
                "us, or visit the Student Life building, first floor (weekdays 10am to 4pm).",
}

#: Midshire's terms have no summer; 001 asks for a team meeting in summertime too.
MIDSHIRE_SUMMER = ("Summer 2027", dt.date(2027, 6, 14), dt.date(2027, 9, 17))


def seed_demo_safe_contacts() -> None:
    for slug in ("kingsway", "midshire"):
        institution = Institution.objects.get(slug=slug)
        if SafeContact.objects.for_institution(institution).exists():
            continue
        with transaction.atomic():
            _Seeder(institution).run()


class _Seeder:
    def __init__(self, institution: Institution) -> None:
        self.inst = institution
        slug = institution.slug
        self.edi = User.objects.get(email=f"edi-admin@{slug}.example")
        self.caseworker = User.objects.get(email=f"support-caseworker@{slug}.example")
        self.today = timezone.localdate()
        self.modules = {m.key: m for m in Module.objects.for_institution(institution)}

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

    def person(self, key: str, name: str, title: str, dept: str) -> User:
        """The demo login (``safe-contact@`` exists already, with its role) or a new one."""
        email = f"{key}@{self.inst.slug}.example"
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        membership, _ = Membership.objects.for_institution(self.inst).get_or_create(
            institution=self.inst, user=user)
        membership.job_title, membership.department = title, dept
        membership.save(update_fields=["job_title", "department"])
        return user

    def train(self, user: User, key: str, on: dt.date) -> None:
        membership = Membership.objects.for_institution(self.inst).get(user=user)
        completion_record(learner=learner_for_membership(membership=membership),
                          module=self.modules[key], completed_on=on,
                          source=Completion.Source.REGISTER, audit=False)

    # -- the people ------------------------------------------------------------------------
    def run(self) -> None:
        admin = User.objects.get(email=f"institution-admin@{self.inst.slug}.example")
        safe_contact_settings_set(
            institution=self.inst, actor=admin, edi_office_email=f"edi@{self.inst.slug}.example",
            edi_office_text=EDI_OFFICE[self.inst.slug])
        if self.inst.slug == "midshire":
            name, start, end = MIDSHIRE_SUMMER
            AcademicTerm.objects.for_institution(self.inst).get_or_create(
                institution=self.inst, name=name, defaults={"start": start, "end": end})
        for n, (key, name, title, dept, kind, end, specialisms) in enumerate(
                PEOPLE[self.inst.slug]):
            self.walk(n, self.person(key, name, title, dept), key, name, title, dept, kind,
                      end, specialisms)
        self.sessions()
        self.contact_logs()
        self.last_years_round()

    def last_years_round(self) -> None:
        """Last year's applicants' equality answers (tallies only; this year's are not shown
        until the year ends, safecontacts/equality.py), so the EDI page has a closed year."""
        for n in range(14):
            equality_tally(institution=self.inst, year=self.today.year - 1,
                           answers=EQUALITY[n % len(EQUALITY)])

    def walk(self, n, user, key, name, title, dept, kind, end, specialisms) -> None:
        """Apply ``applied`` days ago and go as far as ``end``. Each step is a few days after
        the one before (``on`` may move a step back to the Friday before a weekend, never
        before the step it follows)."""
        established = end in ("active", "paused", "retired")
        applied = 300 - 20 * n if established else {
            "submitted_flagged": 2, "submitted_stalled": 35, "induction": 12,
            "induction_trained": 30, "biography": 50, "biography_written": 60,
            "declined": 20}[end]
        with self.on(applied):
            record = safe_contact_apply(
                institution=self.inst, actor=user, full_name=name, email=user.email,
                job_title=title, department=dept, staff_type=kind,
                motivation=MOTIVATION.format(inst=self.inst.name),
                line_manager_permission=end != "submitted_flagged",
                sexual_violence_interest="sc-sexual-violence" in specialisms or n % 3 == 0,
                equality=EQUALITY[n % len(EQUALITY)])
        if end.startswith("submitted"):
            return
        with self.on(applied - 5) as day:
            chat_record(record=record, actor=self.edi, held_on=day,
                        staff=[self.edi, self.caseworker],
                        notes="Good listener; understands the limits of the role."
                        if end != "declined" else "Heavy teaching load this year.")
        if end == "declined":
            with self.on(applied - 8):
                application_decline(record=record, actor=self.edi, reason=(
                    "Agreed at the chat to apply again next year, when the teaching load is "
                    "lighter."))
            return
        if end == "induction":
            return
        self.train(user, "safe-contact-induction",
                   self.today - dt.timedelta(days=applied - 10))
        if end == "induction_trained":
            return
        with self.on(applied - 14):
            induction_confirm(record=record, actor=self.edi)
        if end == "biography":
            return
        with self.on(applied - 18):
            biography_write(record=record, actor=user, biography=BIOGRAPHY.format(
                title=title, dept=dept, inst=self.inst.name), contact_email=user.email)
        if end == "biography_written":
            return
        with self.on(applied - 22):
            safe_contact_publish(record=record, actor=self.edi)
        for i, module in enumerate(specialisms):
            self.train(user, module, self.today - dt.timedelta(days=40 + 90 * i))
        if end == "paused":
            with self.on(30):
                safe_contact_pause(record=record, actor=self.edi,
                                   reason="Parental leave until the spring.")
        elif end == "retired":
            with self.on(15):
                safe_contact_retire(record=record, actor=self.edi,
                                    reason="Left the institution.")

    # -- commitments -----------------------------------------------------------------------
    def sessions(self) -> None:
        term = current_term(self.inst, self.today)
        if term is None:
            return
        attending = list(SafeContact.objects.for_institution(self.inst)
                         .filter(stage=SafeContact.Stage.ACTIVE).order_by("pk")
                         .values_list("pk", flat=True))
        held_on = min(self.today - dt.timedelta(days=3), term.end)
        if held_on < term.start:
            return
        # Not everyone came: the last active Safe Contact missed the meeting, and only the
        # first three came to supervision.
        for kind, who in ((Session.Kind.TEAM_MEETING, attending[:-1]),
                          (Session.Kind.SUPERVISION, attending[:3])):
            with self.on((self.today - held_on).days):
                session_record(institution=self.inst, actor=self.edi, kind=kind, term=term,
                               held_on=timezone.localdate(), attendee_ids=who)

    def contact_logs(self) -> None:
        me = User.objects.get(email=f"safe-contact@{self.inst.slug}.example")
        other = (SafeContact.objects.for_institution(self.inst)
                 .filter(stage=SafeContact.Stage.ACTIVE).exclude(person=me).order_by("pk")
                 .first())
        rows = [
            (70, "harassment", "student", ["report_support", "student_wellbeing"], {}),
            (55, "bullying", "staff", ["hr", "staff_wellbeing", "trade_union"], {}),
            (41, "sexual_violence", "student", ["isva", "health", "report_support"],
             {"referral": {"reason": "The student fears the other student, who lives in the "
                                     "same hall, will approach them again.",
                           "contact_consent": True,
                           "contact_details": "Through the Safe Contact's work email; the "
                                              "student prefers email to phone."}}),
            (30, "racial", "student", ["report_support", "students_union"],
             {"handed_over": True, "handed_to_id": other.pk}),
            (21, "sexual_harassment", "staff", ["hr", "harassment_adviser"], {}),
            (12, "stalking", "student", ["security", "police", "isva"],
             {"confidentiality_broken": True,
              "confidentiality_advisors": ["security", "student_services"],
              "confidentiality_advised_on": self.today - dt.timedelta(days=11)}),
            (4, "sexual_violence", "student", ["isva", "external_specialist"], {}),
        ]
        for days_ago, concern, person_kind, signposts, extra in rows:
            with self.on(days_ago) as day:
                values = dict(extra)
                if "confidentiality_advised_on" in values:
                    values["confidentiality_advised_on"] = day
                contact_log_record(institution=self.inst, actor=me, contacted_on=day,
                                   concern=concern, person_kind=person_kind,
                                   signposted_to=signposts, **values)
        colleague = User.objects.get(pk=other.person_id)
        for days_ago, concern in ((60, "discrimination"), (33, "bullying"), (8, "hate")):
            with self.on(days_ago) as day:
                contact_log_record(institution=self.inst, actor=colleague, contacted_on=day,
                                   concern=concern, person_kind="staff",
                                   signposted_to=["hr", "report_support"])
