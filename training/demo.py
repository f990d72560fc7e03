"""The demo's training: each institution's modules (Kingsway has the 002 shape's Consent.Ed,
Midshire the 004 shape's Bystander and Consent), and the completions its staff need.

Runs right after the demo's staff are created and before any case is seeded: every demo member
in a role that needs training (institutions.demo.TRAINED_ROLES) holds current specialist and
unconscious bias training, except ``untrained-investigator@``, who is there to be refused.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.models import Membership
from institutions.demo import TRAINED_ROLES
from institutions.models import Institution

from .catalogue import training_catalogue_apply
from .models import Completion, Module
from .services.completions import completion_record
from .services.roster import learner_for_membership

SHAPES = (("kingsway", "002"), ("midshire", "004"))

#: When the demo staff took their specialist and unconscious bias training.
TRAINED_ON = dt.date(2025, 9, 1)


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
