from django.contrib import admin

from accounts.models import User
from web.admin import ServiceWrites, TenantModelAdmin, administered_institution_ids

from . import services
from .models import RelationshipDeclaration


def _values(row) -> dict:
    return {name: getattr(row, name) for name in services.FIELDS}


@admin.register(RelationshipDeclaration)
class RelationshipDeclarationAdmin(TenantModelAdmin):
    """Declarations feed the conflict-of-interest checks of every disciplinary role; they
    change only through governance.services, each change audited."""

    list_display = ["declarer", "person_name", "nature", "institution", "declared_on",
                    "ended_on"]
    list_filter = ["nature"]
    search_fields = ["person_name", "person_student_id", "person_email", "declarer__email"]
    writes = ServiceWrites(
        add=lambda actor, row: services.relationship_declare(
            institution=row.institution, actor=actor, **_values(row)),
        change=lambda actor, row, stored: services.relationship_declaration_update(
            declaration=stored, actor=actor, **_values(row)),
        remove=lambda actor, stored: services.relationship_declaration_withdraw(
            declaration=stored, actor=actor),
        check=lambda row: services.declaration_check(
            institution=row.institution_id, declarer=None,
            person_student_id=row.person_student_id, person_email=row.person_email,
            declared_on=row.declared_on, ended_on=row.ended_on),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "declarer":
            # The declarer is a member of staff of an institution the admin administers.
            ids = administered_institution_ids(request)
            people = User.objects.filter(is_active=True)
            kwargs["queryset"] = people if ids is None else people.filter(
                memberships__institution_id__in=ids).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
