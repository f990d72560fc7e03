"""The audit app's own events: the admin's generic record of a write no service covers, and
an upload refused because the virus check found malware (audit/uploads.py)."""

AUDIT_EVENTS = ("admin.*", "upload.infected")
