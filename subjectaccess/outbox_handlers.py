"""Outbox handlers of subject access (found by ``outbox.apps.OutboxConfig.ready``)."""

from __future__ import annotations

from outbox.registry import register

from .models import SubjectAccessExport
from .services.requests import EXPORT_GENERATE


@register(EXPORT_GENERATE)
def subject_access_export_deliver(message) -> None:
    """Build the export's zip; one already built is left as it is (idempotent)."""
    from .services.export import subject_access_export_generate

    subject_access_export_generate(export=SubjectAccessExport.objects.for_institution(
        message.institution_id).get(pk=message.payload["export"]))
