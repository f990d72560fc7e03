"""Each institution's precautionary settings and catalogue of measures, from the shape of its
procedure: Kingsway follows 002 (§21's list), Midshire follows 004 (its Cause for Concern group
and its three Orders). Rows an institution has are kept (an admin's edits survive a re-run)."""

from __future__ import annotations

from django.db import transaction

from letters.services import letter_templates_ensure

from ..models import MeasureType, PrecautionarySettings

K = MeasureType.Kind

SETTINGS = {
    "002": {"refer_every_conduct_case": False,
            "group_label": "Precautionary Measures Group",
            "appeal_body_label": "a nominated member of the Management Committee"},
    "004": {"refer_every_conduct_case": True,
            "group_label": "Cause for Concern group",
            "appeal_body_label": "a nominated senior officer of the University with no "
                                 "prior involvement"},
}

CATALOGUES = {
    "002": [
        ("exclusion", "Exclusion from named areas, facilities or halls of residence",
         K.EXCLUSION, False),
        ("suspension_studies", "Suspension from studies", K.SUSPENSION_STUDIES, False),
        ("suspension_events", "Suspension from School events or activities",
         K.SUSPENSION_EVENTS, False),
        ("no_contact", "No contact with named people", K.NO_CONTACT, True),
        ("accommodation", "Move to alternative accommodation", K.ACCOMMODATION, False),
        ("stay_away", "Request to stay away", K.STAY_AWAY, False),
    ],
    "004": [
        ("non_contact_order", "Non-Contact Order", K.NO_CONTACT, True),
        ("temporary_exclusion_order", "Temporary Exclusion Order", K.EXCLUSION, False),
        ("temporary_suspension_order", "Temporary Suspension Order", K.SUSPENSION_STUDIES,
         False),
    ],
}

DESCRIPTIONS = {
    "non_contact_order": "The student is prohibited from contacting the named people.",
    "temporary_exclusion_order": "The student may continue to study but may not come to "
                                 "certain places, or the whole campus, in person.",
    "temporary_suspension_order": "The student's studies are suspended entirely and they may "
                                  "not come onto campus.",
}


@transaction.atomic
def precautionary_catalogue_apply(*, institution, shape: str = "002") -> None:
    PrecautionarySettings.objects.for_institution(institution).get_or_create(
        institution=institution, defaults=SETTINGS[shape])
    PrecautionarySettings.forget(institution)
    for order, (code, name, kind, protects) in enumerate(CATALOGUES[shape]):
        MeasureType.objects.for_institution(institution).get_or_create(
            institution=institution, code=code,
            defaults={"name": name, "kind": kind, "names_protected_people": protects,
                      "order": order, "description": DESCRIPTIONS.get(code, "")})
    letter_templates_ensure(institution=institution, app="precautionary")
