"""What the reporting pages offer, kept by the institution's admin: the categories of "what
happened" (mapped to §24 and Appendix C), the public support directory and the tags staff put
on reports. Each change is audited (issue 8 §4). A category a report chose is retired
(``is_active``), not removed: the report still says what the reporter chose.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.permissions import require_institution_admin
from audit.changes import row_change, row_create, row_delete

from ..models import Report, ReportCategory, ReportTag, SupportService

AUDIT_EVENTS = tuple(f"reporting.{noun}_{verb}" for noun in ("category", "support_service", "tag")
                     for verb in ("added", "changed", "removed"))

#: What the admin edits of each row.
FIELDS = {
    ReportCategory: ("code", "label", "hint", "misconduct_type", "category", "position",
                     "is_active"),
    SupportService: ("kind", "name", "description", "phone", "email", "website", "hours",
                     "position", "is_active"),
    ReportTag: ("label",),
}
NOUN = {ReportCategory: "category", SupportService: "support_service", ReportTag: "tag"}


def _fields(model, values: dict) -> dict:
    unknown = set(values) - set(FIELDS[model])
    if unknown:
        raise TypeError(f"not fields of {model.__name__}: {sorted(unknown)}")
    return values


def _add(model, *, institution, actor, values: dict):
    require_institution_admin(actor=actor, institution=institution)
    return row_create(model, institution=institution, actor=actor,
                      action=f"reporting.{NOUN[model]}_added", values=_fields(model, values))


def _update(row, *, actor, values: dict):
    require_institution_admin(actor=actor, institution=row.institution)
    return row_change(row, actor=actor, action=f"reporting.{NOUN[type(row)]}_changed",
                      values=_fields(type(row), values),
                      describe=lambda r: {"name": str(r)})


def _remove(row, *, actor) -> None:
    require_institution_admin(actor=actor, institution=row.institution)
    row_delete(row, actor=actor, action=f"reporting.{NOUN[type(row)]}_removed",
               fields=FIELDS[type(row)][:2])


@transaction.atomic
def report_category_add(*, institution, actor, **values) -> ReportCategory:
    return _add(ReportCategory, institution=institution, actor=actor, values=values)


@transaction.atomic
def report_category_update(*, category: ReportCategory, actor, **values) -> ReportCategory:
    return _update(category, actor=actor, values=values)


@transaction.atomic
def report_category_remove(*, category: ReportCategory, actor) -> None:
    if Report.objects.for_institution(category.institution_id).filter(
            categories=category).exists():
        raise ValidationError({"is_active": [
            "Reports chose this category: untick 'is active' to stop offering it instead."]})
    _remove(category, actor=actor)


@transaction.atomic
def support_service_add(*, institution, actor, **values) -> SupportService:
    return _add(SupportService, institution=institution, actor=actor, values=values)


@transaction.atomic
def support_service_update(*, service: SupportService, actor, **values) -> SupportService:
    return _update(service, actor=actor, values=values)


@transaction.atomic
def support_service_remove(*, service: SupportService, actor) -> None:
    """Remove an entry of the directory (support actions that named it keep their record)."""
    _remove(service, actor=actor)


@transaction.atomic
def report_tag_add(*, institution, actor, label: str) -> ReportTag:
    return _add(ReportTag, institution=institution, actor=actor, values={"label": label.strip()})


@transaction.atomic
def report_tag_update(*, tag: ReportTag, actor, label: str) -> ReportTag:
    return _update(tag, actor=actor, values={"label": label.strip()})


@transaction.atomic
def report_tag_remove(*, tag: ReportTag, actor) -> None:
    """Remove a tag (it comes off the reports that had it)."""
    _remove(tag, actor=actor)
