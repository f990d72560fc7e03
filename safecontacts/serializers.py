"""The Safe Contact API's bodies and answers. Bodies check shapes only; the services decide."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from web.api import AvailableActionSerializer, RowIdField

from .models import (
    QUESTIONS,
    Advisor,
    Concern,
    PersonKind,
    SafeContact,
    Session,
    Signpost,
    StaffType,
)


# -- bodies -------------------------------------------------------------------------------------
class EqualitySerializer(serializers.Serializer):
    """Optional; each question also has "prefer_not_to_say". Tallied apart from the
    application, never stored with it."""

    gender = serializers.ChoiceField(choices=QUESTIONS["gender"][1].choices, required=False,
                                     allow_blank=True)
    ethnicity = serializers.ChoiceField(choices=QUESTIONS["ethnicity"][1].choices,
                                        required=False, allow_blank=True)
    disability = serializers.ChoiceField(choices=QUESTIONS["disability"][1].choices,
                                         required=False, allow_blank=True)
    sexual_orientation = serializers.ChoiceField(
        choices=QUESTIONS["sexual_orientation"][1].choices, required=False, allow_blank=True)
    religion = serializers.ChoiceField(choices=QUESTIONS["religion"][1].choices,
                                       required=False, allow_blank=True)


class ApplySerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField()
    job_title = serializers.CharField(max_length=200)
    department = serializers.CharField(max_length=200)
    staff_type = serializers.ChoiceField(choices=StaffType.choices)
    motivation = serializers.CharField(help_text="150 to 200 words.")
    line_manager_permission = serializers.BooleanField()
    sexual_violence_interest = serializers.BooleanField()
    equality = EqualitySerializer(required=False)


class ChatSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    staff = serializers.ListField(child=RowIdField(), help_text="The two members of staff "
                                  "(user ids) who held the informal chat.")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class BiographySerializer(serializers.Serializer):
    biography = serializers.CharField()
    contact_email = serializers.EmailField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Session.Kind.choices)
    term_id = RowIdField()
    held_on = serializers.DateField()
    attendees = serializers.ListField(child=RowIdField(), required=False, default=list,
                                      help_text="Safe Contact record ids.")


class AttendanceSerializer(serializers.Serializer):
    attendees = serializers.ListField(child=RowIdField(), help_text="Safe Contact record ids.")


class ReferSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why the risk is higher; name nobody who has not "
                                   "agreed to it.")
    contact_consent = serializers.BooleanField(default=False)
    contact_details = serializers.CharField(required=False, allow_blank=True, default="",
                                            help_text="Only with the person's consent.")


class ContactLogSerializer(serializers.Serializer):
    contacted_on = serializers.DateField()
    concern = serializers.ChoiceField(choices=Concern.choices)
    person_kind = serializers.ChoiceField(choices=PersonKind.choices)
    signposted_to = serializers.ListField(
        child=serializers.ChoiceField(choices=Signpost.choices), required=False, default=list)
    handed_over = serializers.BooleanField(default=False)
    handed_to = RowIdField(required=False, allow_null=True, default=None,
                           help_text="The active Safe Contact's record id.")
    confidentiality_broken = serializers.BooleanField(default=False)
    confidentiality_advisors = serializers.ListField(
        child=serializers.ChoiceField(choices=Advisor.choices), required=False, default=list)
    confidentiality_advised_on = serializers.DateField(required=False, allow_null=True,
                                                       default=None)
    referral = ReferSerializer(required=False, allow_null=True, default=None,
                               help_text="Refer to the Harassment Management Group at once.")


# -- answers ------------------------------------------------------------------------------------
class RecordSummarySerializer(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display")
    flagged = serializers.BooleanField(help_text="No line manager's permission: for the EDI "
                                       "office to follow up.")

    class Meta:
        model = SafeContact
        fields = ["id", "full_name", "job_title", "department", "staff_type", "stage",
                  "stage_label", "stage_since", "submitted_on", "flagged", "next_due",
                  "next_purpose"]


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    email = serializers.EmailField()


class RecordDetailSerializer(RecordSummarySerializer):
    chat_staff = serializers.SerializerMethodField()
    chat_notes = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta(RecordSummarySerializer.Meta):
        fields = [*RecordSummarySerializer.Meta.fields, "email", "motivation",
                  "motivation_words", "line_manager_permission", "sexual_violence_interest",
                  "chat_on", "chat_staff", "chat_notes", "induction_confirmed_on", "biography",
                  "contact_email", "biography_written_on", "biography_approved_on",
                  "active_since", "status_reason", "available_actions"]

    def _edi(self) -> bool:
        return bool(self.context.get("is_edi"))

    @extend_schema_field(UserSerializer(many=True))
    def get_chat_staff(self, obj):
        if not self._edi():
            return []
        return UserSerializer(obj.chat_staff.all().order_by("full_name", "email"),
                              many=True).data

    @extend_schema_field(OpenApiTypes.STR)
    def get_chat_notes(self, obj) -> str:
        return obj.chat_notes if self._edi() else ""

    @extend_schema_field(AvailableActionSerializer(many=True))
    def get_available_actions(self, obj):
        return AvailableActionSerializer(self.context.get("offers", []), many=True).data


class SessionOutSerializer(serializers.ModelSerializer):
    term = serializers.CharField(source="term.name")
    attendees = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = ["id", "kind", "term", "held_on", "attendees"]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_attendees(self, obj) -> list[int]:
        return sorted(a.safe_contact_id for a in obj.attendance.all())


class ContactLogEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contacted_on = serializers.DateField()
    concern = serializers.CharField()
    person_kind = serializers.CharField()
    signposted_to = serializers.ListField(child=serializers.CharField())
    hmg_referred = serializers.BooleanField()
    handed_over = serializers.BooleanField()
    handed_to = serializers.IntegerField(source="handed_to_id", allow_null=True)
    confidentiality_broken = serializers.BooleanField()
    confidentiality_advisors = serializers.ListField(child=serializers.CharField())
    confidentiality_advised_on = serializers.DateField(allow_null=True)


class DirectoryEntrySerializer(serializers.Serializer):
    name = serializers.CharField()
    job_title = serializers.CharField()
    department = serializers.CharField()
    biography = serializers.CharField()
    contact_email = serializers.EmailField()
    kind = serializers.CharField(help_text="Safe Contact, or Safe Contact (Sexual Violence).")
    sexual_violence = serializers.BooleanField()
    specialisms = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_specialisms(self, obj) -> list[dict]:
        return [{"key": key, "topic": topic} for key, topic in obj.specialisms]


class EDIOfficeSerializer(serializers.Serializer):
    email = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_blank=True)


class DirectorySerializer(serializers.Serializer):
    edi_office = EDIOfficeSerializer()
    safe_contacts = DirectoryEntrySerializer(many=True)


class TermSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class CommitmentRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    meeting_attended = serializers.BooleanField()
    supervision_attended = serializers.BooleanField()
    last_further_training = serializers.DateField(allow_null=True)
    behind = serializers.ListField(child=serializers.CharField())


class CommitmentsSerializer(serializers.Serializer):
    term = TermSerializer(allow_null=True)
    meeting_held = serializers.BooleanField()
    supervision_held = serializers.BooleanField()
    safe_contacts = CommitmentRowSerializer(many=True)


class EqualityAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="null: hidden (fewer than 5, "
                                     "or withheld so that a smaller count cannot be worked out)")
    shown = serializers.CharField()


class EqualityQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    question = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    answers = EqualityAnswerSerializer(many=True)


class EqualitySummarySerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    questions = EqualityQuestionSerializer(many=True)


class CountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()


class MonthCountSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    count = serializers.IntegerField()


class LogSummarySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_month = MonthCountSerializer(many=True)
    by_concern = CountSerializer(many=True)
    by_person_kind = CountSerializer(many=True)
    by_signpost = CountSerializer(many=True)
    hmg_referred = serializers.IntegerField()
    handed_over = serializers.IntegerField()
    confidentiality_broken = serializers.IntegerField()
    by_advisor = CountSerializer(many=True)


def page_of(serializer: type[serializers.Serializer], name: str) -> type:
    """The schema of a page of ``serializer`` (web.api.QueuePagination's answer)."""
    return type(name, (serializers.Serializer,), {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": serializer(many=True),
    })


RecordPageSerializer = page_of(RecordSummarySerializer, "RecordPageSerializer")
SessionPageSerializer = page_of(SessionOutSerializer, "SessionPageSerializer")
ContactLogPageSerializer = page_of(ContactLogEntrySerializer, "ContactLogPageSerializer")
