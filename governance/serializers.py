"""The governance API's bodies and answers. Bodies check shapes only; the services decide.
A declaration's answer carries its details only for those who may read them (the selectors
decide who gets one at all)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from web.api import AvailableActionSerializer, MemberField

from .models import (
    ActionItem,
    ActionPlan,
    PolicyDocument,
    RelationshipDeclaration,
    RiskAssessment,
)

D = RelationshipDeclaration


# -- bodies -------------------------------------------------------------------------------------
class DeclarationBodySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=D.Kind.choices, default=D.Kind.STAFF_STUDENT)
    person_name = serializers.CharField(max_length=200)
    person_student_id = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                              default="")
    person_email = serializers.EmailField(required=False, allow_blank=True)
    nature = serializers.ChoiceField(choices=D.Nature.choices)
    academic_involvement = serializers.BooleanField(default=False)
    supervisory_involvement = serializers.BooleanField(default=False)
    welfare_involvement = serializers.BooleanField(default=False)
    authority = serializers.ChoiceField(choices=D.Authority.choices, required=False,
                                        allow_blank=True, default="",
                                        help_text="With a colleague: who has authority.")
    details = serializers.CharField(required=False, allow_blank=True, default="")


class DeclarationEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class DeclarationReviewSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=D.Outcome.choices)
    management_plan = serializers.CharField(required=False, allow_blank=True, default="")
    action_taken = serializers.CharField(required=False, allow_blank=True, default="",
                                         help_text="Required for a prohibited relationship.")


class ClosingReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class RiskRegisterEntryBodySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    context = serializers.ChoiceField(choices=RiskAssessment.Context.choices)
    activity = serializers.CharField(required=False, allow_blank=True)
    owner = MemberField(help_text="The owner's user id.")
    controls = serializers.CharField(required=False, allow_blank=True)
    residual_risk = serializers.ChoiceField(choices=RiskAssessment.Level.choices,
                                            required=False, allow_blank=True)
    review_on = serializers.DateField(required=False, allow_null=True)


class RiskRegisterEntryChangeSerializer(RiskRegisterEntryBodySerializer):
    """Only the fields sent change."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class RiskRegisterEntryReviewSerializer(serializers.Serializer):
    next_review_on = serializers.DateField()
    controls = serializers.CharField(required=False)
    residual_risk = serializers.ChoiceField(choices=RiskAssessment.Level.choices,
                                            required=False, allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PolicyDocumentBodySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    reference = serializers.CharField(max_length=40, required=False, allow_blank=True)
    responsible = serializers.CharField(max_length=200, required=False, allow_blank=True)
    owner = MemberField(help_text="The owner's user id.")
    summary = serializers.CharField(required=False, allow_blank=True)
    url = serializers.URLField(required=False, allow_blank=True)
    review_interval_months = serializers.IntegerField(min_value=1, max_value=120,
                                                      required=False)
    next_review_on = serializers.DateField(required=False, allow_null=True)


class PolicyDocumentChangeSerializer(PolicyDocumentBodySerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class PolicyApproveSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=20)
    approved_on = serializers.DateField()
    approved_by = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                        default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActionPlanBodySerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    owner = MemberField(help_text="The owner's user id.")
    introduction = serializers.CharField(required=False, allow_blank=True)
    key = serializers.CharField(required=False, allow_blank=True)
    next_review_on = serializers.DateField(required=False, allow_null=True)


class ActionPlanChangeSerializer(ActionPlanBodySerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ActionPlanVersionSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=20)
    dated = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    next_review_on = serializers.DateField(required=False, allow_null=True, default=None)


class ActionItemBodySerializer(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    guidance_paragraphs = serializers.CharField(max_length=100, required=False,
                                                allow_blank=True)
    risk_refs = serializers.CharField(max_length=100, required=False, allow_blank=True)
    action = serializers.CharField()
    timing = serializers.CharField(required=False, allow_blank=True)
    lead = MemberField(required=False, allow_null=True, help_text="The lead's user id.")
    lead_description = serializers.CharField(max_length=300, required=False,
                                             allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=ActionItem.Status.choices, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    review_on = serializers.DateField(required=False, allow_null=True)


class ActionItemChangeSerializer(ActionItemBodySerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class ActionItemProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItem.Status.choices)
    notes = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                  default=None, help_text="Left out: unchanged.")
    review_on = serializers.DateField(required=False, allow_null=True, default=None)
    reviewed = serializers.BooleanField(default=False,
                                        help_text="The review that was due is done.")


# -- answers ------------------------------------------------------------------------------------
class GovernancePersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    email = serializers.EmailField()


class WithActions(serializers.Serializer):
    available_actions = serializers.SerializerMethodField()

    @extend_schema_field(AvailableActionSerializer(many=True))
    def get_available_actions(self, obj):
        return AvailableActionSerializer(self.context.get("offers", []), many=True).data


class Overdue:
    def _today(self):
        return self.context["today"]


class DeclarationSummarySerializer(serializers.ModelSerializer):
    """For the HR partners' list: who declared and where the review stands."""

    declarer = GovernancePersonSerializer()

    class Meta:
        model = D
        fields = ["id", "declarer", "kind", "declared_on", "ended_on", "prohibited", "status",
                  "outcome", "reviewed_on"]


class MyDeclarationSerializer(serializers.ModelSerializer):
    class Meta:
        model = D
        fields = ["id", "kind", "person_name", "nature", "declared_on", "ended_on",
                  "prohibited", "status", "outcome", "reviewed_on"]


class DeclarationDetailSerializer(WithActions, serializers.ModelSerializer):
    declarer = GovernancePersonSerializer()
    reviewed_by = GovernancePersonSerializer(allow_null=True)

    class Meta:
        model = D
        fields = ["id", "declarer", "kind", "person_name", "person_student_id", "person_email",
                  "nature", "details", "academic_involvement", "supervisory_involvement",
                  "welfare_involvement", "authority", "prohibited", "declared_on", "ended_on",
                  "status", "outcome", "management_plan", "action_taken", "reviewed_by",
                  "reviewed_on", "available_actions"]


class RiskRegisterEntrySerializer(Overdue, serializers.ModelSerializer):
    owner = GovernancePersonSerializer()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = RiskAssessment
        fields = ["id", "title", "context", "activity", "owner", "controls", "residual_risk",
                  "review_on", "status", "activated_on", "last_reviewed_on", "closed_on",
                  "closed_reason", "overdue"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj) -> bool:
        return obj.overdue(self._today())


class RiskRegisterEntryDetailSerializer(WithActions, RiskRegisterEntrySerializer):
    class Meta(RiskRegisterEntrySerializer.Meta):
        fields = [*RiskRegisterEntrySerializer.Meta.fields, "available_actions"]


class PolicyVersionOutSerializer(serializers.Serializer):
    version = serializers.CharField()
    approved_on = serializers.DateField()
    approved_by = serializers.CharField()
    note = serializers.CharField()


class PolicyDocumentSerializer(Overdue, serializers.ModelSerializer):
    owner = GovernancePersonSerializer()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PolicyDocument
        fields = ["id", "title", "reference", "responsible", "owner", "summary", "url",
                  "review_interval_months", "current_version", "last_approved_on",
                  "next_review_on", "status", "retired_on", "retired_reason", "overdue"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj) -> bool:
        return obj.overdue(self._today())


class PolicyDocumentDetailSerializer(WithActions, PolicyDocumentSerializer):
    versions = serializers.SerializerMethodField()

    class Meta(PolicyDocumentSerializer.Meta):
        fields = [*PolicyDocumentSerializer.Meta.fields, "versions", "available_actions"]

    @extend_schema_field(PolicyVersionOutSerializer(many=True))
    def get_versions(self, obj):
        return PolicyVersionOutSerializer(self.context.get("versions", []), many=True).data


class ActionItemSerializer(Overdue, WithActions, serializers.ModelSerializer):
    lead = GovernancePersonSerializer(allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = ["id", "number", "guidance_paragraphs", "risk_refs", "action", "timing",
                  "lead", "lead_description", "notes", "status", "due_on", "review_on",
                  "completed_on", "overdue", "available_actions"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj) -> bool:
        return obj.overdue(self._today())

    @extend_schema_field(AvailableActionSerializer(many=True))
    def get_available_actions(self, obj):
        offers = self.context.get("item_offers", {}).get(obj.pk, [])
        return AvailableActionSerializer(offers, many=True).data


class ActionPlanVersionOutSerializer(serializers.Serializer):
    version = serializers.CharField()
    dated = serializers.DateField()
    note = serializers.CharField()
    items = serializers.ListField(child=serializers.DictField())


class ActionPlanSerializer(Overdue, serializers.ModelSerializer):
    owner = GovernancePersonSerializer()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionPlan
        fields = ["id", "title", "owner", "introduction", "key", "current_version",
                  "version_date", "next_review_on", "status", "overdue"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, obj) -> bool:
        return obj.overdue(self._today())


class ActionPlanDetailSerializer(WithActions, ActionPlanSerializer):
    items = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()

    class Meta(ActionPlanSerializer.Meta):
        fields = [*ActionPlanSerializer.Meta.fields, "items", "versions", "available_actions"]

    @extend_schema_field(ActionItemSerializer(many=True))
    def get_items(self, obj):
        return ActionItemSerializer(self.context.get("items", []), many=True,
                              context=self.context).data

    @extend_schema_field(ActionPlanVersionOutSerializer(many=True))
    def get_versions(self, obj):
        return ActionPlanVersionOutSerializer(self.context.get("versions", []), many=True).data


def page_of(serializer: type[serializers.Serializer], name: str) -> type:
    """The schema of a page of ``serializer`` (web.api.QueuePagination's answer)."""
    return type(name, (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer(many=True),
    })


DeclarationPageSerializer = page_of(DeclarationSummarySerializer, "DeclarationPageSerializer")
MyDeclarationPageSerializer = page_of(MyDeclarationSerializer, "MyDeclarationPageSerializer")
RiskRegisterEntryPageSerializer = page_of(RiskRegisterEntrySerializer,
                                          "RiskRegisterEntryPageSerializer")
PolicyDocumentPageSerializer = page_of(PolicyDocumentSerializer, "PolicyDocumentPageSerializer")
ActionPlanPageSerializer = page_of(ActionPlanSerializer, "ActionPlanPageSerializer")
