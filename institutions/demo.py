"""The demo: two institutions running different procedures, with staff for every role.

Kingsway runs the 002 procedure as written. Midshire runs the second university's variant (004):
an Academic Registrar, a Student Discipline Panel, a decision whether to investigate within five
working days, a 90-day investigation target, panel decisions within five working days, appeals
within ten working days whatever the cohort, and a Christmas closure.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import Membership, MembershipRole, User
from accounts.roles import DISCIPLINARY_ROLES, Role, role_keys

from .models import AcademicTerm, ClosureDay, Institution, RoleLabel, TimeLimit
from .procedure import Cohort, Rule, Unit
from .services.setup import institution_apply_defaults

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented demo login

KINGSWAY = {
    "slug": "kingsway",
    "name": "Kingsway School of Economics",
    "letter_name": "Kingsway School of Economics",
    "address_block": "Student Conduct Office\nKingsway School of Economics\nHoughton Street\n"
    "London WC2A 2AE",
    "primary_colour": "#4a1d4f",
    "accent_colour": "#e3a72f",
    "urgent_help": "In an emergency call 999.\nSecurity Control Room (24 hours): 020 7946 0123.\n"
    "Student Wellbeing Service: 020 7946 0456 (weekdays 9am to 5pm).",
}

MIDSHIRE = {
    "slug": "midshire",
    "name": "University of Midshire",
    "letter_name": "University of Midshire",
    "address_block": "Student Conduct Team\nUniversity of Midshire\nUniversity Road\n"
    "Midchester MD1 7RH",
    "primary_colour": "#0b4f3c",
    "accent_colour": "#c8102e",
    "urgent_help": "In an emergency call 999.\nCampus Security (24 hours): 0116 496 0999.\n"
    "Standing Together team: 0116 496 0321 (weekdays 9am to 5pm).",
}

MIDSHIRE_LABELS = {
    Role.DECISION_MAKER: "Academic Registrar",
    Role.INVESTIGATOR: "Conduct Officer",
    Role.CLERK: "Panel Secretary",
    Role.BOARD_MEMBER: "Student Discipline Panel member",
    Role.APPEAL_REVIEWER: "Designated member",
    Role.SUPPORT_CASEWORKER: "Standing Together caseworker",
    Role.INFORMAL_RESOLUTION_OFFICER: "Head of Student Conduct",
    "precautionary_group": "Cause for Concern group member",  # precautionary's role
}

#: Midshire's own limits (004); the 002 rows it does not use are removed.
MIDSHIRE_LIMITS = [
    (Rule.DECISION_TO_INVESTIGATE, Cohort.STANDARD, 5, Unit.WORKING_DAYS, "Student Conduct Team"),
    (Rule.INVESTIGATION_TARGET, Cohort.STANDARD, 90, Unit.CALENDAR_DAYS, "Investigations"),
    (Rule.BOARD_WRITTEN_DECISION, Cohort.STANDARD, 5, Unit.WORKING_DAYS, "Panel decision"),
    (Rule.APPEAL_WINDOW, Cohort.STANDARD, 10, Unit.WORKING_DAYS, "Appeals"),
    (Rule.SUPPORT_FIRST_CONTACT, Cohort.STANDARD, 3, Unit.WORKING_DAYS, "Standing Together"),
]
MIDSHIRE_REMOVED = [Rule.FORMAL_TARGET, Rule.BOARD_WRITTEN_DECISION, Rule.APPEAL_WINDOW]

TERMS = {
    "kingsway": [
        ("Autumn term 2026", dt.date(2026, 9, 28), dt.date(2026, 12, 11)),
        ("Winter term 2027", dt.date(2027, 1, 18), dt.date(2027, 3, 26)),
        ("Spring term 2027", dt.date(2027, 4, 26), dt.date(2027, 6, 11)),
        ("Summer School 2027", dt.date(2027, 6, 28), dt.date(2027, 8, 13)),
    ],
    "midshire": [
        ("Semester 1 2026/27", dt.date(2026, 9, 21), dt.date(2027, 1, 22)),
        ("Semester 2 2026/27", dt.date(2027, 1, 25), dt.date(2027, 6, 11)),
    ],
}

MIDSHIRE_CLOSURES = [
    (dt.date(2026, 12, 29), "Christmas closure"),
    (dt.date(2026, 12, 30), "Christmas closure"),
    (dt.date(2026, 12, 31), "Christmas closure"),
    (dt.date(2027, 12, 29), "Christmas closure"),
    (dt.date(2027, 12, 30), "Christmas closure"),
    (dt.date(2027, 12, 31), "Christmas closure"),
]


#: Roles whose demo logins hold current training (recorded by training/demo.py, which runs
#: next; ``untrained-investigator@`` is left without): the disciplinary roles, and a place on a
#: precautionary matter's group, which needs the same training (000 §1b).
TRAINED_ROLES = DISCIPLINARY_ROLES | {"precautionary_group"}


def demo_email(role: str, slug: str) -> str:
    return f"{role.replace('_', '-')}@{slug}.example"


@transaction.atomic
def seed_demo() -> list[tuple[str, str, str]]:
    """Create or refresh the demo. Returns (institution, role label, email) for every login."""
    logins = []
    kingsway = _institution(KINGSWAY)
    midshire = _institution(MIDSHIRE)

    for role, label in MIDSHIRE_LABELS.items():
        RoleLabel.objects.for_institution(midshire).update_or_create(
            institution=midshire, role=role, defaults={"label": label})
    TimeLimit.objects.for_institution(midshire).filter(rule__in=MIDSHIRE_REMOVED).delete()
    for rule, cohort, amount, unit, ref in MIDSHIRE_LIMITS:
        TimeLimit.objects.for_institution(midshire).update_or_create(
            institution=midshire, rule=rule, cohort=cohort,
            defaults={"amount": amount, "unit": unit, "reference": ref})
    for day, reason in MIDSHIRE_CLOSURES:
        ClosureDay.objects.for_institution(midshire).get_or_create(
            institution=midshire, date=day, defaults={"reason": reason})

    for inst in (kingsway, midshire):
        for name, start, end in TERMS[inst.slug]:
            AcademicTerm.objects.for_institution(inst).update_or_create(
                institution=inst, name=name, defaults={"start": start, "end": end})
        inst._role_labels = None
        for role in role_keys():
            label = inst.role_label(role)
            email = demo_email(role, inst.slug)
            _staff(inst, email, f"Demo {label}", [role])
            logins.append((inst.slug, label, email))
        # A Board sits as three (002 §53): two more members besides board-member@.
        for extra, name in (("board-su", "Students' Union officer"),
                            ("board-academic", "Academic member")):
            email = f"{extra}@{inst.slug}.example"
            _staff(inst, email, f"Demo {name}", [Role.BOARD_MEMBER])
            logins.append((inst.slug, f"{inst.role_label(Role.BOARD_MEMBER)} ({name})", email))
        # A second member of the group, so that a matter has a chair and a member (§21).
        email = f"precautionary-member@{inst.slug}.example"
        _staff(inst, email, "Demo precautionary group member", ["precautionary_group"])
        logins.append((inst.slug, f"{inst.role_label('precautionary_group')} (second member)",
                       email))
        # Someone without the specialist training, to see the refusal (000 §1b).
        email = f"untrained-investigator@{inst.slug}.example"
        _staff(inst, email, "Demo untrained investigator", [Role.INVESTIGATOR])
        logins.append((inst.slug, f"{inst.role_label(Role.INVESTIGATOR)} (no training)", email))

    superuser, _ = User.objects.get_or_create(
        email="superuser@demo.example",
        defaults={"full_name": "Demo superuser", "is_staff": True, "is_superuser": True})
    superuser.set_password(DEMO_PASSWORD)
    superuser.save()
    logins.append(("(all)", "Superuser (Django admin)", superuser.email))
    return logins


def _institution(values: dict) -> Institution:
    inst, _ = Institution.objects.update_or_create(
        slug=values["slug"], defaults={k: v for k, v in values.items() if k != "slug"})
    institution_apply_defaults(institution=inst)
    return inst


def _staff(inst: Institution, email: str, full_name: str, roles: list[str]) -> User:
    user, _ = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    user.full_name = full_name
    user.is_staff = Role.INSTITUTION_ADMIN in roles
    user.set_password(DEMO_PASSWORD)
    user.save()
    membership, _ = Membership.objects.for_institution(inst).get_or_create(
        institution=inst, user=user)
    for role in roles:
        MembershipRole.objects.for_institution(inst).get_or_create(
            institution=inst, membership=membership, role=role)
    return user


def sweep_deadlines_today() -> None:
    """Last demo step: bring every deadline up to today (missed ones marked, passed windows
    closed), as the daily task would have done while the demo's history was happening."""
    from django.utils import timezone

    from .services.reminders import deadlines_sweep

    for institution in Institution.objects.filter(slug__in=["kingsway", "midshire"]):
        deadlines_sweep(institution=institution, today=timezone.localdate())
