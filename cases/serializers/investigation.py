"""The investigation file (002 §28, §39-44; 004): meetings, statements, requests for evidence,
the investigator's report and the notice of the allegation. Input serializers check shapes;
the services (cases/services/investigation.py) decide. Statements, notes, adjustments and the
report's text are given only to those who may read them (``may_read`` in the context);
otherwise they are null."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    EvidenceRequest,
    Interviewee,
    InvestigationMeeting,
    InvestigatorReport,
    Statement,
)
from .detail import with_case
from .files import CaseLetterSerializer

ID = {"min_value": 1, "max_value": 2**31 - 1}
Meeting = InvestigationMeeting


class _Material(serializers.CharField):
    """Case material: null for someone who may see the case but not read it."""

    def get_attribute(self, instance):
        if not self.context.get("may_read", False):
            return None
        return super().get_attribute(instance)


def material(**kwargs):
    return _Material(read_only=True, allow_null=True, **kwargs)


class InvestigationMeetingSerializer(serializers.ModelSerializer):
    person = serializers.CharField(read_only=True)
    notes = material()
    adjustments = material()

    class Meta:
        model = InvestigationMeeting
        fields = ["id", "interviewee", "party", "person", "held_on", "status", "attendees",
                  "told_of_right_to_be_accompanied", "companion", "companion_name",
                  "companion_role", "representation_reason", "adjustments", "notes",
                  "recorded_at"]


class InvestigationMeetingInputSerializer(serializers.Serializer):
    interviewee = serializers.ChoiceField(choices=Interviewee.choices)
    party = serializers.IntegerField(required=False, allow_null=True, **ID, help_text=(
        "The reporting party or witness (a party to the case)."))
    person_name = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                        help_text="A witness who is not a party to the case.")
    held_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Meeting.Status.choices, required=False,
                                     default=Meeting.Status.HELD)
    attendees = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    told_of_right_to_be_accompanied = serializers.BooleanField(required=False, default=False)
    companion = serializers.ChoiceField(choices=Meeting.Companion.choices, required=False,
                                        default=Meeting.Companion.NONE)
    companion_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    companion_role = serializers.ChoiceField(choices=Meeting.CompanionRole.choices,
                                             required=False, allow_blank=True, default="")
    representation_reason = serializers.CharField(required=False, allow_blank=True,
                                                  max_length=2000)
    adjustments = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=50000)


class InvestigationStatementSerializer(serializers.ModelSerializer):
    person = serializers.CharField(read_only=True)
    text = material()
    agreement_recorded_by = serializers.StringRelatedField()

    class Meta:
        model = Statement
        fields = ["id", "meeting", "given_by", "party", "person", "taken_on", "text",
                  "agreement", "agreement_on", "agreement_how", "agreement_recorded_by",
                  "recorded_at"]


class InvestigationStatementInputSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(required=False, allow_null=True, **ID)
    given_by = serializers.ChoiceField(choices=Interviewee.choices, required=False,
                                       allow_blank=True, default="")
    party = serializers.IntegerField(required=False, allow_null=True, **ID)
    person_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    taken_on = serializers.DateField()
    text = serializers.CharField(allow_blank=True, max_length=100000)


class StatementAgreementInputSerializer(serializers.Serializer):
    agreement = serializers.ChoiceField(choices=[
        (Statement.Agreement.AGREED, "Agreed by the person"),
        (Statement.Agreement.DECLINED, "Declined: not to be used")])
    on = serializers.DateField()
    how = serializers.CharField(required=False, allow_blank=True, max_length=300)


class InvestigationEvidenceRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvidenceRequest
        fields = ["id", "what", "from_whom", "requested_on", "due_on", "status",
                  "answered_on", "answer_note", "document"]


class EvidenceRequestInputSerializer(serializers.Serializer):
    what = serializers.CharField(allow_blank=True, max_length=300)
    from_whom = serializers.CharField(allow_blank=True, max_length=200)
    requested_on = serializers.DateField()
    due_on = serializers.DateField(required=False, allow_null=True)


class EvidenceRequestAnswerInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[
        (EvidenceRequest.Status.RECEIVED, "Received"),
        (EvidenceRequest.Status.REFUSED, "Refused")])
    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    document = serializers.IntegerField(required=False, allow_null=True, **ID, help_text=(
        "The document on the case file that was received."))


class InvestigatorReportSerializer(serializers.ModelSerializer):
    summary = material()
    findings = material()
    submitted_by = serializers.StringRelatedField()
    submitted_to = serializers.StringRelatedField()
    statements = serializers.SerializerMethodField()

    class Meta:
        model = InvestigatorReport
        fields = ["id", "version", "summary", "findings", "statements", "submitted_on",
                  "submitted_by", "submitted_to", "supersedes", "revision_reason"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_statements(self, obj) -> list[int]:
        return sorted(s.pk for s in obj.statements.all())


class InvestigatorReportInputSerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True, max_length=100000)
    findings = serializers.CharField(allow_blank=True, max_length=100000)
    statements = serializers.ListField(child=serializers.IntegerField(**ID), required=False,
                                       default=list, max_length=500, help_text=(
                                           "The agreed statements the report relies on."))
    revision_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                            help_text="Required for a new version.")


class AllegationNoticeInputSerializer(serializers.Serializer):
    particulars = serializers.CharField(allow_blank=True, max_length=20000, help_text=(
        "What is alleged and how the behaviour is said to breach the expected standards."))
    respond_by = serializers.DateField(required=False, allow_null=True)
    meeting_on = serializers.DateField(required=False, allow_null=True)
    meeting_place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    contact = serializers.CharField(required=False, allow_blank=True, max_length=300)


class InvestigationFileSerializer(serializers.Serializer):
    may_read = serializers.BooleanField(help_text=(
        "Whether statements, notes and the report's text are given (the people in a "
        "disciplinary role on the case); otherwise they are null."))
    meetings = InvestigationMeetingSerializer(many=True)
    statements = InvestigationStatementSerializer(many=True)
    evidence_requests = InvestigationEvidenceRequestSerializer(many=True, source="requests")
    reports = InvestigatorReportSerializer(many=True)
    notices = CaseLetterSerializer(many=True)


InvestigationMeetingResponseSerializer = with_case(
    "InvestigationMeetingResponseSerializer", "meeting", InvestigationMeetingSerializer())
InvestigationStatementResponseSerializer = with_case(
    "InvestigationStatementResponseSerializer", "statement",
    InvestigationStatementSerializer())
InvestigationEvidenceRequestResponseSerializer = with_case(
    "InvestigationEvidenceRequestResponseSerializer", "evidence_request",
    InvestigationEvidenceRequestSerializer())
InvestigatorReportResponseSerializer = with_case(
    "InvestigatorReportResponseSerializer", "report", InvestigatorReportSerializer())
AllegationNoticeResponseSerializer = with_case(
    "AllegationNoticeResponseSerializer", "letters", CaseLetterSerializer(many=True))
