"""Read-only: institution admins see their institution's outbox (what is waiting, what failed
and why) so a failed email or letter is noticed. The payload is never shown."""

from django.contrib import admin

from web.admin import (
    InstitutionAdminPermissions,
    ReadOnlyAdminMixin,
    administered_institution_ids,
)

from .models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, InstitutionAdminPermissions, admin.ModelAdmin):
    list_display = ("created_at", "kind", "institution", "status", "attempts",
                    "next_attempt_at", "sent_at", "last_error")
    list_filter = ("status", "kind")
    fields = ("institution", "kind", "status", "attempts", "next_attempt_at", "last_error",
              "created_at", "sent_at")
    readonly_fields = fields
    ordering = ("-created_at", "-pk")

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("institution")
        ids = administered_institution_ids(request)
        # System messages (no institution) are a superuser's business only.
        return qs if ids is None else qs.filter(institution_id__in=ids)
