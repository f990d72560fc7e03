"""Helpers for driving the staff case pages through django.test.Client."""

from __future__ import annotations

import re

from cases.models import Case


def url(case: Case, path: str = "") -> str:
    return f"/{case.institution.slug}/staff/cases/{case.pk}/{path}"


def submit(client, address: str, data: dict, *, files: dict | None = None):
    """POST a form that must succeed: the response is the redirect to the case page."""
    response = client.post(address, {**data, **(files or {})})
    assert response.status_code == 302, _problem(response)
    assert "/login/" not in response["Location"], "not logged in (a time jump ended the session?)"
    return response


def fails(client, address: str, data: dict):
    """POST a form that must be refused: the page comes back with the error summary."""
    response = client.post(address, data)
    assert response.status_code == 200, response.status_code
    assert "There is a problem" in response.text
    return response


def _problem(response) -> str:
    text = getattr(response, "text", "")
    summary = re.search(r'<div class="error-summary".*?</div>', text, re.S)
    return summary.group(0) if summary else f"status {response.status_code}: {text[:2000]}"


def value_of(html: str, name: str) -> str | None:
    """The value attribute of the input called ``name`` (what the page shows as typed)."""
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def textarea_of(html: str, name: str) -> str | None:
    match = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>(.*?)</textarea>', html,
                      re.S)
    return match.group(1).strip() if match else None


def error_for(html: str, field_id: str) -> str | None:
    """The error message shown against the field with this id."""
    match = re.search(rf'id="{re.escape(field_id)}_error"><span class="visually-hidden">'
                      rf'Error: </span>(.*?)</p>', html, re.S)
    return match.group(1) if match else None


def open_case_data(**overrides) -> dict:
    data = {
        "student_id": "20260001", "family_name": "Sample", "given_name": "Alex",
        "email": "a.sample@student.test", "phone": "", "address": "", "programme": "BSc Economics",
        "cohort": "standard", "registration_status": "registered",
        "registration_override_reason": "",
        "incident_date": "2026-10-30", "incident_place": "Hall of residence",
        "allegation_raised_on": "2026-11-02",
        "allegation_0_misconduct_type": "24.6", "allegation_0_category": "harassment",
        "allegation_0_severity": "major", "allegation_0_description": "Repeated abusive messages.",
        "summary": "Messages sent over three weeks in the hall of residence.",
        "outcome_sought": "That it stops.",
        "party_0_name": "Sam Reporter", "party_0_email": "s.reporter@student.test",
        "party_0_student_id": "20269999",
    }
    data.update(overrides)
    return data
