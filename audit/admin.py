from django.contrib import admin

from core.admin import TenantModelAdmin

from .models import AuditEvent


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
