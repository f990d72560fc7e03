"""Every cross-institution block leaves a grant (core.rls.cross_institution), on SQLite and
PostgreSQL alike, including one whose transaction rolled back: the rows were read all the same,
so the grant is written again, marked "(rolled back)", in a transaction of its own."""

import pytest

from core import rls
from core.models import CrossInstitutionGrant
from institutions.models import ClosureDay

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


def test_a_cross_institution_block_leaves_its_grant(kingsway, midshire):
    with rls.cross_institution(reason="a test reads every closure day"):
        ClosureDay.objects.across_institutions(reason="test").count()
    grant = CrossInstitutionGrant.objects.get()
    assert grant.reason == "a test reads every closure day"
    assert grant.ended_at is not None


def test_a_rolled_back_cross_institution_block_still_leaves_a_marked_grant(kingsway, midshire):
    def read_then_fail():
        with rls.cross_institution(reason="a read that then fails"):
            ClosureDay.objects.across_institutions(reason="test").count()
            raise Boom

    with pytest.raises(Boom):
        read_then_fail()
    grant = CrossInstitutionGrant.objects.get()
    assert grant.reason == "a read that then fails (rolled back)"
    assert grant.ended_at is not None


def test_the_mark_keeps_a_long_reason_within_the_column(kingsway):
    with pytest.raises(Boom), rls.cross_institution(reason="x" * 400):
        raise Boom
    reason = CrossInstitutionGrant.objects.get().reason
    assert len(reason) == 300
    assert reason.endswith(rls.setting.ROLLED_BACK)

