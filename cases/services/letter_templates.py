"""Editing the procedure's letter templates: the letters app's services
(``letters.services.templates``: only the institution admin, only a template that renders and
never one that would bind a reporting party to silence, 000 §9), with the editor's choice of
preview ("as sent to a reporting party") in the procedure's words."""

from __future__ import annotations

from letters.services import letter_template_preview as _preview
from letters.services import letter_template_update

__all__ = ["letter_template_preview", "letter_template_update"]


def letter_template_preview(*, institution, kind: str, subject: str, body: str,
                            reporting_party: bool = False) -> tuple[str, str]:
    """The letter a template would make from made-up facts, as (subject, full HTML page)."""
    return _preview(institution=institution, kind=kind, subject=subject, body=body,
                    role="reporting_party" if reporting_party else "respondent")
