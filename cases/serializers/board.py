"""The Board of Discipline (§52-64)."""

from __future__ import annotations

from rest_framework import serializers

from web.api import RowIdField

from ..models import (
    BoardNotice,
    BoardObjection,
    Hearing,
)
from ..services.board import HearingResult
from .fields import CaseObjectField, MemberField


class BoardNoticeInputSerializer(serializers.Serializer):
    hearing_date = serializers.DateField()
    hearing_format = serializers.ChoiceField(choices=BoardNotice.Format.choices)
    arrangements = serializers.CharField(allow_blank=True)
    evidence_summary = serializers.CharField(allow_blank=True)
    documents = serializers.CharField(allow_blank=True, help_text="One per line.")
    witnesses = serializers.CharField(required=False, allow_blank=True,
                                      help_text="One per line.")
    witness_questions = serializers.ChoiceField(
        choices=BoardNotice._meta.get_field("witness_questions").choices, required=False)
    witnesses_by_video = serializers.BooleanField(required=False, default=False)
    alternative_attendance = serializers.BooleanField(required=False, default=False)
    proceeds_if_absent = serializers.BooleanField(required=False, default=True)
    identities_disclosed = serializers.CharField(required=False, allow_blank=True)
    sent_on = serializers.DateField(required=False, allow_null=True)


class BoardObjectionInputSerializer(serializers.Serializer):
    member = MemberField()
    reason = serializers.CharField(allow_blank=True)
    received_on = serializers.DateField()


class ObjectionDecisionSerializer(serializers.Serializer):
    objection = CaseObjectField(model=BoardObjection)
    uphold = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class BoardHearingInputSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=HearingResult.ALL)
    note = serializers.CharField(required=False, allow_blank=True)
    new_date = serializers.DateField(required=False, allow_null=True)
    good_reason = serializers.BooleanField(required=False, allow_null=True, default=None)
    proceed_in_absence = serializers.BooleanField(required=False, default=False)


class BoardVoteInputSerializer(serializers.Serializer):
    member = RowIdField(help_text="The Board member's user id.")
    offence_committed = serializers.BooleanField()
    penalties = serializers.ListField(child=serializers.CharField(), required=False,
                                      default=list, help_text="Penalty codes voted for.")
    amounts = serializers.DictField(
        child=serializers.DecimalField(max_digits=8, decimal_places=2), required=False,
        default=dict, help_text="Penalty code -> amount, for fines.")


class BoardDecisionSerializer(serializers.Serializer):
    votes = BoardVoteInputSerializer(many=True, allow_empty=True)
    reasons = serializers.CharField(allow_blank=True)
    criminal_conviction = serializers.BooleanField(required=False, default=False)


class BoardNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = BoardNotice
        fields = ["id", "sent_on", "hearing_date", "hearing_format", "alternative_attendance",
                  "arrangements", "evidence_summary", "proceeds_if_absent", "witnesses",
                  "witness_questions", "witnesses_by_video", "documents",
                  "identities_disclosed", "right_to_be_accompanied",
                  "right_to_submit_evidence", "membership"]


class BoardObjectionSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.__str__")

    class Meta:
        model = BoardObjection
        fields = ["id", "member", "member_name", "reason", "received_on", "decision",
                  "decision_reason", "decided_by"]


class BoardHearingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hearing
        fields = ["id", "scheduled_for", "status", "note", "absence_good_reason"]
