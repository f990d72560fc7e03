"""The retention API's shapes (issue 14 item 5): a record due for deletion names its kind,
reference and dates, never its content."""

from __future__ import annotations

from rest_framework import serializers


class RetentionDueRecordSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    reference = serializers.CharField()
    ended_on = serializers.DateField()
    due_on = serializers.DateField()


class RetentionDuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RetentionDueRecordSerializer(many=True)


class LegalHoldSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    matter = serializers.CharField()
    reason = serializers.CharField()
    reference = serializers.CharField()
    record_kind = serializers.SerializerMethodField()
    placed_by = serializers.CharField(source="placed_by.email")
    placed_on = serializers.DateField()
    released_on = serializers.DateField(allow_null=True)
    release_reason = serializers.CharField()
    active = serializers.BooleanField()

    def get_record_kind(self, hold) -> str:
        return "case" if hold.case_id else "report" if hold.report_id else "deleted"


class LegalHoldPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = LegalHoldSerializer(many=True)


class LegalHoldPlaceSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=30, help_text="The case's or report's "
                                      "reference.")
    matter = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=2000)


class LegalHoldReleaseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
