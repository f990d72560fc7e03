"""The demo's training: each institution's modules (Kingsway has the 002 shape's Consent.Ed,
Midshire the 004 shape's Bystander and Consent), and the completions its staff need.

Runs right after the demo's staff are created and before any case is seeded: every demo member
in a role that needs training (institutions.demo.TRAINED_ROLES) holds current specialist and
unconscious bias training, except ``untrained-investigator@``, who is there to be refused.

Then the training administrators' side, walked through the services as
``training-admin@<slug>.example`` (password ``demo-password-2026``):

* campaigns: Midshire's Bystander and Consent 2025 and 2026 (15 September to 20 October);
  Kingsway's Consent.Ed Level 1 and Level 2 for the 2026 cohort;
* a roster of 40 students per institution (16 of Midshire's in their first year) and every
  member of staff, linked to their account;
* a completed import of the learning platform's export with two rows refused (Kingsway's names
  each row's module by key; Midshire's is of one module chosen at upload), so some students
  have completed and others are outstanding;
* staff completions at mixed states: the staff module done by most and outstanding for some,
  Prevent awareness expired for some, and ``safe-contact@``'s specialist training on sexual
  violence expiring within 60 days (the reminder task emails them);
* an in-person session with its register: Kingsway's Consent.Ed Level 2 workshop, Midshire's
  Safe Contact induction.

Dates are counted back from the day the demo is loaded, so it reads the same whatever the day.
Idempotent: the roster and campaigns are found again, and an institution that already has an
import or a session is not given another.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User
from institutions.demo import TRAINED_ROLES
from institutions.models import Institution

from .catalogue import training_catalogue_apply
from .models import Campaign, Completion, ImportRun, Learner, Module, TrainingSession
from .services.completions import completion_record
from .services.imports import Columns, import_run_process, import_start, import_upload
from .services.modules import campaign_create
from .services.roster import learner_create, learner_for_membership
from .services.sessions import register_add, register_save, session_create

SHAPES = (("kingsway", "002"), ("midshire", "004"))

#: When the demo staff took their specialist and unconscious bias training.
TRAINED_ON = dt.date(2025, 9, 1)

STUDENTS = 40
FIRST_YEARS = 16  # Midshire's, who must take Bystander and Consent
GIVEN = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hamza", "Isla", "Jonah",
         "Kiran", "Lena", "Malik", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sami", "Tara"]
FAMILY = ["Adeyemi", "Brennan", "Chen", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
          "Jones", "Kowalski", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Reid", "Shah",
          "Taylor", "Walsh"]
DEPARTMENTS = ["Economics", "Law", "Government", "Sociology", "Mathematics", "History"]

CAMPAIGNS = {
    "kingsway": [
        ("consent-ed-1", "Consent.Ed Level 1 2026", dt.date(2026, 9, 14),
         dt.date(2026, 10, 30), "2026"),
        ("consent-ed-2", "Consent.Ed Level 2 workshops 2026", dt.date(2026, 10, 5),
         dt.date(2026, 12, 11), "2026"),
    ],
    "midshire": [
        ("bystander-consent", "Bystander and Consent 2025", dt.date(2025, 9, 15),
         dt.date(2025, 10, 20), "2025"),
        ("bystander-consent", "Bystander and Consent 2026", dt.date(2026, 9, 15),
         dt.date(2026, 10, 20), "2026"),
    ],
}


@transaction.atomic
def seed_demo_training() -> None:
    for slug, shape in SHAPES:
        institution = Institution.objects.get(slug=slug)
        training_catalogue_apply(institution=institution, shape=shape)
        required = list(Module.objects.for_institution(institution).filter(
            purpose__in=[Module.Purpose.DISCIPLINARY_SPECIALIST,
                         Module.Purpose.UNCONSCIOUS_BIAS]))
        members = (Membership.objects.for_institution(institution)
                   .filter(roles__role__in=TRAINED_ROLES).distinct().select_related("user"))
        for membership in members:
            if membership.user.email.startswith("untrained-"):
                continue
            learner = learner_for_membership(membership=membership)
            for module in required:
                completion_record(learner=learner, module=module, completed_on=TRAINED_ON,
                                  source=Completion.Source.MANUAL, audit=False)
        _administrators_side(institution, timezone.localdate())


def _administrators_side(institution, today: dt.date) -> None:
    admin = User.objects.get(email=f"training-admin@{institution.slug}.example")
    modules = {m.key: m for m in Module.objects.for_institution(institution)}
    _campaigns(institution, admin, modules)
    students = _students(institution, admin)
    staff = _staff(institution, admin, modules, today)
    if not ImportRun.objects.for_institution(institution).exists():
        _import(institution, admin, students, today)
    if not TrainingSession.objects.for_institution(institution).exists():
        _session(institution, admin, modules, students, staff, today)


def _campaigns(institution, admin, modules) -> None:
    existing = set(Campaign.objects.for_institution(institution).values_list("name", flat=True))
    for key, name, opens_on, deadline, cohort in CAMPAIGNS[institution.slug]:
        if name not in existing:
            campaign_create(institution=institution, actor=admin, module=modules[key],
                            name=name, opens_on=opens_on, deadline=deadline, cohort=cohort)


def _students(institution, admin) -> list[Learner]:
    letter = institution.slug[0].upper()
    found = {learner.email: learner for learner in Learner.objects.for_institution(institution)
             .filter(kind=Learner.Kind.STUDENT)}
    students = []
    for n in range(STUDENTS):
        given, family = GIVEN[n % len(GIVEN)], FAMILY[(n * 7) % len(FAMILY)]
        email = f"{given}.{family}{n + 1}@students.{institution.slug}.example".lower()
        first_year = institution.slug == "midshire" and n < FIRST_YEARS or \
            institution.slug == "kingsway" and n % 3 == 0
        year = 1 if first_year else 2 + n % 2
        learner = found.get(email) or learner_create(
            institution=institution, actor=admin, kind=Learner.Kind.STUDENT, email=email,
            full_name=f"{given} {family}", external_id=f"{letter}{2027 - year}{n + 1:04d}",
            department=DEPARTMENTS[n % len(DEPARTMENTS)], cohort=str(2027 - year),
            year_of_study=year)
        students.append(learner)
    return students


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _staff(institution, admin, modules, today: dt.date) -> dict[str, Learner]:
    """Every member's roster entry, and their own completions at mixed states."""
    staff = {}
    members = (Membership.objects.for_institution(institution).filter(is_active=True)
               .select_related("user").order_by("user__email"))
    for index, membership in enumerate(members):
        learner = learner_for_membership(membership=membership)
        staff[membership.user.email.split("@")[0]] = learner
        if index % 4 != 3:  # every fourth has not done the staff module yet
            completion_record(learner=learner, module=modules["staff-harassment-sexual-misconduct"],
                              completed_on=today - dt.timedelta(days=30 + index * 5),
                              source=Completion.Source.IMPORT, actor=admin)
        prevent_on = (_years_before(today, 3) - dt.timedelta(days=40 + index)  # expired
                      if index % 3 == 0 else today - dt.timedelta(days=200 + index * 3))
        completion_record(learner=learner, module=modules["prevent-awareness"],
                          completed_on=prevent_on, source=Completion.Source.IMPORT, actor=admin)
    # A Safe Contact whose specialist training on sexual violence expires within 60 days.
    safe_contact = staff.get("safe-contact")
    if safe_contact is not None:
        completion_record(learner=safe_contact, module=modules["sc-sexual-violence"],
                          completed_on=_years_before(today + dt.timedelta(days=45), 3),
                          source=Completion.Source.MANUAL, actor=admin)
        if institution.slug == "kingsway":
            completion_record(learner=safe_contact, module=modules["safe-contact-induction"],
                              completed_on=_years_before(today, 1),
                              source=Completion.Source.MANUAL, actor=admin)
    return staff


def _import(institution, admin, students: list[Learner], today: dt.date) -> None:
    """The learning platform's export, imported through the real services, with two rows it
    cannot apply."""
    kingsway = institution.slug == "kingsway"
    header = ["Email", "Student ID", "Name", "Department", "Year"] + (
        ["Module"] if kingsway else []) + ["Completed"]
    lines = [header]
    for n, student in enumerate(students):
        done = (n % 10 < 7) if kingsway else (n < FIRST_YEARS and n % 3 != 2)
        if not done:
            continue
        day = (today - dt.timedelta(days=5 + n)).strftime("%d/%m/%Y")
        row = [student.email, student.external_id, student.full_name, student.department,
               str(student.year_of_study)]
        lines.append(row + (["consent-ed-1"] if kingsway else []) + [day])
    bad_day = (today - dt.timedelta(days=3)).strftime("%d/%m/%Y")
    lines.append(["", "X0000001", "Row without an email", "Law", "1"]
                 + (["consent-ed-1"] if kingsway else []) + [bad_day])
    lines.append([students[1].email, students[1].external_id, students[1].full_name,
                  students[1].department, "1"]
                 + (["consent-ed-3"] if kingsway else []) + (
                     [bad_day] if kingsway else ["31/02/2026"]))
    data = "\n".join(",".join(cells) for cells in lines).encode()
    run = import_upload(institution=institution, actor=admin,
                        filename=f"{'consent-ed-1' if kingsway else 'bystander-consent'}"
                        "-export.csv", data=data)
    columns = Columns(values={
        "email_column": "Email", "external_id_column": "Student ID", "name_column": "Name",
        "department_column": "Department", "year_column": "Year",
        "module_column": "Module" if kingsway else "", "completed_on_column": "Completed"},
        module_match="key", date_format="%d/%m/%Y")
    fixed = None if kingsway else Module.objects.for_institution(institution).get(
        key="bystander-consent")
    import_start(run=run, actor=admin, columns=columns, fixed_module=fixed)
    import_run_process(institution_id=institution.pk, run_id=run.pk, today=today)


def _session(institution, admin, modules, students, staff, today: dt.date) -> None:
    held_on = today - dt.timedelta(days=20)
    if institution.slug == "kingsway":
        session = session_create(institution=institution, actor=admin,
                                 module=modules["consent-ed-2"], held_on=held_on,
                                 location="Old Building, room 2.14",
                                 facilitator="Consent.Ed facilitator team")
        people = students[:8]
    else:
        session = session_create(institution=institution, actor=admin,
                                 module=modules["safe-contact-induction"], held_on=held_on,
                                 location="Student Union, Seminar room 3",
                                 facilitator="EDI team")
        people = [staff[k] for k in ("safe-contact", "edi-admin", "support-caseworker")
                  if k in staff]
    register_add(session=session, actor=admin, learners=people)
    absent = 2 if len(people) > 4 else 1  # some did not come
    marks = {learner.pk: index < len(people) - absent for index, learner in enumerate(people)}
    register_save(session=session, actor=admin, marks=marks, today=today)


# -- the survivor opt-out (004) ------------------------------------------------------------------
#: Demo students, made only when an institution's roster has no student yet (the roster itself
#: comes from the learning platform's import). Fictional people.
DEMO_STUDENTS = [
    ("Alex Morgan", "Law"), ("Priya Shah", "Law"), ("Tom Okafor", "History"),
    ("Mei Chen", "Physics"), ("Sam Rivers", "History"), ("Jo Fraser", "Economics"),
]


@transaction.atomic
def seed_demo_optout() -> None:
    """In each demo institution: opt-out links issued to the students who have not met its
    opt-out module, one student opted out, and another opted out and asked for support (so a
    named disclosure waits for the support caseworkers). Runs once per institution. Prints
    nothing: the links are not kept (only their fingerprints), and the staff pages show the
    two students only as "met by exemption"."""
    from django.utils import timezone

    from accounts.models import User

    from .models import Learner, OptOutLink
    from .services.optout import optout_confirm, optout_links_issue, optout_support_request

    for slug, _shape in SHAPES:
        institution = Institution.objects.get(slug=slug)
        module = (Module.objects.for_institution(institution)
                  .filter(allows_opt_out=True, is_active=True).order_by("pk").first())
        if module is None or OptOutLink.objects.for_institution(institution).exists():
            continue
        learners = Learner.objects.for_institution(institution)
        if not learners.filter(kind=Learner.Kind.STUDENT).exists():
            cohort = str(timezone.localdate().year)
            for n, (name, department) in enumerate(DEMO_STUDENTS, start=1):
                learners.get_or_create(
                    institution=institution, email=f"demo-student-{n}@{slug}.example",
                    defaults={"kind": Learner.Kind.STUDENT, "full_name": name,
                              "external_id": f"{slug[:1].upper()}{cohort}{n:04d}",
                              "department": department, "cohort": cohort,
                              "year_of_study": 1})
        admin = User.objects.get(email=f"training-admin@{slug}.example")
        membership = Membership.objects.for_institution(institution).get(user=admin)
        issued = optout_links_issue(module=module, actor=admin, membership=membership,
                                    delivery="links")
        tokens = [url.rstrip("/").rsplit("/", 1)[1] for _learner, url in issued.links]
        if len(tokens) < 2:
            continue
        optout_confirm(institution=institution, token=tokens[0], confirmed=True)
        asked = optout_confirm(institution=institution, token=tokens[1], confirmed=True)
        student = issued.links[1][0]
        optout_support_request(
            institution=institution, ticket=asked.ticket, contact_name=student.full_name,
            preferred_contact="email", contact_email=student.email,
            message="I would like to talk about support. Email is best.")
