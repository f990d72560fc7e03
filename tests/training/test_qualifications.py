"""The one answer to "does this person hold current training X on date D" (issue 11 §11)."""

import datetime as dt

import pytest

from accounts.models import Membership
from accounts.roles import Role
from tests.factories import staff
from training.catalogue import training_catalogue_apply
from training.models import Completion, Module
from training.selectors import missing_qualifications, modules_held, training_held
from training.services.completions import completion_record
from training.services.roster import learner_for_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def investigator(kingsway):
    training_catalogue_apply(institution=kingsway, shape="002")
    user = staff(kingsway, Role.INVESTIGATOR, email="investigator@kingsway.test")
    return Membership.objects.for_institution(kingsway).get(user=user)


def _complete(membership, key, on):
    module = Module.objects.for_institution(membership.institution).get(key=key)
    return completion_record(learner=learner_for_membership(membership=membership),
                             module=module, completed_on=on, source=Completion.Source.MANUAL)


def test_specialist_training_expires_after_its_validity_years(investigator):
    _complete(investigator, "investigations-adjudications-decision-making", dt.date(2023, 12, 4))
    _complete(investigator, "unconscious-bias", dt.date(2026, 1, 10))
    assert missing_qualifications(investigator, on=dt.date(2026, 12, 3)) == []
    # Three years' validity: in force up to the day before the third anniversary.
    missing = missing_qualifications(investigator, on=dt.date(2026, 12, 4))
    assert missing == [Module.Purpose.DISCIPLINARY_SPECIALIST.label]


def test_training_held_by_purpose_or_key_and_not_before_completion(investigator):
    _complete(investigator, "sc-sexual-violence", dt.date(2026, 3, 1))
    on = dt.date(2026, 6, 1)
    assert training_held(membership=investigator, on=on, key="sc-sexual-violence")
    assert training_held(membership=investigator, on=on,
                         purpose=Module.Purpose.SAFE_CONTACT_SPECIALISM)
    assert not training_held(membership=investigator, on=dt.date(2026, 2, 28),
                             key="sc-sexual-violence")
    held = modules_held(institution=investigator.institution, user_ids=[investigator.user_id],
                        on=on)
    assert [m.key for m in held[investigator.user_id]] == ["sc-sexual-violence"]


def test_recording_the_same_completion_twice_is_one_record(investigator):
    _, created = _complete(investigator, "unconscious-bias", dt.date(2026, 1, 10))
    _, again = _complete(investigator, "unconscious-bias", dt.date(2026, 1, 10))
    assert (created, again) == (True, False)
    assert Completion.objects.for_institution(investigator.institution).count() == 1
