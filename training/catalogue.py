"""Each institution's training modules, seeded from the policies (issue 11 §7).

Both shapes have the staff module on harassment and sexual misconduct (000 §1b), the specialist
training on Investigations, Adjudications and Decision Making that every disciplinary role
needs (000 §1b), unconscious bias training (002, closing table), the Safe Contact induction and
its specialist topics (001) and Prevent awareness. Students' modules differ: the 002 shape
(Kingsway, after LSE 000 §1a) has Consent.Ed Level 1 online and Level 2 in person; the 004 shape
(Midshire, after Leicester) has the Bystander and Consent module for first-year students, whose
campaign opens on 15 September with a deadline of 20 October. Rows an institution has are kept:
an administrator's edits survive a re-run.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from .models import Module

A, D, P = Module.Audience, Module.Delivery, Module.Purpose

#: key, title, audience, audience_role, mandatory, delivery, hours, validity_years, purpose,
#: topic, allows_opt_out
Row = tuple[str, str, str, str, bool, str, str | None, int | None, str, str, bool]

STAFF: list[Row] = [
    ("staff-harassment-sexual-misconduct",
     "Addressing Harassment and Sexual Misconduct Affecting Students in Higher Education",
     A.ALL_STAFF, "", True, D.ONLINE, "1.0", None, P.GENERAL, "", False),
    ("investigations-adjudications-decision-making",
     "Investigations, Adjudications and Decision Making",
     A.DISCIPLINARY_ROLES, "", True, D.IN_PERSON, "6.0", 3, P.DISCIPLINARY_SPECIALIST, "",
     False),
    ("unconscious-bias", "Unconscious bias", A.DISCIPLINARY_ROLES, "", True, D.ONLINE, "1.5",
     3, P.UNCONSCIOUS_BIAS, "", False),
    ("prevent-awareness", "Prevent awareness", A.ALL_STAFF, "", True, D.ONLINE, "1.0", 3,
     P.GENERAL, "", False),
    ("safe-contact-induction", "Safe Contact induction", A.ROLE, "safe_contact", True,
     D.IN_PERSON, "3.0", None, P.SAFE_CONTACT_INDUCTION, "", False),
    ("sc-sexual-violence", "Responding to disclosures of sexual violence", A.ROLE,
     "safe_contact", False, D.IN_PERSON, "3.0", 3, P.SAFE_CONTACT_SPECIALISM,
     "Sexual violence", False),
    ("sc-lgbtqia", "Supporting the LGBTQIA+ community", A.ROLE, "safe_contact", False,
     D.IN_PERSON, "2.0", 3, P.SAFE_CONTACT_SPECIALISM, "LGBTQIA+", False),
    ("sc-racial-harassment", "Supporting disclosures of racial harassment or discrimination",
     A.ROLE, "safe_contact", False, D.IN_PERSON, "2.0", 3, P.SAFE_CONTACT_SPECIALISM,
     "Racial harassment", False),
    ("sc-domestic-abuse", "Responding to disclosures of domestic abuse", A.ROLE,
     "safe_contact", False, D.IN_PERSON, "2.0", 3, P.SAFE_CONTACT_SPECIALISM,
     "Domestic abuse", False),
    ("sc-antisemitism", "Understanding antisemitism", A.ROLE, "safe_contact", False,
     D.IN_PERSON, "2.0", 3, P.SAFE_CONTACT_SPECIALISM, "Antisemitism", False),
]

STUDENTS: dict[str, list[Row]] = {
    "002": [
        ("consent-ed-1", "Consent.Ed Level 1", A.ALL_STUDENTS, "", True, D.ONLINE, "1.0",
         None, P.GENERAL, "", True),
        ("consent-ed-2", "Consent.Ed Level 2 workshop", A.ALL_STUDENTS, "", True,
         D.IN_PERSON, "1.5", None, P.GENERAL, "", True),
    ],
    "004": [
        ("bystander-consent", "Bystander and Consent training", A.FIRST_YEAR_STUDENTS, "",
         True, D.ONLINE, "1.5", None, P.GENERAL, "", True),
    ],
}


@transaction.atomic
def training_catalogue_apply(*, institution, shape: str = "002") -> None:
    """Create the modules an institution of this shape starts with (those it has are kept)."""
    for (key, title, audience, role, mandatory, delivery, hours, years, purpose, topic,
         opt_out) in STAFF + STUDENTS[shape]:
        Module.objects.for_institution(institution).get_or_create(
            institution=institution, key=key,
            defaults={"title": title, "audience": audience, "audience_role": role,
                      "mandatory": mandatory, "delivery": delivery,
                      "duration_hours": Decimal(hours) if hours else None,
                      "validity_years": years, "purpose": purpose, "topic": topic,
                      "allows_opt_out": opt_out})
