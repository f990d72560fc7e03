"""What the precautionary API answers. The risk assessment, the reasons of decisions and the
referral's reason are shown only to those who decide on the measures (``sees_reasons`` in the
context: the group's chair and members, and the appeal reviewer who must weigh them); anyone
else who may see the matter (the convener) gets them as null."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from institutions.models import Deadline
from web.api import AvailableActionSerializer

from ..models import (
    Appeal,
    Breach,
    Decision,
    Matter,
    MatterMember,
    Measure,
    ProtectedPerson,
    Review,
    RiskAssessment,
    Share,
)


class MatterStudentSerializer(serializers.Serializer):
    student_id = serializers.CharField()
    name = serializers.CharField(source="full_name")


class MatterSummarySerializer(serializers.Serializer):
    """One row of the queue, and the matter as a transition leaves it."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    stage = serializers.ChoiceField(choices=Matter.Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    student = MatterStudentSerializer()
    case_reference = serializers.CharField(source="case.reference", allow_null=True,
                                           default=None)
    opened_on = serializers.DateField()
    automatic = serializers.SerializerMethodField()
    next_due = serializers.DateField(allow_null=True)
    next_purpose = serializers.CharField(allow_blank=True)
    is_overdue = serializers.BooleanField()
    active_measures = serializers.IntegerField(source="active_count")
    closed_on = serializers.DateField(allow_null=True)

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_automatic(self, obj) -> bool:
        """Referred automatically (every conduct case goes to the group)."""
        return obj.opened_by_id is None


class MatterQueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MatterSummarySerializer(many=True)


class ReasonsHidden(serializers.ModelSerializer):
    """Blanks ``hidden`` fields to null unless the context says the caller sees reasons."""

    hidden: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("sees_reasons"):
            for name in self.hidden:
                data[name] = None
        return data


def _nullable_text(**kwargs):
    return serializers.CharField(allow_null=True, **kwargs)


class MatterMemberSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__")
    user_email = serializers.EmailField(source="user.email")
    role_label = serializers.CharField(source="get_role_display")

    class Meta:
        model = MatterMember
        fields = ["id", "user", "user_name", "user_email", "role", "role_label",
                  "appointed_at", "ended_at", "end_reason"]


class ProtectedPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProtectedPerson
        fields = ["id", "name", "relation", "email", "student_id"]


class RiskAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RiskAssessment
        fields = ["id", "grounds", "nature", "circumstances", "police_views", "witness_input",
                  "level", "assessed_on", "assessed_by", "review"]


class PrecautionaryMeasureSerializer(serializers.ModelSerializer):
    type = serializers.CharField(source="measure_type.code")
    type_name = serializers.CharField(source="measure_type.name")
    protected = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = ["id", "decision", "type", "type_name", "scope", "conditions", "protected",
                  "starts_on", "ends_on", "status", "ended_on", "end_reason", "varies"]


class MatterDecisionSerializer(ReasonsHidden):
    hidden = ("reasons", "disruption_steps", "support_offered", "reporting_student_support",
              "skip_reason", "representations")
    reasons = _nullable_text()
    disruption_steps = _nullable_text()
    support_offered = _nullable_text()
    reporting_student_support = _nullable_text()
    skip_reason = _nullable_text()
    representations = _nullable_text()

    class Meta:
        model = Decision
        fields = ["id", "assessment", "status", "reasons", "disruption_steps",
                  "support_offered", "reporting_student_support", "proposed_by", "proposed_on",
                  "representations_due", "skipped_because", "skip_reason", "representations",
                  "representations_received_on", "decided_by", "decided_on", "appeal_due"]


class MatterAppealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = ["id", "decision", "received_on", "grounds", "window_due", "is_late",
                  "late_reason", "reviewer", "status", "result", "reasons", "decided_on"]


class MatterReviewSerializer(ReasonsHidden):
    hidden = ("reasons", "material_change")
    reasons = _nullable_text()
    material_change = _nullable_text()

    class Meta:
        model = Review
        fields = ["id", "kind", "requested_on", "material_change", "held_on", "result",
                  "reasons", "risk_level", "reviewed_by"]


class ShareContentSerializer(serializers.Serializer):
    type = serializers.CharField()
    scope = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class MatterShareSerializer(serializers.ModelSerializer):
    content = ShareContentSerializer(many=True, help_text="What they were told.")

    class Meta:
        model = Share
        fields = ["id", "recipient_kind", "recipient", "shared_on", "shared_by", "content"]


class MatterBreachSerializer(serializers.ModelSerializer):
    class Meta:
        model = Breach
        fields = ["id", "kind", "measure", "person_affected", "occurred_on", "description",
                  "action", "new_decision", "recorded_on"]


class MatterDeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["id", "purpose", "rule", "kind", "rule_description", "start_date",
                  "due_date", "status", "completed_on"]


class MatterLetterSerializer(serializers.Serializer):
    """A letter about the matter (a correction is a new version). ``download`` is the PDF's
    address once issued, for the group and the appeal reviewer only (null for anyone else)."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    version = serializers.IntegerField()
    recipient_key = serializers.CharField()
    recipient = serializers.SerializerMethodField()
    status = serializers.CharField()
    issued_on = serializers.DateField()
    download = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_recipient(self, obj) -> str:
        return str((obj.recipient or {}).get("name", ""))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download(self, obj) -> str | None:
        if obj.status != "issued" or not self.context.get("sees_reasons"):
            return None
        from django.urls import reverse

        return reverse("api-precautionary-letter-download", kwargs={
            "institution_slug": self.context["institution"].slug, "matter_id": obj.about_id,
            "letter_id": obj.pk})


class MatterHistoryEventSerializer(serializers.Serializer):
    """One event of the matter's history, oldest first."""

    sequence = serializers.IntegerField()
    occurred_on = serializers.DateField()
    occurred_at = serializers.DateTimeField(allow_null=True)
    actor_label = serializers.CharField()
    action = serializers.CharField()
    label = serializers.SerializerMethodField()
    changes = serializers.JSONField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_label(self, obj) -> str:
        from ..history import LABELS

        return LABELS.get(obj.action, obj.action)


class RiskRequestSerializer(serializers.Serializer):
    """A request for a risk assessment waiting for the group; open a matter from it with
    ``request_id``."""

    id = serializers.IntegerField()
    requested_on = serializers.DateField()
    requested_by = serializers.CharField(source="requested_by.__str__")
    status = serializers.CharField()
    reason = serializers.CharField()
    report_reference = serializers.CharField(source="report.reference", allow_null=True,
                                             default=None)
    case_reference = serializers.CharField(source="case.reference", allow_null=True,
                                           default=None)
    source = serializers.CharField(help_text="report, case or safe_contact (a Safe Contact's "
                                   "referral from their contact log, which names nobody).")
    contact_details = serializers.SerializerMethodField(
        help_text="How the group may contact the person: only where they consented (a Safe "
        "Contact's referral); otherwise null.")
    student = MatterStudentSerializer(source="case.respondent", allow_null=True, default=None,
                                      help_text="The case's student; null for a request from "
                                      "a report (name the student when opening).")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_contact_details(self, obj) -> str | None:
        return obj.contact_details if obj.contact_consent else None


class RiskRequestPageSerializer(serializers.Serializer):
    """A page of the risk-assessment requests (web.api.QueuePagination's answer)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RiskRequestSerializer(many=True)


class MatterDetailSerializer(MatterSummarySerializer):
    """The matter: its group, the people its measures protect, assessments, decisions,
    measures, appeals, reviews, who was told, breaches, deadlines and what you can do now."""

    grounds = serializers.ListField(child=serializers.CharField())
    referral_reason = _nullable_text()
    continues_after_case_reason = serializers.CharField(allow_blank=True)
    closure_reason = serializers.CharField(allow_blank=True)
    not_a_finding = serializers.CharField(help_text="Every screen says so (§19).")
    sees_reasons = serializers.BooleanField(
        help_text="Whether the risk assessment and the reasons are shown to you.")
    members = MatterMemberSerializer(many=True, source="member_list")
    protected = ProtectedPersonSerializer(many=True, source="protected_list")
    assessments = RiskAssessmentSerializer(many=True, source="assessment_list",
                                       help_text="Empty unless ``sees_reasons``.")
    decisions = MatterDecisionSerializer(many=True, source="decision_list")
    measures = PrecautionaryMeasureSerializer(many=True, source="measure_list")
    appeals = MatterAppealSerializer(many=True, source="appeal_list")
    reviews = MatterReviewSerializer(many=True, source="review_list")
    shares = MatterShareSerializer(many=True, source="share_list")
    breaches = MatterBreachSerializer(many=True, source="breach_list")
    deadlines = MatterDeadlineSerializer(many=True, source="deadline_list")
    letters = MatterLetterSerializer(
        many=True, source="letter_list", help_text="Each letter and version; ``download`` only "
        "for the group and the appeal reviewer.")
    available_actions = AvailableActionSerializer(many=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("sees_reasons"):
            data["referral_reason"] = None
            data["assessments"] = []
        return data


class SecurityMeasureSerializer(serializers.Serializer):
    """A measure in force as security is told of it (§22): no reasons, no allegation, no
    assessment, no photograph."""

    student_name = serializers.CharField()
    student_id = serializers.CharField()
    description = serializers.CharField(help_text="Who the student is, without a photograph.")
    measure_type = serializers.CharField()
    scope = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True, help_text="Until when; null: until "
                                    "lifted or reviewed.")


def _response(name: str, key: str, child) -> type:
    return type(name, (serializers.Serializer,), {
        "matter": MatterSummarySerializer(), key: child,
        "__doc__": f"The matter as it is now, and the {key.replace('_', ' ')}."})


MemberResponseSerializer = _response("MatterMemberResponseSerializer", "member",
                                     MatterMemberSerializer())
ProtectedResponseSerializer = _response("MatterProtectedResponseSerializer", "protected_person",
                                        ProtectedPersonSerializer())
AssessmentResponseSerializer = _response("MatterAssessmentResponseSerializer", "assessment",
                                         RiskAssessmentSerializer())
DecisionResponseSerializer = _response("MatterDecisionResponseSerializer", "decision",
                                       MatterDecisionSerializer())
AppealResponseSerializer = _response("MatterAppealResponseSerializer", "appeal",
                                     MatterAppealSerializer())
ReviewResponseSerializer = _response("MatterReviewResponseSerializer", "review",
                                     MatterReviewSerializer())
ShareResponseSerializer = _response("MatterShareResponseSerializer", "share",
                                    MatterShareSerializer())
BreachResponseSerializer = _response("MatterBreachResponseSerializer", "breach",
                                     MatterBreachSerializer())
MeasuresResponseSerializer = _response("MatterMeasuresResponseSerializer", "measures",
                                       PrecautionaryMeasureSerializer(many=True))

