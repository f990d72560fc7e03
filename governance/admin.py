"""The Django admin of the declarations: an institution admin enters one made on paper,
corrects one or withdraws one made in error, each through governance/services/declarations.py
(one audit event each). The HR review is not edited here (the review pages and API record it,
with its rules). The registers (risk assessments, policies, action plans) change only through
their pages and API, so they are not in the admin."""

from django.contrib import admin

from accounts.models import User
from web.admin import ServiceWrites, TenantModelAdmin, administered_institution_ids

from .models import RelationshipDeclaration
from .services import declarations as services


def _values(row) -> dict:
    return {name: getattr(row, name) for name in services.FIELDS}


@admin.register(RelationshipDeclaration)
class RelationshipDeclarationAdmin(TenantModelAdmin):
    """Declarations feed the conflict-of-interest checks of every disciplinary role; they
    change only through governance.services, each change audited."""

    list_display = ["declarer", "person_name", "kind", "nature", "prohibited", "status",
                    "institution", "declared_on", "ended_on"]
    list_filter = ["kind", "nature", "prohibited", "status"]
    search_fields = ["person_name", "person_student_id", "person_email", "declarer__email"]
    fields = ["institution", *services.FIELDS]
    readonly_fields: list[str] = []
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
            declared_on=row.declared_on, ended_on=row.ended_on, kind=row.kind,
            authority=row.authority),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "declarer":
            # The declarer is a member of staff of an institution the admin administers.
            ids = administered_institution_ids(request)
            people = User.objects.filter(is_active=True)
            kwargs["queryset"] = people if ids is None else people.filter(
                memberships__institution_id__in=ids).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
