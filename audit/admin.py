from django.contrib import admin

from web.admin import ReadOnlyAdminMixin, TenantModelAdmin

from .models import AccessCheckpoint, AccessEvent, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, TenantModelAdmin):
    list_display = ["sequence", "institution", "occurred_on", "actor_label", "action",
                    "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["object_id", "actor_label", "action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


class ReadOnlyAuditAdmin(ReadOnlyAdminMixin, TenantModelAdmin):
    """The access log is shown to the same people as the audit trail, and changes nothing."""


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAuditAdmin):
    list_display = ["occurred_at", "institution", "actor_label", "object_type", "object_id",
                    "what", "checkpoint"]
    list_filter = ["object_type"]
    search_fields = ["object_id", "actor_label", "what"]
    readonly_fields = [f.name for f in AccessEvent._meta.fields]
    list_select_related = ["institution", "checkpoint"]


@admin.register(AccessCheckpoint)
class AccessCheckpointAdmin(ReadOnlyAuditAdmin):
    list_display = ["sequence", "institution", "sealed_at", "event_count", "first_event_id",
                    "last_event_id"]
    readonly_fields = [f.name for f in AccessCheckpoint._meta.fields]
