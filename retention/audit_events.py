"""The audit events of the retention schedule (registered by RetentionConfig.ready). None
holds personal data: a hold's event names its id and record, a deletion its kind and
tombstone."""

AUDIT_EVENTS = (
    "retention.settings_changed", "retention.hold_placed", "retention.hold_released",
    "retention.record_sealed", "retention.record_deleted",
)
