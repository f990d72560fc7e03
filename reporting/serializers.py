"""Serializers of the staff Report + Support API (reporting/api.py), and the fields the public
API (reporting/serializers_public.py) shares.

Input serializers check only the *shape* of a request (strings, lists, dates). Whether the
content is acceptable (a known category, a name when contact is wanted, a status the report may
take) is decided by the services, so the API, the public form and the staff pages give the same
messages. :class:`PlainChoiceField` keeps the choices in the OpenAPI schema without checking
them here.
"""

from __future__ import annotations

import json

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_field
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.utils import html

from cases.models import MisconductCategory, MisconductType, RegistrationStatus, Severity
from institutions.models import Deadline
from institutions.procedure import Cohort
from web.api import AvailableActionSerializer, MemberField, RowIdField

from .models import (
    Appointment,
    InternalNote,
    InvolvedPerson,
    Report,
    ReportCategory,
    ReportEvidence,
    ReportMessage,
    SupportAction,
)


# -- fields ------------------------------------------------------------------------------------
class PlainChoiceField(serializers.CharField):
    """A string whose choices are listed in the schema and checked by the service. Absent
    means empty (not a missing key), so the service answers "choose one" as a field error
    instead of the view failing on a key that is not there."""

    def __init__(self, *, choices, **kwargs):
        self.schema_choices = list(choices)  # (value, label) pairs
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def get_default(self):
        # not ``default=""``: the schema would then offer "" as a choice's default
        if self.default is empty and not getattr(self.root, "partial", False):
            return ""
        return super().get_default()


class PlainChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = PlainChoiceField

    def map_serializer_field(self, auto_schema, direction):
        # as DRF's ChoiceField, so the same choice set becomes the same enum component
        return build_choice_field(serializers.ChoiceField(choices=self.target.schema_choices))


def text(**kwargs) -> serializers.CharField:
    """Free text that the service checks and trims; absent means empty."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_blank", True)
    kwargs.setdefault("default", "")
    kwargs.setdefault("trim_whitespace", False)
    return serializers.CharField(**kwargs)


def form_to_dict(data, *, lists=(), json_lists=()) -> dict:
    """A multipart / form body as plain values: repeated keys (``categories``, or
    ``categories[]``) become lists, and a list of objects may come as a JSON string."""
    if not html.is_html_input(data):
        return data
    plain = {}
    for key in data:
        name = key[:-2] if key.endswith("[]") else key
        if name in lists:
            plain.setdefault(name, []).extend(data.getlist(key))
        elif name in json_lists or "[" not in key:
            plain[name] = data.get(key)
    for name in json_lists:
        value = plain.get(name)
        if isinstance(value, str):
            try:
                plain[name] = json.loads(value) if value.strip() else []
            except ValueError:
                plain[name] = value  # the field reports it is not a list
        elif name not in plain:
            parsed = html.parse_html_list(data, prefix=name, default=None)
            if parsed is not None:
                plain[name] = parsed
    return plain


# -- the categories, as the public form shows them ----------------------------------------------
class PublicCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportCategory
        fields = ["code", "label", "hint"]


# -- staff: the queue ----------------------------------------------------------------------------
class ReportQueueFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Report.Status.choices, required=False,
                                     allow_blank=True)
    assignee = RowIdField(required=False,
                                        help_text="A user id.")
    tag = serializers.CharField(required=False, allow_blank=True, max_length=60)
    awaiting_staff = serializers.BooleanField(
        required=False, default=False, help_text="Only reports where the reporter wrote last.")
    search = serializers.CharField(required=False, allow_blank=True, max_length=30,
                                   help_text="Part of the reference.")


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


#: A person or null, for method fields (drf-spectacular drops ``allow_null`` of a serializer
#: given to extend_schema_field, and the schema then refused a report nobody is assigned to).
PERSON_OR_NONE = {"oneOf": [{"$ref": "#/components/schemas/Person"}, {"type": "null"}]}


def person(user) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name or user.email} if user else None


class ReportRowSerializer(serializers.Serializer):
    """A queue row. ``reporter`` is the name only for identity custodians and a named report;
    otherwise the pseudonym."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    reporter = serializers.SerializerMethodField()
    anonymous = serializers.BooleanField(source="is_anonymous")
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    submitted_on = serializers.DateField()
    categories = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    awaiting_staff = serializers.BooleanField()
    next_due = serializers.DateField(allow_null=True)
    next_purpose = serializers.CharField(allow_null=True)
    is_overdue = serializers.BooleanField()
    case_id = serializers.IntegerField(allow_null=True)

    @extend_schema_field(OpenApiTypes.STR)
    def get_reporter(self, report) -> str:
        if self.context.get("sees_identity") and not report.is_anonymous:
            return report.contact_name
        return report.pseudonym

    def get_categories(self, report) -> list[str]:
        return [c.label for c in report.categories.all()]

    def get_tags(self, report) -> list[str]:
        return [t.label for t in report.tags.all()]

    @extend_schema_field(PERSON_OR_NONE)
    def get_assignee(self, report):
        return person(report.assignee)


class ReportQueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReportRowSerializer(many=True)


# -- staff: the report -------------------------------------------------------------------------
class IdentitySerializer(serializers.Serializer):
    contact_name = serializers.CharField()
    contact_email = serializers.CharField()
    contact_phone = serializers.CharField()
    contact_student_id = serializers.CharField()
    preferred_contact = serializers.CharField()


class InvolvedPersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvolvedPerson
        fields = ["id", "name", "student_id", "email", "role", "description"]


class StaffMessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = ReportMessage
        fields = ["id", "direction", "channel", "body", "sent_on", "author",
                  "read_by_reporter"]

    @extend_schema_field(PERSON_OR_NONE)
    def get_author(self, message):
        return person(message.author)


class NoteSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = InternalNote
        fields = ["id", "author", "body", "created_at"]

    @extend_schema_field(PersonSerializer)
    def get_author(self, note):
        return person(note.author)


class AppointmentSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = ["id", "mode", "date", "status", "notes", "recorded_by"]

    @extend_schema_field(PersonSerializer)
    def get_recorded_by(self, appointment):
        return person(appointment.recorded_by)


class SupportActionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    service = serializers.SerializerMethodField()
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = SupportAction
        fields = ["id", "kind", "kind_label", "detail", "service", "done_on", "recorded_by"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_service(self, action) -> str:
        return action.service.name if action.service else ""

    @extend_schema_field(PersonSerializer)
    def get_recorded_by(self, action):
        return person(action.recorded_by)


class ReportEvidenceSerializer(serializers.ModelSerializer):
    """The original file name only for identity custodians (it can carry the reporter's
    name); everyone else sees a neutral one."""

    name = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportEvidence
        fields = ["id", "name", "content_type", "size", "sha256", "added_on", "from_reporter",
                  "download_url"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, evidence) -> str:
        from .services.evidence import evidence_download_name

        return evidence_download_name(
            evidence, custodian=bool(self.context.get("sees_identity")))

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, evidence) -> str:
        slug = self.context["institution"].slug
        return (f"/api/v1/{slug}/reports/{evidence.report_id}/evidence/{evidence.pk}/"
                "download/")


class ReportDeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["id", "purpose", "rule", "rule_description", "kind", "start_date",
                  "due_date", "status", "completed_on", "responsible_role"]


class RepeatFlagSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["report", "case"])
    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()


class LinkedCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()


class ReportRiskRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    requested_on = serializers.DateField()
    status = serializers.CharField()


class ReportDetailSerializer(serializers.Serializer):
    """The whole report for someone with need-to-know. ``identity`` is null unless the viewer
    is an identity custodian (or the report is anonymous, when there is none)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    reporter = serializers.CharField()
    anonymous = serializers.BooleanField()
    identity = IdentitySerializer(allow_null=True)
    reporter_role = serializers.CharField()
    perspective = serializers.CharField()
    categories = PublicCategorySerializer(many=True)
    when = serializers.CharField()
    incident_date = serializers.DateField(allow_null=True)
    location = serializers.CharField()
    location_detail = serializers.CharField()
    narrative = serializers.CharField()
    wants = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField()
    status_label = serializers.CharField()
    submitted_on = serializers.DateField()
    assignee = PersonSerializer(allow_null=True)
    tags = serializers.ListField(child=serializers.CharField())
    awaiting_staff = serializers.BooleanField()
    first_contact_on = serializers.DateField(allow_null=True)
    formal_consent_on = serializers.DateField(allow_null=True)
    hr_referred_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    closure_reason = serializers.CharField()
    case = LinkedCaseSerializer(allow_null=True)
    involved = InvolvedPersonSerializer(many=True)
    repeat_respondent_flags = RepeatFlagSerializer(many=True)
    deadlines = ReportDeadlineSerializer(many=True)
    messages = StaffMessageSerializer(many=True)
    notes = NoteSerializer(many=True)
    appointments = AppointmentSerializer(many=True)
    support_actions = SupportActionSerializer(many=True)
    risk_assessment_requests = ReportRiskRequestSerializer(many=True)
    evidence = ReportEvidenceSerializer(many=True)
    available_actions = AvailableActionSerializer(many=True)


# -- staff: actions ----------------------------------------------------------------------------
class ReportAssignSerializer(serializers.Serializer):
    assignee = MemberField(help_text="The user id of a support caseworker.")


class StatusSerializer(serializers.Serializer):
    status = PlainChoiceField(choices=[
        (s.value, s.label) for s in (Report.Status.ASSIGNED, Report.Status.AWAITING_REPORTER,
                                     Report.Status.IN_SUPPORT)])


class TagsSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.CharField(max_length=60, allow_blank=True),
                                   allow_empty=True, help_text="The whole set: replaces it.")


class AppointmentInputSerializer(serializers.Serializer):
    mode = PlainChoiceField(choices=Appointment.Mode.choices)
    date = serializers.DateField()
    status = PlainChoiceField(choices=Appointment.Status.choices,
                              default=Appointment.Status.OFFERED)
    notes = text()


class SupportActionInputSerializer(serializers.Serializer):
    kind = PlainChoiceField(choices=SupportAction.Kind.choices)
    detail = text()
    service = RowIdField(required=False, allow_null=True,
                                       help_text="A support service id (optional).")
    done_on = serializers.DateField(required=False, allow_null=True)


class MessageInputSerializer(serializers.Serializer):
    body = text()
    channel = PlainChoiceField(
        choices=ReportMessage.Channel.choices,
        help_text="Default: the reporter's preferred way; always the follow-up page for an "
        "anonymous reporter.")


class NoteInputSerializer(serializers.Serializer):
    body = text()


class ReferHRSerializer(serializers.Serializer):
    note = text(help_text="What was passed to HR and to whom.")


class ReferRiskSerializer(serializers.Serializer):
    reason = text(help_text="Why the risk is higher.")


class CloseSerializer(serializers.Serializer):
    reason = text()


class EscalationRespondentSerializer(serializers.Serializer):
    student_id = text(max_length=40)
    given_name = text(max_length=100)
    family_name = text(max_length=100)
    email = text(max_length=200)
    phone = text(max_length=40)
    address = text()
    programme = text(max_length=200)
    cohort = PlainChoiceField(choices=Cohort.choices, default=Cohort.STANDARD)
    registration_status = PlainChoiceField(choices=RegistrationStatus.choices,
                                           default=RegistrationStatus.REGISTERED)


class EscalationAllegationSerializer(serializers.Serializer):
    misconduct_type = PlainChoiceField(choices=MisconductType.choices)
    category = PlainChoiceField(choices=MisconductCategory.choices)
    severity = PlainChoiceField(choices=Severity.choices)
    description = text()


class EscalateSerializer(serializers.Serializer):
    """The Alleged Misconduct Form (002 Appendix A) / INAM report, completed by the
    caseworker with the reporter's consent."""

    consent_given_on = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="The date the reporter agreed to make a formal report.")
    respondent = EscalationRespondentSerializer()
    allegations = EscalationAllegationSerializer(many=True, allow_empty=True)
    summary = text()
    impact = text()
    outcome_sought = text()
    allegation_raised_on = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="Default: the consent date.")


class EscalatedSerializer(serializers.Serializer):
    case = LinkedCaseSerializer()
    report = ReportRowSerializer()
