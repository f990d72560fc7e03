"""Serializers of the public Report + Support API (reporting/api_public.py): what a person
with no account sends and reads. Shapes only: the services decide the content (see
reporting/serializers.py)."""

from __future__ import annotations

from rest_framework import serializers

from .models import InvolvedPerson, Report, ReportEvidence, ReportMessage, SupportService
from .serializers import PlainChoiceField, form_to_dict, text
from .services.submission import WANTS


# -- reference lists ---------------------------------------------------------------------------
class PublicSupportServiceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = SupportService
        fields = ["kind", "kind_label", "name", "description", "phone", "email", "website",
                  "hours"]


# -- public: submitting ------------------------------------------------------------------------
WANTS_CHOICES = list(zip(WANTS, ["Support", "Information", "To make a formal report"],
                         strict=True))


class InvolvedInputSerializer(serializers.Serializer):
    name = text(max_length=300)
    student_id = text(max_length=300)
    email = text(max_length=300)
    role = PlainChoiceField(choices=InvolvedPerson.Role.choices, default="unknown")
    description = text(max_length=2000)


class ReportSubmitSerializer(serializers.Serializer):
    """Everything the step-by-step form asks, at once. Only ``anonymous`` decides whether the
    contact fields are kept: an anonymous report keeps none of them."""

    LISTS = ("categories", "wants")
    JSON_LISTS = ("involved",)

    reporter_role = PlainChoiceField(choices=Report.ReporterRole.choices,
                                     help_text="Who you are.")
    perspective = PlainChoiceField(choices=Report.Perspective.choices,
                                   help_text="Whose experience this is (default: self).")
    categories = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False,
        help_text="Codes from GET public/categories/.")
    when = PlainChoiceField(choices=Report.When.choices)
    incident_date = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                          help_text="YYYY-MM-DD, optional.")
    location = PlainChoiceField(choices=Report.Location.choices)
    location_detail = text(max_length=500)
    involved = InvolvedInputSerializer(many=True, required=False,
                                       help_text="People involved, optional.")
    narrative = text(max_length=20000, help_text="What happened, in your own words.")
    wants = serializers.ListField(child=PlainChoiceField(choices=WANTS_CHOICES),
                                  required=False, help_text="What you would like to happen.")
    anonymous = serializers.BooleanField(
        required=False, allow_null=True,
        help_text="Required by the service: true to stay anonymous, false to leave contact "
        "details. A multipart body that leaves it out is asked, not read as false.")
    contact_name = text(max_length=200)
    contact_email = text(max_length=200)
    contact_phone = text(max_length=200)
    contact_student_id = text(max_length=200)
    preferred_contact = PlainChoiceField(choices=Report.ContactMethod.choices)

    def to_internal_value(self, data):
        return super().to_internal_value(
            form_to_dict(data, lists=self.LISTS, json_lists=self.JSON_LISTS))


class ReportSubmitMultipartSerializer(ReportSubmitSerializer):
    """The same as multipart/form-data: repeat ``categories`` and ``wants`` (or use
    ``categories[]``), send ``involved`` as a JSON array string, and add up to
    REPORT_MAX_FILES files as ``files`` (or ``files[]``)."""

    involved = serializers.CharField(required=False, allow_blank=True,
                                     help_text="A JSON array of people involved.")
    files = serializers.ListField(child=serializers.FileField(), required=False)


class ReportSubmittedSerializer(serializers.Serializer):
    reference = serializers.CharField()
    receipt = serializers.CharField(
        help_text="Shown only in this response: 16 characters in four groups. It is stored "
        "only as a keyed hash and cannot be recovered.")
    anonymous = serializers.BooleanField()
    next_steps = serializers.ListField(child=serializers.CharField())


# -- public: follow-up by receipt --------------------------------------------------------------
class ReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(
        max_length=64, trim_whitespace=True,
        help_text="As given on submission; case, spaces and hyphens do not matter.")


class FollowUpReplySerializer(ReceiptSerializer):
    body = text(max_length=20000)


class FollowUpFilesSerializer(ReceiptSerializer):
    files = serializers.ListField(child=serializers.FileField(), required=False)

    def to_internal_value(self, data):
        return super().to_internal_value(form_to_dict(data, lists=("files",)))


class FollowUpIdentitySerializer(ReceiptSerializer):
    contact_name = text(max_length=200)
    contact_email = text(max_length=200)
    contact_phone = text(max_length=200)
    contact_student_id = text(max_length=200)
    preferred_contact = PlainChoiceField(choices=Report.ContactMethod.choices)


#: The status as the reporter reads it. Nothing here names staff or shows internal work.
REPORTER_STATUS = {
    Report.Status.NEW: "We have received your report. The team will read it soon.",
    Report.Status.ASSIGNED: "A member of the support team is looking after your report.",
    Report.Status.AWAITING_REPORTER: "We have replied and are waiting to hear from you.",
    Report.Status.IN_SUPPORT: "The support team is working with you on this.",
    Report.Status.ESCALATED: "This has become a formal report under the disciplinary "
    "procedure. You will hear about it from the people running that procedure.",
    Report.Status.CLOSED: "This report is closed. If something new has happened, you can make "
    "a new report.",
}


class ReporterMessageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportMessage
        fields = ["direction", "channel", "body", "sent_on"]


class ReporterFileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = ReportEvidence
        fields = ["name", "content_type", "size", "added_on"]


class FollowUpThreadSerializer(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField(help_text="Where the report is, in plain words.")
    is_open = serializers.BooleanField(help_text="False once closed: no more replies.")
    anonymous = serializers.BooleanField()
    messages = ReporterMessageSerializer(many=True)
    files = ReporterFileSerializer(many=True, help_text="The files you gave.")


def follow_up_thread(report: Report, messages) -> dict:
    return {
        "reference": report.reference,
        "status": REPORTER_STATUS[report.status],
        "is_open": report.status != Report.Status.CLOSED,
        "anonymous": report.is_anonymous,
        "messages": ReporterMessageSerializer(messages, many=True).data,
        "files": ReporterFileSerializer(
            report.evidence.filter(from_reporter=True), many=True).data,
    }


class WorkChallengeSerializer(serializers.Serializer):
    challenge = serializers.CharField(help_text="Signed; valid once, for an hour.")
    bits = serializers.IntegerField(help_text="Leading zero bits sha256(challenge + nonce) "
                                    "must have.")
    purpose = serializers.ChoiceField(choices=["report", "receipt"])
