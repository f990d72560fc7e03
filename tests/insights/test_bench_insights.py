"""The insight report's benchmark (bench/insights.py) at a tiny scale, on PostgreSQL only (its
hand-written SQL is PostgreSQL's): the report and the SQL count the same reports, and a ratio
comes out. No timing is asserted."""

from __future__ import annotations

import pytest

from bench.dbcopy import is_postgres
from bench.generate import Generator, Plan
from bench.insights import largest_institution, measure

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not is_postgres(), reason="the hand-written SQL is PostgreSQL's")]


def test_the_report_and_the_hand_written_sql_agree_and_are_timed():
    Generator(Plan.make(200, institutions=3), out=lambda line: None, full_demo=False).run()
    result = measure(institution=largest_institution(), iterations=1)
    assert result.reports > 0
    assert result.orm_ms > 0
    assert result.raw_ms > 0
    assert result.queries >= 15
