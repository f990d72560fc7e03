"""The audit app's own events: the admin's generic record of a write no service covers."""

AUDIT_EVENTS = ("admin.*",)
