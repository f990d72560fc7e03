from django.contrib import admin

from core.admin import TenantModelAdmin

from .models import AccessCheckpoint, AccessEvent, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(TenantModelAdmin):
    list_display = ["sequence", "institution", "occurred_on", "actor_label", "action",
                    "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["object_id", "actor_label", "action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAuditAdmin(TenantModelAdmin):
    """The access log is shown to the same people as the audit trail, and changes nothing."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
