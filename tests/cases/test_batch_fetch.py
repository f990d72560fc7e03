"""core.batch.fetch_together reads several querysets in one query and gives back what each
would have given on its own: the same rows, in the same order, with the same values (dates,
times, decimals, encrypted text, JSON, files), and their select_related rows."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from cases.models import (
    Allegation,
    Case,
    CaseAssignment,
    EvidenceDocument,
    ImposedPenalty,
    Letter,
    Outcome,
    Party,
)
from cases.services.evidence import evidence_add
from core.batch import attach, fetch_together
from core.tenancy.scoping import TenantScopeError
from institutions.models import Deadline

from . import rules_support
from .api_support import PDF
from .rules_support import on, reload, to_investigation, uphold

pytestmark = pytest.mark.django_db

midshire = rules_support.midshire  # conftest's fixture fails; see rules_support


def _values(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_each_queryset_comes_back_as_if_run_alone(midshire, ms,
                                                  django_capture_on_commit_callbacks):
    with on("2026-12-18", django_capture_on_commit_callbacks):
        case = to_investigation(midshire, ms)
        evidence_add(case=case, actor=ms.investigator, title="Screenshots",
                     uploaded_file=SimpleUploadedFile("shots.pdf", PDF))
        uphold(reload(case), ms, penalties=[{"code": "fine", "amount": "120.50"},
                                            {"code": "written_warning"}])
    inst = case.institution_id
    querysets = {
        "case": Case.objects.for_institution(inst).filter(pk=case.pk)
        .select_related("respondent", "institution", "opened_by"),
        "parties": Party.objects.for_institution(inst).filter(case=case),
        "allegations": Allegation.objects.for_institution(inst).filter(case=case),
        "assignments": CaseAssignment.objects.for_institution(inst).filter(case=case)
        .select_related("user").order_by("-assigned_at"),
        "outcomes": Outcome.objects.for_institution(inst).filter(case=case)
        .select_related("decided_by"),
        "penalties": ImposedPenalty.objects.for_institution(inst)
        .filter(outcome__case=case).select_related("penalty_type"),
        "letters": Letter.objects.for_institution(inst).filter(case=case),
        "documents": EvidenceDocument.objects.for_institution(inst).filter(case=case)
        .select_related("uploaded_by"),
        "deadlines": Deadline.objects.for_institution(inst).filter(object_id=case.pk),
        "history": AuditEvent.objects.for_institution(inst).filter(object_id=str(case.pk))
        .order_by("-sequence"),
        "nothing": Party.objects.for_institution(inst).none(),
    }
    expected = {name: list(qs) for name, qs in querysets.items()}
    assert connection.features.supports_json_field  # SQLite asks once per connection
    with CaptureQueriesContext(connection) as ctx:
        found = fetch_together(querysets)
    assert len(ctx.captured_queries) == 1
    for name, rows in expected.items():
        assert [r.pk for r in found[name]] == [r.pk for r in rows], name
        for got, want in zip(found[name], rows, strict=True):
            assert _values(got) == _values(want), name
    fine = next(p for p in found["penalties"] if p.amount is not None)
    assert str(fine.amount) == "120.50"
    assert found["penalties"][0].penalty_type.name  # select_related, no query
    with CaptureQueriesContext(connection) as ctx:
        loaded = found["case"][0]
        assert loaded.respondent.student_id == "20260001"
        assert loaded.institution.slug == "midshire"
        assert loaded.summary == case.summary  # decrypted
        assert [a.user.email for a in found["assignments"]]
        assert found["documents"][0].file.name
    assert ctx.captured_queries == []


def test_attach_fills_the_related_managers(midshire, ms, django_capture_on_commit_callbacks):
    with on("2026-12-18", django_capture_on_commit_callbacks):
        case = to_investigation(midshire, ms)
    inst = case.institution_id
    found = fetch_together({
        "case": Case.objects.for_institution(inst).filter(pk=case.pk),
        "parties": Party.objects.for_institution(inst).filter(case=case)})
    loaded = found["case"][0]
    attach([loaded], "parties", found["parties"], key=lambda p: p.case_id, parent_field="case")
    with CaptureQueriesContext(connection) as ctx:
        assert [p.name for p in loaded.parties.all()] == ["Sam Reporter"]
        assert loaded.parties.all()[0].case is loaded
    assert ctx.captured_queries == []


def test_an_unscoped_part_is_refused(midshire, ms):
    with pytest.raises(TenantScopeError):
        fetch_together({"parties": Party.objects.all()})


@pytest.mark.parametrize("shape", [
    lambda qs: qs.values("name"),
    lambda qs: qs.only("name"),
    lambda qs: qs.annotate(n=Count("pk")),
    lambda qs: qs[:1],
    lambda qs: qs.order_by("case"),  # Django orders by Case's ordering; F("case") would not
])
def test_what_would_be_lost_is_refused(midshire, shape):
    with pytest.raises(ValueError, match="fetch_together"):
        fetch_together({"parties": shape(Party.objects.for_institution(midshire))})
