"""The audit events of subject access and Board bundle redaction (registered by the audit app).
No payload names the person: a request is identified by its opaque reference."""

AUDIT_EVENTS = (
    "subjectaccess.request_received", "subjectaccess.matches_found",
    "subjectaccess.matches_confirmed", "subjectaccess.export_requested",
    "subjectaccess.export_generated", "subjectaccess.export_downloaded",
    "subjectaccess.request_closed",
    "subjectaccess.bundle_document_redacted", "subjectaccess.bundle_document_withheld",
)
