"""Demo of letters that reach people (004 "how decisions are communicated"), after the demo cases:
in each demo institution, people who agreed each way of receiving letters, and letters
delivered each way - a secure, expiring link by email, and a handover by the support
caseworker (one recorded, one waiting on the caseworker's "Letters to hand over")."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from institutions.models import Institution
from letters.models import Letter, LetterHandover
from letters.services import letter_deliver, letter_handover_record, letter_render

from .models import Case, CaseRole, ContactPreference, Party, Stage
from .services.assignments import case_assign
from .services.contact import contact_preference_set


def seed_demo_letter_delivery() -> None:
    for slug in ("kingsway", "midshire"):
        institution = Institution.objects.get(slug=slug)
        if ContactPreference.objects.for_institution(institution).exists():
            continue
        _seed(institution)


@transaction.atomic
def _seed(institution: Institution) -> None:
    staff = {key: User.objects.get(email=f"{key}@{institution.slug}.example")
             for key in ("decision-maker", "support-caseworker")}
    cases = Case.objects.for_institution(institution).select_related("respondent")
    # The formal decision: the student by email, the reporting student through their
    # caseworker (handed over). The Board's decision: the other way round (waiting).
    for stage, respondent, party, hand_over in (
            (Stage.FORMAL_OUTCOME, "email", "through_caseworker", True),
            (Stage.BOARD_OUTCOME, "through_caseworker", "email", False)):
        case = cases.filter(stage=stage).order_by("pk").first()
        if case is None:
            continue
        case_assign(case=case, actor=staff["decision-maker"], user=staff["support-caseworker"],
                    role=CaseRole.CASEWORKER)
        agreed = case.allegation_raised_on
        contact_preference_set(case=case, actor=staff["support-caseworker"], party=None,
                               method=respondent, agreed_on=agreed)
        for person in Party.objects.for_institution(institution).filter(
                case=case, kind=Party.Kind.REPORTING_PARTY):
            contact_preference_set(case=case, actor=staff["support-caseworker"], party=person,
                                   method=party, agreed_on=agreed)
        for letter in Letter.objects.for_institution(institution).filter(case=case):
            letter = letter_render(letter=letter)
            letter_deliver(letter=letter)
        if hand_over:
            for handover in LetterHandover.objects.for_institution(institution).filter(
                    letter__case=case, delivery__isnull=True):
                letter_handover_record(handover=handover, actor=staff["support-caseworker"],
                                       sent_on=timezone.localdate(),
                                       note="Handed over at a support meeting")
