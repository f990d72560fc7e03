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
