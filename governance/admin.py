from django.contrib import admin

from core.admin import TenantModelAdmin

from .models import RelationshipDeclaration


@admin.register(RelationshipDeclaration)
class RelationshipDeclarationAdmin(TenantModelAdmin):
    """Declarations feed the conflict-of-interest checks of every disciplinary role."""

    list_display = ["declarer", "person_name", "nature", "institution", "declared_on",
                    "ended_on"]
    list_filter = ["nature"]
    search_fields = ["person_name", "person_student_id", "person_email", "declarer__email"]
