"""Helpers for the case API tests: every call goes through HTTP as a given user."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rest_framework.test import APIClient

# A minimal but well-formed PDF (the evidence allow-list checks the magic bytes).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
# A Windows executable's header, whatever its name says.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def client(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def url(inst, case_id=None, action: str = "") -> str:
    path = f"/api/v1/{inst.slug}/cases/"
    if case_id is not None:
        path += f"{case_id}/"
    if action:
        path += f"{action.strip('/')}/"
    return path


def _json(data):
    """Dates become ISO strings, as a client would send them."""
    return json.loads(json.dumps(data, default=lambda v: v.isoformat()
                                 if isinstance(v, dt.date) else str(v)))


def call(user, method: str, path: str, data=None, *, expect: int, **extra):
    """Make the request and check the status; the JSON body (or the raw response)."""
    api = client(user)
    if method == "get":
        response = api.get(path, data, **extra)
    elif extra.get("format") == "multipart":
        response = api.post(path, data, **extra)
    else:
        response = getattr(api, method)(path, _json(data) if data is not None else None,
                                        format="json", **extra)
    assert response.status_code == expect, (response.status_code, response.content[:2000])
    if response.get("Content-Type", "").startswith("application/json"):
        return response.json()
    return response


def get(user, inst, case_id=None, action: str = "", params=None, *, expect: int = 200):
    return call(user, "get", url(inst, case_id, action), params, expect=expect)


def post(user, inst, case_id, action: str, data=None, *, expect: int = 200):
    return call(user, "post", url(inst, case_id, action), data, expect=expect)


def open_case(user, inst, data, *, expect: int = 201):
    return call(user, "post", url(inst), data, expect=expect)


def deadline(detail: dict, rule: str, *, status: str | None = None) -> dict:
    """The (last) deadline of ``rule`` in a case detail, optionally in one status."""
    found = [d for d in detail["deadlines"] if d["rule"] == rule
             and (status is None or d["status"] == status)]
    assert found, (rule, [(d["rule"], d["status"]) for d in detail["deadlines"]])
    return found[-1]


def board_votes(*members, penalties=("suspension",), offence=True) -> list[dict]:
    return [{"member": m.pk, "offence_committed": offence, "penalties": list(penalties)}
            for m in members]


def assert_error(body: dict, status: int, code: str) -> None:
    assert set(body) == {"status", "code", "detail", "errors"}
    assert (body["status"], body["code"]) == (status, code), body


@pytest.fixture
def midshire(db):
    """Midshire as tests/cases/conftest.py builds it, except that the Academic Registrar's
    label replaces the default one. WORKAROUND: conftest's fixture *creates* that RoleLabel,
    but InstitutionFactory has already given the institution the default labels, so it fails
    with an IntegrityError (uniq institution/role). Import this fixture into a test module to
    override conftest's until it is fixed there."""
    from .rules_support import midshire_institution

    return midshire_institution()


def case_at_investigation(inst, staff, data) -> int:
    """Open a case as the decision maker and send it to formal investigation."""
    case_id = open_case(staff.secretary, inst, data)["id"]
    post(staff.secretary, inst, case_id, "intake-decision",
         {"route": "formal", "reasons": "Needs investigating"})
    return case_id


def case_at_board_hearing(inst, staff, data, *, hearing_date: str) -> int:
    """A case referred to the Board with its members appointed and the notice sent."""
    case_id = case_at_investigation(inst, staff, data)
    post(staff.secretary, inst, case_id, "formal-decision",
         {"result": "refer_to_board", "reasons": "Major misconduct"}, expect=201)
    for user, role in ((staff.clerk, "clerk"), (staff.chair, "board_chair"),
                       (staff.su, "board_su_officer"), (staff.academic, "board_academic")):
        post(staff.secretary, inst, case_id, "assign", {"user": user.pk, "role": role},
             expect=201)
    post(staff.clerk, inst, case_id, "board-notice", {
        "hearing_date": hearing_date, "hearing_format": "online", "arrangements": "Teams",
        "evidence_summary": "Messages", "documents": "Screenshots"}, expect=201)
    return case_id
