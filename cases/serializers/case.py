"""The case itself: the queue, opening a case, intake, appointments, the summary."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEvent
from institutions.models import Deadline
from institutions.procedure import Cohort
from web.api import RowIdField

from ..models import (
    Allegation,
    CaseAssignment,
    CaseRole,
    MisconductCategory,
    MisconductType,
    Party,
    RegistrationStatus,
    Severity,
    Stage,
    Student,
)
from ..policies import case_role_label
from ..procedure_text import procedure_words
from ..selectors import DeadlineStatus
from ..services.intake import Route
from .fields import CaseObjectField, MemberField


class CaseQueueFilterSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False, allow_blank=True)
    assignee = RowIdField(required=False,
                                        help_text="Cases where this user holds a role.")
    cohort = serializers.ChoiceField(choices=Cohort.choices, required=False, allow_blank=True)
    deadline_status = serializers.ChoiceField(choices=DeadlineStatus.CHOICES, required=False,
                                              allow_blank=True)
    search = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                   help_text="A case reference (or part of one), or a "
                                   "student ID.")


class CaseRespondentInputSerializer(serializers.Serializer):
    student_id = serializers.CharField(allow_blank=True, max_length=40)
    given_name = serializers.CharField(allow_blank=True, max_length=100)
    family_name = serializers.CharField(allow_blank=True, max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    address = serializers.CharField(required=False, allow_blank=True)
    programme = serializers.CharField(required=False, allow_blank=True, max_length=200)
    cohort = serializers.ChoiceField(choices=Cohort.choices, required=False)
    registration_status = serializers.ChoiceField(choices=RegistrationStatus.choices,
                                                  required=False)


class CaseAllegationInputSerializer(serializers.Serializer):
    misconduct_type = serializers.ChoiceField(choices=MisconductType.choices)
    category = serializers.ChoiceField(choices=MisconductCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = serializers.CharField(allow_blank=True)


class CasePartyInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Party.Kind.choices)
    name = serializers.CharField(allow_blank=True, max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    student_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    is_staff_member = serializers.BooleanField(required=False, default=False)
    identity_withheld = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class CaseOpenSerializer(serializers.Serializer):
    """The Alleged Misconduct Form (002 Appendix A) / INAM report: case_open's arguments."""

    respondent = CaseRespondentInputSerializer()
    allegations = CaseAllegationInputSerializer(many=True, allow_empty=True)
    parties = CasePartyInputSerializer(many=True, required=False)
    allegation_raised_on = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)
    incident_date = serializers.DateField(required=False, allow_null=True)
    incident_place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    outcome_sought = serializers.CharField(required=False, allow_blank=True)
    impact = serializers.CharField(required=False, allow_blank=True)
    police_involved = serializers.BooleanField(required=False, default=False)
    police_reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    registration_override_reason = serializers.CharField(required=False, allow_blank=True)
    related_group = serializers.CharField(required=False, allow_blank=True, max_length=40)
    source_report_id = RowIdField(required=False, allow_null=True)


class IntakeDecisionSerializer(serializers.Serializer):
    route = serializers.ChoiceField(choices=Route.ALL)
    reasons = serializers.CharField(allow_blank=True)
    police_alerted = serializers.BooleanField(required=False, default=False)
    referred_to = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CaseAssignSerializer(serializers.Serializer):
    user = MemberField()
    role = serializers.ChoiceField(choices=CaseRole.choices)


class CaseUnassignSerializer(serializers.Serializer):
    assignment = CaseObjectField(model=CaseAssignment)
    reason = serializers.CharField(allow_blank=True, max_length=200)


class CaseReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class CaseRespondentBriefSerializer(serializers.Serializer):
    student_id = serializers.CharField()
    name = serializers.CharField(source="full_name")


class InOwnWordsField(serializers.CharField):
    """Text written in 002's words (a deadline's purpose, a rule's description), said in the
    institution's (procedure_text): Midshire reads its own references, not 002's paragraphs,
    and its name for the Board. The institution comes from the serializer's context."""

    def to_representation(self, value):
        text = super().to_representation(value)
        context = self.context
        institution = context.get("institution") or getattr(context.get("case"), "institution",
                                                            None)
        return procedure_words(institution).say(text) if institution is not None else text


class CaseSummarySerializer(serializers.Serializer):
    """One row of the queue, and the case as a transition leaves it. The case carries
    case_queue's annotations and ``deadline_status`` (set by the view)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    cohort = serializers.ChoiceField(choices=Cohort.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    respondent = CaseRespondentBriefSerializer()
    next_due = serializers.DateField(allow_null=True)
    next_purpose = InOwnWordsField(allow_null=True)
    deadline_status = serializers.ChoiceField(choices=DeadlineStatus.CHOICES)
    clock = serializers.CharField(help_text=(
        "What the queue says of the case's clock: closed (no clock running), overdue, paused, "
        "due_today, due_soon (within 2 working days), on_track or none."))
    clock_label = serializers.CharField()
    is_paused = serializers.BooleanField()
    closed_on = serializers.DateField(allow_null=True)


class CaseQueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseSummarySerializer(many=True)


class CaseStudentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name")

    class Meta:
        model = Student
        fields = ["student_id", "given_name", "family_name", "name", "email", "phone",
                  "address", "programme", "cohort", "registration_status"]


class CasePartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "kind", "name", "email", "phone", "student_id", "is_staff_member",
                  "identity_withheld", "notes"]


class CaseAllegationSerializer(serializers.ModelSerializer):
    misconduct_type_label = serializers.CharField(source="get_misconduct_type_display")

    class Meta:
        model = Allegation
        fields = ["id", "misconduct_type", "misconduct_type_label", "category", "severity",
                  "description", "finding"]


class CaseAssignmentSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__")
    user_email = serializers.EmailField(source="user.email")
    role_label = serializers.SerializerMethodField()

    class Meta:
        model = CaseAssignment
        fields = ["id", "user", "user_name", "user_email", "role", "role_label",
                  "assigned_at", "ended_at", "end_reason"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_role_label(self, obj) -> str:
        """The institution's own name for the role ("Academic Registrar")."""
        return case_role_label(self.context["case"], obj.role)


class CaseDeadlineSerializer(serializers.ModelSerializer):
    purpose = InOwnWordsField()
    rule_description = InOwnWordsField(allow_blank=True)

    class Meta:
        model = Deadline
        fields = ["id", "purpose", "rule", "kind", "rule_description", "unit", "start_date",
                  "due_date", "original_due_date", "paused_since", "status", "completed_on",
                  "responsible_role"]


class CaseHistoryEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["sequence", "occurred_on", "occurred_at", "actor_label", "action",
                  "changes"]
