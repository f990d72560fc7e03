"""Demo cases at every stage of each demo institution's procedure.

Each case is walked through the real services with the clock set back (time-machine), so its
deadlines, history, audit trail and letters are exactly what the application would have
produced. Runs once: institutions that already have cases are left alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from institutions.models import Institution

from .models import Case, CaseRole, CaseSettings, InformalReview, Party
from .services.appeal_panels import appeal_panel_convene, appeal_panel_decide
from .services.appeals import appeal_decide, appeal_lodge, case_close_no_appeal
from .services.assignments import case_assign
from .services.board import board_decide, board_record_hearing, board_send_notice
from .services.delays import case_delay_notify
from .services.informal_reviews import informal_review_request, informal_review_request_online
from .services.intake import case_decide_intake, case_open
from .services.investigation import (
    allegation_notice_issue,
    evidence_request_answer,
    evidence_request_create,
    investigation_meeting_record,
    investigator_report_submit,
    statement_agreement_record,
    statement_record,
)
from .services.outcomes import formal_decide, informal_outcome
from .services.pauses import case_pause
from .services.setup import disciplinary_catalogue_apply

STUDENTS = [
    ("20231001", "Jordan", "Ellis", "BSc Economics", "standard"),
    ("20231002", "Priya", "Natarajan", "MSc Finance", "standard"),
    ("SS270104", "Lena", "Fischer", "Summer School: Economics", "summer_school"),
    ("20231003", "Tom", "Okafor", "BA History", "standard"),
    ("20231005", "Marcus", "Reid", "LLB Law", "standard"),
    ("20231006", "Hannah", "Kowalski", "BSc Mathematics", "standard"),
    ("EE260107", "Daniel", "Cho", "Executive Education: Leadership", "executive_education"),
    ("20231008", "Chloe", "Barnes", "BSc Psychology", "standard"),
    ("20231009", "Aaron", "Mensah", "MSc Data Science", "standard"),
    ("20231010", "Sofia", "Romano", "BA Philosophy", "standard"),
    ("20231011", "Kieran", "Walsh", "BEng Engineering", "standard"),
    ("20231012", "Imogen", "Clarke", "BSc Geography", "standard"),
    ("20231013", "Yusuf", "Haddad", "MSc Economics", "standard"),
    ("20231014", "Amara", "Obi", "BSc Biology", "standard"),
    ("20231015", "Felix", "Lindqvist", "MA English", "standard"),
    ("20231016", "Nadia", "Haddad", "BSc Sociology", "standard"),
]

#: The alumni team's address (§63) the demo configures: see the emails in the outbox.
ALUMNI_TEAM = "alumni-team@{slug}.example"


def seed_demo_cases() -> None:
    for slug, shape in (("kingsway", "002"), ("midshire", "004")):
        institution = Institution.objects.get(slug=slug)
        disciplinary_catalogue_apply(institution=institution, shape=shape)
        _configure(institution, shape)
        if Case.objects.for_institution(institution).exists():
            continue
        _Seeder(institution).run()


def _configure(institution: Institution, shape: str) -> None:
    """The alumni team's address (§63) and the aim to complete a case (§44; 004's 90 days),
    set through the audited settings service as the institution's admin."""
    from .services.settings import case_settings_set
    from .services.setup import SETTINGS

    admin = User.objects.get(email=f"institution-admin@{institution.slug}.example")
    case_settings_set(institution=institution, actor=admin,
                      alumni_team_email=ALUMNI_TEAM.format(slug=institution.slug),
                      delay_aim_rule=SETTINGS[shape]["delay_aim_rule"])


def seed_demo_precautionary_matters() -> None:
    """Precautionary matters at every stage on the demo cases (after the cases and reports;
    precautionary/demo.py walks them, as that app may not import cases)."""
    from precautionary.demo import seed_demo_matters

    from .models import Student

    for slug in ("kingsway", "midshire"):
        institution = Institution.objects.get(slug=slug)
        cases = {case.respondent.student_id: case for case in
                 Case.objects.for_institution(institution).select_related("respondent")}
        # The student named in the reporting demo's request for a risk assessment: known to
        # the student records, with no case yet (002 §19).
        student, _ = Student.objects.for_institution(institution).get_or_create(
            institution=institution, student_id="20239876",
            defaults={"given_name": "Chris", "family_name": "Doe", "programme": "BA History",
                      "email": "chris.doe@student.example"})
        seed_demo_matters(institution, cases=cases, report_student=student)


class _Seeder:
    def __init__(self, institution: Institution) -> None:
        self.inst = institution
        slug = institution.slug
        self.staff = {
            key: User.objects.get(email=f"{key}@{slug}.example")
            for key in ("decision-maker", "informal-resolution-officer", "investigator", "clerk",
                        "board-member", "board-su", "board-academic", "appeal-reviewer",
                        "support-caseworker")
        }
        self.today = timezone.localdate()
        self.students = iter(STUDENTS)

    @contextlib.contextmanager
    def on(self, days_ago: int):
        """Run the services as if it were ``days_ago`` days before today (a weekday)."""
        import time_machine

        day = self.today - dt.timedelta(days=days_ago)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0)).astimezone(),
                                 tick=False):
            yield day

    def on_day(self, day: dt.date):
        """Like :meth:`on`, on a given date (a hearing day, say)."""
        return self.on((self.today - day).days)

    def open(self, days_ago: int, *, severity: str = "major", category: str = "harassment",
             kind: str = "24.6", reporter: str = "A reporting student") -> Case:
        student_id, given, family, programme, cohort = next(self.students)
        with self.on(days_ago) as day:
            return case_open(
                institution=self.inst, actor=self.staff["decision-maker"],
                respondent={"student_id": student_id, "given_name": given,
                            "family_name": family, "programme": programme, "cohort": cohort,
                            "email": f"{given.lower()}.{family.lower()}@student.example",
                            "registration_status": "registered"},
                allegations=[{"misconduct_type": kind, "category": category,
                              "severity": severity,
                              "description": "Demo allegation: see the summary."}],
                parties=[{"kind": "reporting_party", "name": reporter,
                          "email": "reporter@student.example"}],
                allegation_raised_on=day, incident_date=day - dt.timedelta(days=3),
                incident_place="Hall of residence",
                summary="Demo case. A student reported repeated unwanted messages and "
                        "comments over several weeks.")

    def assign(self, case: Case, key: str, role: str) -> None:
        case_assign(case=case, actor=self.staff["decision-maker"], user=self.staff[key],
                    role=role)

    def intake(self, case: Case, route: str, days_ago: int) -> Case:
        with self.on(days_ago):
            actor = self.staff["decision-maker"]
            return case_decide_intake(case=case, actor=actor, route=route,
                                      reasons="Demo: decision whether to proceed.",
                                      referred_to="HR (the respondent is also a member of "
                                                  "staff)" if route == "refer" else "")

    def to_board(self, case: Case, days_ago: int) -> Case:
        case = self.intake(case, "formal", days_ago)
        with self.on(days_ago):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(days_ago - 10):
            formal_decide(case=case, actor=self.staff["decision-maker"],
                          result="refer_to_board", reasons="Major misconduct: the Board "
                          "should consider the allegation.")
            for key, role in (("clerk", CaseRole.CLERK), ("board-member", CaseRole.BOARD_CHAIR),
                              ("board-su", CaseRole.BOARD_SU_OFFICER),
                              ("board-academic", CaseRole.BOARD_ACADEMIC)):
                self.assign(case, key, role)
        return case

    def notice(self, case: Case, days_ago: int, hearing_in: int) -> dt.date:
        """Send the notice ``days_ago``; the hearing ``hearing_in`` days later, on a weekday
        (so that the demo is the same whatever day of the week it is loaded)."""
        with self.on(days_ago) as day:
            hearing = day + dt.timedelta(days=hearing_in)
            while hearing.weekday() >= 5:
                hearing += dt.timedelta(days=1)
            board_send_notice(
                case=case, actor=self.staff["clerk"],
                hearing_date=hearing, hearing_format="in_person",
                arrangements="Room 2.14, 10:00. The hearing will take about two hours.",
                evidence_summary="Screenshots of messages; two witness statements.",
                documents="Investigation report\nScreenshots of messages",
                witnesses="A witness (flatmate)")
        return hearing

    @transaction.atomic
    def run(self) -> None:
        fine = "fine"
        # 1. New: the decision whether to proceed is due.
        self.open(2)
        # 2. Informal resolution (minor misconduct).
        case = self.open(6, severity="minor")
        case = self.intake(case, "informal", 5)
        with self.on(5):
            self.assign(case, "informal-resolution-officer", CaseRole.INFORMAL_OFFICER)
        # 3. Informal outcome issued; appeal window open (the third student's cohort).
        case = self.open(12, severity="minor")
        case = self.intake(case, "informal", 11)
        with self.on(11):
            self.assign(case, "informal-resolution-officer", CaseRole.INFORMAL_OFFICER)
        with self.on(1):
            informal_outcome(case=case, actor=self.staff["informal-resolution-officer"],
                             misconduct_found=True, reasons="The remarks were misconduct.",
                             actions_taken="Met both students; the student apologised.",
                             penalties=[{"code": "apology"}])
        # 4. Formal investigation, paused while the police investigate.
        case = self.open(30)
        case = self.intake(case, "formal", 29)
        with self.on(29):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(20) as day:
            case_pause(case=case, actor=self.staff["decision-maker"], reason="police",
                       detail="The police are investigating; the reporting student agreed.",
                       student_told_on=day)
        # 5. Formal decision (upheld, a fine): appeal window open.
        case = self.open(40, severity="minor", category="property_damage", kind="24.7")
        case = self.intake(case, "formal", 39)
        with self.on(39):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(2):
            formal_decide(case=case, actor=self.staff["decision-maker"], result="uphold",
                          reasons="The damage is proven on the balance of probabilities.",
                          penalties=[{"code": fine, "amount": "150"},
                                     {"code": "written_warning"}],
                          considered_previous_record=True, admitted=True)
        # 6. Referred to the Board: the clerk's notice is due.
        case = self.open(25)
        self.to_board(case, 24)
        # 7. Board hearing arranged.
        case = self.open(45, category="sexual")
        self.to_board(case, 44)
        self.notice(case, 30, hearing_in=40)
        # 8. Board decided: appeal window open.
        case = self.open(80)
        self.to_board(case, 79)
        hearing = self.notice(case, 60, hearing_in=20)
        with self.on_day(hearing):
            board_record_hearing(case=case, actor=self.staff["clerk"], result="held")
        with self.on(3):
            votes = [{"member": self.staff[k].pk, "offence_committed": True,
                      "penalties": ["suspension"]}
                     for k in ("board-member", "board-su", "board-academic")]
            board_decide(case=case, actor=self.staff["clerk"], votes=votes,
                         reasons="The Board found the allegation proven by majority.")
        # 9. Appeal under review.
        case = self.open(60, severity="minor", category="property_damage", kind="24.7")
        case = self.intake(case, "formal", 59)
        with self.on(59):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(20):
            formal_decide(case=case, actor=self.staff["decision-maker"], result="uphold",
                          reasons="Proven.", penalties=[{"code": "written_warning"}],
                          considered_previous_record=True)
        with self.on(16) as day:
            appeal_lodge(case=case, actor=self.staff["clerk"], received_on=day,
                         grounds=["bias"] if self.inst.slug == "kingsway" else ["excessive"],
                         summary="The student says the penalty is unfair.",
                         contact="student@student.example", decision_received_on=day)
            self.assign(case, "appeal-reviewer", CaseRole.APPEAL_REVIEWER)
        # 10. Closed after appeal, with a Completion of Procedures letter.
        case = self.open(100, severity="minor", category="property_damage", kind="24.7")
        case = self.intake(case, "formal", 99)
        with self.on(99):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(60):
            formal_decide(case=case, actor=self.staff["decision-maker"], result="uphold",
                          reasons="Proven.", penalties=[{"code": "written_warning"}],
                          considered_previous_record=True)
        with self.on(57) as day:
            appeal = appeal_lodge(case=case, actor=self.staff["clerk"], received_on=day,
                                  grounds=["unreasonable"], summary="Too harsh.",
                                  contact="student@student.example", decision_received_on=day)
            self.assign(case, "appeal-reviewer", CaseRole.APPEAL_REVIEWER)
        with self.on(40):
            appeal_decide(appeal=appeal, actor=self.staff["appeal-reviewer"], result="confirm",
                          reasons="The outcome was reasonable.")
        # 11. Referred to HR (the respondent is also staff) at intake.
        case = self.open(15)
        self.intake(case, "refer", 14)
        # 12. Under investigation, the aim to complete it days away (Kingsway: 60 days from
        # the allegation, §44; Midshire: 90 days from the decision to investigate): the case
        # page warns that a delay letter is due.
        kingsway = self.inst.slug == "kingsway"
        case = self.open(57 if kingsway else 88)
        case = self.intake(case, "formal", 57 if kingsway else 87)
        with self.on(56 if kingsway else 87):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        # 13. The aim was missed: the delay letter told the parties the reason and the new
        # expected date.
        case = self.open(70 if kingsway else 100)
        case = self.intake(case, "formal", 69 if kingsway else 99)
        with self.on(69 if kingsway else 99):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(5) as day:
            case_delay_notify(case=case, actor=self.staff["decision-maker"],
                              new_date=day + dt.timedelta(days=35),
                              reason="A key witness is abroad on placement and can meet the "
                                     "investigator only next month.")
        # 16. Formal investigation under way: the investigation file (§28, §39-44).
        self.investigation(self.open(21))
        if CaseSettings.of(self.inst).appeal_route == "designated_member":
            self.appeals_panel()
        if CaseSettings.of(self.inst).reporting_party_review:
            self.informal_review()

    def appeals_panel(self) -> None:
        """14. (004) The designated member convened an appeals panel, which decided."""
        case = self.open(130, severity="minor", category="property_damage", kind="24.7")
        case = self.intake(case, "formal", 129)
        with self.on(129):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(100):
            formal_decide(case=case, actor=self.staff["decision-maker"], result="uphold",
                          reasons="Proven.", penalties=[{"code": "written_warning"}],
                          considered_previous_record=True)
        with self.on(97) as day:
            appeal = appeal_lodge(case=case, actor=self.staff["clerk"], received_on=day,
                                  grounds=["bias", "excessive"],
                                  summary="The student says the Conduct Officer was biased "
                                          "and the warning excessive.",
                                  contact="student@student.example", decision_received_on=day)
            self.assign(case, "appeal-reviewer", CaseRole.APPEAL_REVIEWER)
        with self.on(95):
            appeal_panel_convene(
                appeal=appeal, actor=self.staff["appeal-reviewer"],
                chair=self.staff["board-member"],
                members=[self.staff["board-su"], self.staff["board-academic"]],
                reasons="The allegation of bias needs a full hearing by a panel.")
        with self.on(80):
            appeal_panel_decide(appeal=appeal, actor=self.staff["board-member"],
                                result="amend", penalties=[{"code": "reprimand"}],
                                reasons="No bias was shown, but a formal written warning was "
                                        "excessive for a first, minor matter: a reprimand.")
        # The reporting student asked online, from their letter's link, for an informal
        # review of the panel's decision: it waits for someone independent to be asked.
        with self.on(6):
            informal_review_request_online(
                case=case, party=Party.objects.for_institution(self.inst).get(
                    case=case, kind=Party.Kind.REPORTING_PARTY),
                concerns="I was not told the appeal had changed the penalty until it was "
                         "over, and a reprimand feels like nothing happened.")

    def informal_review(self) -> None:
        """15. (004) After the outcome, the reporting student asked for an informal review."""
        case = self.open(50, severity="minor", reporter="Sam Reporter")
        case = self.intake(case, "formal", 49)
        with self.on(49):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(30):
            formal_decide(case=case, actor=self.staff["decision-maker"], result="uphold",
                          reasons="Proven.", penalties=[{"code": "reprimand"}],
                          considered_previous_record=True)
        with self.on(10):
            case_close_no_appeal(case=case, actor=self.staff["decision-maker"])
        with self.on(3) as day:
            party = Party.objects.for_institution(self.inst).get(
                case=case, kind=Party.Kind.REPORTING_PARTY)
            informal_review_request(
                case=case, actor=self.staff["decision-maker"], party=party, requested_on=day,
                via=InformalReview.Via.CASEWORKER, reviewer=self.staff["appeal-reviewer"],
                concerns="The reporting student feels a reprimand does not reflect the harm "
                         "done, and was not told how the penalty was chosen.")

    def investigation(self, case: Case) -> None:
        """The notice of the allegation, meetings with the reporting student (with their
        caseworker) and the reported student (with a silent observer and an adjustment),
        statements, a request for evidence, and at Kingsway the investigator's report."""
        case = self.intake(case, "formal", 20)
        investigator = self.staff["investigator"]
        reporter = case.parties.get()
        with self.on(20):
            self.assign(case, "investigator", CaseRole.INVESTIGATOR)
        with self.on(19) as day:
            allegation_notice_issue(
                case=case, actor=investigator, respond_by=day + dt.timedelta(days=14),
                meeting_on=day + dt.timedelta(days=7), meeting_place="Student Services, room 1.02",
                particulars="It is alleged that you sent repeated unwanted messages and made "
                            "comments to another student over several weeks, which may be "
                            "abusive conduct, bullying or harassment under the Code of "
                            "Conduct.")
        with self.on(16) as day:
            met = investigation_meeting_record(
                case=case, actor=investigator, interviewee="reporting_party", party=reporter,
                held_on=day, attendees=f"{reporter.name}\n{investigator}",
                companion="caseworker", companion_name="Their caseworker",
                notes="Demo notes: the student described the messages and brought screenshots.")
            statement = statement_record(
                case=case, actor=investigator, meeting=met, taken_on=day,
                text="Demo statement: the messages began in the second week of term ...")
        with self.on(15) as day:
            statement_agreement_record(statement=statement, actor=investigator,
                                       agreement="agreed", on=day, how="Signed copy returned")
            request = evidence_request_create(
                case=case, actor=investigator, what="Hall entry logs for the weeks concerned",
                from_whom="Residences office", requested_on=day,
                due_on=day + dt.timedelta(days=7))
        with self.on(12) as day:
            met = investigation_meeting_record(
                case=case, actor=investigator, interviewee="respondent", held_on=day,
                attendees=f"{case.respondent.full_name}\n{investigator}\nA friend",
                told_of_right_to_be_accompanied=True, companion="friend",
                companion_role="silent_observer",
                adjustments="Extra time and a break mid-meeting (wellbeing).",
                notes="Demo notes: the student accepted sending some messages, not all.")
            respondent_statement = statement_record(
                case=case, actor=investigator, meeting=met, taken_on=day,
                text="Demo statement: I sent some of the messages but meant no harm ...")
        with self.on(9) as day:
            evidence_request_answer(request=request, actor=investigator, status="received",
                                    on=day, note="Logs received by email.")
        if self.inst.slug == "kingsway":
            with self.on(6) as day:
                statement_agreement_record(statement=respondent_statement, actor=investigator,
                                           agreement="agreed", on=day, how="By email")
                investigator_report_submit(
                    case=case, actor=investigator, statements=[statement, respondent_statement],
                    summary="Demo report: two meetings held, two agreed statements, hall logs "
                            "obtained.",
                    findings="The messages were sent by the student; their frequency and "
                             "content support the allegation on the balance of probabilities.")
