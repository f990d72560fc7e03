"""Delays told (§44): the warning on the case file, the delay letter's body and answer, and
who was told of a pause."""

from __future__ import annotations

from rest_framework import serializers

from ..models import CaseDelay
from .case import CaseSummarySerializer
from .decisions import CasePauseSerializer


class CaseDelayWarningSerializer(serializers.Serializer):
    """Will the aim to complete the case be missed (002 §44: 60 days; 004: 90 days)?"""

    status = serializers.ChoiceField(
        choices=["on_track", "approaching", "passed", "paused"],
        help_text="approaching: the date is within the institution's warning period; passed: "
        "it has gone by; paused: the case (and the aim) is paused.")
    aim_rule = serializers.CharField(help_text="The institution's aim (a time limit's rule).")
    aim_label = serializers.CharField()
    aim_description = serializers.CharField(help_text="e.g. '60 calendar days (§44)'.")
    aim_due = serializers.DateField()
    expected_by = serializers.DateField(
        help_text="The last delay letter's new expected date, else the aim's due date.")
    letter_due = serializers.BooleanField(help_text="A delay letter should be sent now.")
    last_told_on = serializers.DateField(allow_null=True)
    message = serializers.CharField()
    pause_not_told = serializers.ListField(
        child=serializers.CharField(),
        help_text="Who has not been told of the current pause.")


class DelayNotifyInputSerializer(serializers.Serializer):
    new_date = serializers.DateField(help_text="When the case is now likely to conclude.")
    reason = serializers.CharField(allow_blank=True, help_text="The reason for the delay.")


class CaseDelaySerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseDelay
        fields = ["id", "aim_rule", "aim_due", "new_date", "reason", "told_on"]


class CaseDelayResponseSerializer(serializers.Serializer):
    case = CaseSummarySerializer()
    delay = CaseDelaySerializer()


class PartyToldSerializer(serializers.Serializer):
    party = serializers.IntegerField(help_text="The id of one of the case's reporting parties.")
    told_on = serializers.DateField()


class PauseToldInputSerializer(serializers.Serializer):
    student_told_on = serializers.DateField(required=False, allow_null=True)
    reporting_parties_told_on = serializers.DateField(
        required=False, allow_null=True,
        help_text="The same day for every reporting party not listed in `parties`.")
    parties = PartyToldSerializer(many=True, required=False,
                                  help_text="A day per reporting party (§44).")

    def to_service(self, data: dict) -> dict:
        parties = data.pop("parties", None) or []
        return {**data, "party_told_on": {row["party"]: row["told_on"] for row in parties}}


class CasePauseToldResponseSerializer(serializers.Serializer):
    case = CaseSummarySerializer()
    pause = CasePauseSerializer()
