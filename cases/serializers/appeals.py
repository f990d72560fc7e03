"""Appeals (§33-36, §65-71)."""

from __future__ import annotations

from rest_framework import serializers

from web.api import MemberField

from ..models import (
    Appeal,
    AppealPanel,
    AppealPanelMember,
    InformalReview,
    Party,
)
from ..services.appeals import PANEL_RESULTS, AppealResult
from .decisions import CasePenaltyInputSerializer
from .fields import CaseObjectField


class AppealLodgeSerializer(serializers.Serializer):
    """The appeal form (002 Appendix B), recorded by staff for the student."""

    received_on = serializers.DateField()
    decision_received_on = serializers.DateField()
    grounds = serializers.ListField(child=serializers.CharField(), allow_empty=True,
                                    help_text="Codes of the institution's grounds of appeal.")
    summary = serializers.CharField(allow_blank=True)
    contact = serializers.CharField(allow_blank=True, max_length=300)
    telephone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    late_reason = serializers.CharField(required=False, allow_blank=True)


class LateDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class AppealDecisionSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=AppealResult.ALL)
    reasons = serializers.CharField(allow_blank=True)
    penalties = CasePenaltyInputSerializer(many=True, required=False)
    criminal_conviction = serializers.BooleanField(required=False, default=False)


class CaseAppealSerializer(serializers.ModelSerializer):
    grounds = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "against", "status", "received_on", "decision_received_on",
                  "window_due", "is_late", "late_reason", "late_decision_reason", "grounds",
                  "summary", "contact", "telephone", "outcome"]


class AppealPanelConveneSerializer(serializers.Serializer):
    """004: the designated member convenes an appeals panel of three."""

    reasons = serializers.CharField(allow_blank=True)
    chair = MemberField()
    members = serializers.ListField(child=MemberField(), allow_empty=True,
                                   help_text="The two other members' user ids.")


class AppealPanelDecisionSerializer(AppealDecisionSerializer):
    result = serializers.ChoiceField(choices=PANEL_RESULTS)


class AppealPanelMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.__str__")

    class Meta:
        model = AppealPanelMember
        fields = ["user", "name", "place"]


class CaseAppealPanelSerializer(serializers.ModelSerializer):
    members = AppealPanelMemberSerializer(many=True, source="members.all")

    class Meta:
        model = AppealPanel
        fields = ["id", "appeal", "status", "convened_on", "referral_reasons", "members",
                  "result", "reasons", "decided_on", "outcome"]


class InformalReviewRequestSerializer(serializers.Serializer):
    """004: a reporting student's request for an informal review, and who reviews it."""

    party = CaseObjectField(model=Party, help_text="The reporting student (a party id).")
    requested_on = serializers.DateField()
    via = serializers.ChoiceField(choices=[
        c for c in InformalReview.Via.choices if c[0] != InformalReview.Via.ONLINE])
    concerns = serializers.CharField(allow_blank=True)
    reviewer = MemberField()


class InformalReviewAppointSerializer(serializers.Serializer):
    """Who reviews a request the student made online."""

    reviewer = MemberField()


class InformalReviewCompleteSerializer(serializers.Serializer):
    findings = serializers.CharField(allow_blank=True)
    learning = serializers.CharField(required=False, allow_blank=True, default="")


class CaseInformalReviewSerializer(serializers.ModelSerializer):
    party_name = serializers.CharField(source="party.name")
    reviewer_name = serializers.CharField(allow_null=True, read_only=True,
                                          help_text="Empty while a request made online waits "
                                                    "for a reviewer.")

    class Meta:
        model = InformalReview
        fields = ["id", "party", "party_name", "outcome", "requested_on", "via", "concerns",
                  "reviewer", "reviewer_name", "status", "findings", "learning",
                  "completed_on"]
