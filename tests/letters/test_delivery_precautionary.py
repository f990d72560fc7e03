"""Precautionary letters use the same delivery (letters/registry.py ``route``): the student
receives the group's decision the way they agreed for the case the matter belongs to."""

import pytest
from django.core import mail

from cases.services.contact import contact_preference_set
from letters.models import Letter, LetterDelivery

from ..cases.rules_support import d, on, to_investigation
from ..precautionary.conftest import convened, decided_urgently, kg, kingsway  # noqa: F401

pytestmark = pytest.mark.django_db


def test_precautionary_decision_reaches_the_student_by_their_agreed_email(kingsway, kg,  # noqa: F811
                                                                           capture):
    mail.outbox.clear()
    with on("2026-11-16", capture):
        case = to_investigation(kingsway, kg)
        contact_preference_set(case=case, actor=kg.secretary, party=None, method="email",
                               email="alex.private@example.org")
        matter = convened(kingsway, kg, case=case, who=case.respondent)
        decided_urgently(kingsway, kg, matter, on=d("2026-11-16"))
    to_student = [m for m in mail.outbox if m.to == ["alex.private@example.org"]]
    assert to_student
    assert all(m.attachments == [] for m in to_student)
    letters = Letter.objects.for_institution(kingsway).filter(
        about_id=matter.pk, recipient_key="student", status=Letter.Status.ISSUED)
    assert letters.exists()
    assert all(x.deliveries.get().channel == LetterDelivery.Channel.EMAIL for x in letters)
