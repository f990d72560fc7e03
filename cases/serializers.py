"""Serializers for the case API (cases/api.py).

Input serializers check only the shape of a request (types, dates, the choices a service
accepts, taken from the service's own constants); every rule of the procedure stays in the
service, which answers in the same error format. Output serializers render what selectors and
services return; the view attaches precomputed lists (deadlines, history ...) to the case.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from audit.models import AuditEvent
from core.api import AvailableActionSerializer, RowIdField
from institutions.models import Deadline
from institutions.procedure import Cohort

from .models import (
    Allegation,
    Appeal,
    BoardNotice,
    BoardObjection,
    CaseAssignment,
    CasePause,
    CaseRole,
    EvidenceDocument,
    Hearing,
    ImposedPenalty,
    Letter,
    MisconductCategory,
    MisconductType,
    Outcome,
    Party,
    RegistrationStatus,
    Severity,
    Stage,
    Student,
)
from .selectors import DeadlineStatus
from .services.appeals import AppealResult
from .services.board import HearingResult
from .services.common import case_role_label
from .services.intake import Route
from .services.outcomes import FormalResult


# -- fields that look ids up inside the caller's institution or case ---------------------------
@extend_schema_field(OpenApiTypes.INT)
class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id, accepted only for an active member of this institution (so a request
    cannot name, and a message cannot leak, anyone from another institution)."""

    default_error_messages = {
        "does_not_exist": "Choose a member of staff of this institution.",
        "incorrect_type": "Give the user's id (a number).",
    }

    def get_queryset(self):
        institution = self.context["institution"]
        return User.objects.filter(memberships__institution=institution,
                                   memberships__is_active=True, is_active=True)


@extend_schema_field(OpenApiTypes.INT)
class CaseObjectField(serializers.PrimaryKeyRelatedField):
    """The id of a row that belongs to the case in the URL (an assignment, an objection)."""

    default_error_messages = {
        "does_not_exist": "Choose one of this case's records.",
        "incorrect_type": "Give the id (a number).",
    }

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        case = self.context["case"]
        return self.model.objects.for_institution(case.institution_id).filter(case=case)


# -- input -------------------------------------------------------------------------------------
class CaseQueueFilterSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False, allow_blank=True)
    assignee = RowIdField(required=False,
                                        help_text="Cases where this user holds a role.")
    cohort = serializers.ChoiceField(choices=Cohort.choices, required=False, allow_blank=True)
    deadline_status = serializers.ChoiceField(choices=DeadlineStatus.CHOICES, required=False,
                                              allow_blank=True)
    search = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                   help_text="A case reference (or part of one), or a "
                                   "student ID.")


class CaseRespondentInputSerializer(serializers.Serializer):
    student_id = serializers.CharField(allow_blank=True, max_length=40)
    given_name = serializers.CharField(allow_blank=True, max_length=100)
    family_name = serializers.CharField(allow_blank=True, max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    address = serializers.CharField(required=False, allow_blank=True)
    programme = serializers.CharField(required=False, allow_blank=True, max_length=200)
    cohort = serializers.ChoiceField(choices=Cohort.choices, required=False)
    registration_status = serializers.ChoiceField(choices=RegistrationStatus.choices,
                                                  required=False)


class CaseAllegationInputSerializer(serializers.Serializer):
    misconduct_type = serializers.ChoiceField(choices=MisconductType.choices)
    category = serializers.ChoiceField(choices=MisconductCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = serializers.CharField(allow_blank=True)


class CasePartyInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Party.Kind.choices)
    name = serializers.CharField(allow_blank=True, max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    student_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    is_staff_member = serializers.BooleanField(required=False, default=False)
    identity_withheld = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True)


class CaseOpenSerializer(serializers.Serializer):
    """The Alleged Misconduct Form (002 Appendix A) / INAM report: case_open's arguments."""

    respondent = CaseRespondentInputSerializer()
    allegations = CaseAllegationInputSerializer(many=True, allow_empty=True)
    parties = CasePartyInputSerializer(many=True, required=False)
    allegation_raised_on = serializers.DateField()
    summary = serializers.CharField(allow_blank=True)
    incident_date = serializers.DateField(required=False, allow_null=True)
    incident_place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    outcome_sought = serializers.CharField(required=False, allow_blank=True)
    impact = serializers.CharField(required=False, allow_blank=True)
    police_involved = serializers.BooleanField(required=False, default=False)
    police_reference = serializers.CharField(required=False, allow_blank=True, max_length=100)
    registration_override_reason = serializers.CharField(required=False, allow_blank=True)
    related_group = serializers.CharField(required=False, allow_blank=True, max_length=40)
    source_report_id = RowIdField(required=False, allow_null=True)


class IntakeDecisionSerializer(serializers.Serializer):
    route = serializers.ChoiceField(choices=Route.ALL)
    reasons = serializers.CharField(allow_blank=True)
    police_alerted = serializers.BooleanField(required=False, default=False)
    referred_to = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CaseAssignSerializer(serializers.Serializer):
    user = MemberField()
    role = serializers.ChoiceField(choices=CaseRole.choices)


class CaseUnassignSerializer(serializers.Serializer):
    assignment = CaseObjectField(model=CaseAssignment)
    reason = serializers.CharField(allow_blank=True, max_length=200)


class CasePenaltyInputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="A code from the institution's penalty catalogue.")
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, required=False,
                                      allow_null=True, help_text="For fines only.")
    details = serializers.CharField(required=False, allow_blank=True, max_length=300)


class InformalOutcomeSerializer(serializers.Serializer):
    misconduct_found = serializers.BooleanField()
    reasons = serializers.CharField(allow_blank=True)
    actions_taken = serializers.CharField(allow_blank=True)
    penalties = CasePenaltyInputSerializer(many=True, required=False)


class CaseReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class FormalDecisionSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=FormalResult.ALL)
    reasons = serializers.CharField(allow_blank=True)
    penalties = CasePenaltyInputSerializer(many=True, required=False)
    referred_to = serializers.CharField(required=False, allow_blank=True, max_length=200)
    considered_previous_record = serializers.BooleanField(required=False, default=False)
    admitted = serializers.BooleanField(required=False, default=False)
    mitigation = serializers.CharField(required=False, allow_blank=True)
    criminal_conviction = serializers.BooleanField(required=False, default=False)


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


class PauseInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CasePause.Reason.choices)
    detail = serializers.CharField(allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True)
    student_told_on = serializers.DateField(required=False, allow_null=True)


class CaseResumeSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True)


class CaseExtendDeadlineSerializer(serializers.Serializer):
    deadline = RowIdField(help_text="The id of one of the case's deadlines.")
    new_due = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)
    student_told_on = serializers.DateField(allow_null=True, default=None)


class CaseEvidenceUploadSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True, max_length=200)
    file = serializers.FileField()


# -- output ------------------------------------------------------------------------------------
class CaseRespondentBriefSerializer(serializers.Serializer):
    student_id = serializers.CharField()
    name = serializers.CharField(source="full_name")


class CaseSummarySerializer(serializers.Serializer):
    """One row of the queue, and the case as a transition leaves it. The case carries
    case_queue's annotations and ``deadline_status`` (set by the view)."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    cohort = serializers.ChoiceField(choices=Cohort.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    respondent = CaseRespondentBriefSerializer()
    next_due = serializers.DateField(allow_null=True)
    next_purpose = serializers.CharField(allow_null=True)
    deadline_status = serializers.ChoiceField(choices=DeadlineStatus.CHOICES)
    is_paused = serializers.BooleanField()
    closed_on = serializers.DateField(allow_null=True)


class CaseQueuePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseSummarySerializer(many=True)


class CaseStudentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name")

    class Meta:
        model = Student
        fields = ["student_id", "given_name", "family_name", "name", "email", "phone",
                  "address", "programme", "cohort", "registration_status"]


class CasePartySerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["id", "kind", "name", "email", "phone", "student_id", "is_staff_member",
                  "identity_withheld", "notes"]


class CaseAllegationSerializer(serializers.ModelSerializer):
    misconduct_type_label = serializers.CharField(source="get_misconduct_type_display")

    class Meta:
        model = Allegation
        fields = ["id", "misconduct_type", "misconduct_type_label", "category", "severity",
                  "description", "finding"]


class CaseAssignmentSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__")
    user_email = serializers.EmailField(source="user.email")
    role_label = serializers.SerializerMethodField()

    class Meta:
        model = CaseAssignment
        fields = ["id", "user", "user_name", "user_email", "role", "role_label",
                  "assigned_at", "ended_at", "end_reason"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_role_label(self, obj) -> str:
        """The institution's own name for the role ("Academic Registrar")."""
        return case_role_label(self.context["case"], obj.role)


class CaseDeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["id", "purpose", "rule", "kind", "rule_description", "unit", "start_date",
                  "due_date", "original_due_date", "paused_since", "status", "completed_on",
                  "responsible_role"]


class ImposedPenaltySerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="penalty_type.code")
    name = serializers.CharField(source="penalty_type.name")

    class Meta:
        model = ImposedPenalty
        fields = ["code", "name", "amount", "details"]


class CaseOutcomeSerializer(serializers.ModelSerializer):
    result_label = serializers.CharField(source="get_result_display")
    decided_by = serializers.CharField(source="decided_by.__str__")
    penalties = ImposedPenaltySerializer(many=True, source="penalties.all")

    class Meta:
        model = Outcome
        fields = ["id", "kind", "result", "result_label", "reasons", "decided_by",
                  "authority", "decided_on", "on_student_record", "considered_previous_record",
                  "admitted", "mitigation", "is_current", "penalties"]


class PreviousMisconductSerializer(serializers.ModelSerializer):
    """Another case's proven misconduct on the student's record (§47-48)."""

    case = serializers.IntegerField(source="case_id")
    case_reference = serializers.CharField(source="case.reference")
    result_label = serializers.CharField(source="get_result_display")
    penalties = ImposedPenaltySerializer(many=True, source="penalties.all")

    class Meta:
        model = Outcome
        fields = ["id", "case", "case_reference", "kind", "result", "result_label",
                  "decided_on", "penalties"]


class CaseAppealSerializer(serializers.ModelSerializer):
    grounds = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "against", "status", "received_on", "decision_received_on",
                  "window_due", "is_late", "late_reason", "late_decision_reason", "grounds",
                  "summary", "contact", "telephone", "outcome"]


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


class CasePauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = CasePause
        fields = ["id", "reason", "detail", "started_on", "ended_on", "student_told_on"]


def _download_url(name: str, obj, key: str) -> str:
    return reverse(name, kwargs={"institution_slug": obj.case.institution.slug,
                                 "case_id": obj.case_id, key: obj.pk})


class CaseLetterSerializer(serializers.ModelSerializer):
    """A letter's metadata; the PDF itself is at ``download`` once issued."""

    kind_label = serializers.CharField(source="get_kind_display")
    download = serializers.SerializerMethodField()

    class Meta:
        model = Letter
        fields = ["id", "kind", "kind_label", "version", "recipient_key", "recipient",
                  "subject", "status", "issued_on", "issued_at", "corrects", "sha256",
                  "download"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_download(self, obj) -> str | None:
        if obj.status != Letter.Status.ISSUED:
            return None
        return _download_url("api-case-letter-download", obj, "letter_id")


class CaseEvidenceSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.__str__")
    download = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceDocument
        fields = ["id", "title", "original_name", "content_type", "size", "sha256",
                  "uploaded_by", "uploaded_at", "download"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_download(self, obj) -> str:
        return _download_url("api-case-evidence-download", obj, "doc_id")


class CaseHistoryEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["sequence", "occurred_on", "occurred_at", "actor_label", "action",
                  "changes"]


class CaseDetailSerializer(CaseSummarySerializer):
    """The case file. The view attaches the lists that come from selectors."""

    respondent = CaseStudentSerializer()
    allegation_raised_on = serializers.DateField()
    incident_date = serializers.DateField(allow_null=True)
    incident_place = serializers.CharField()
    summary = serializers.CharField()
    outcome_sought = serializers.CharField()
    impact = serializers.CharField()
    police_involved = serializers.BooleanField()
    police_reference = serializers.CharField()
    police_alerted = serializers.BooleanField()
    registration_override_reason = serializers.CharField()
    related_group = serializers.CharField()
    referred_to = serializers.CharField()
    closure_reason = serializers.CharField()
    opened_by = serializers.CharField(source="opened_by.__str__")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    parties = CasePartySerializer(many=True, source="parties.all")
    allegations = CaseAllegationSerializer(many=True, source="allegations.all")
    assignments = CaseAssignmentSerializer(many=True, source="active_assignments")
    deadlines = CaseDeadlineSerializer(many=True, source="deadline_list")
    outcomes = CaseOutcomeSerializer(many=True, source="outcome_list")
    appeals = CaseAppealSerializer(many=True, source="appeal_list")
    board_notices = BoardNoticeSerializer(many=True, source="board_notices.all")
    board_objections = BoardObjectionSerializer(many=True, source="board_objections.all")
    hearings = BoardHearingSerializer(many=True, source="hearings.all")
    pauses = CasePauseSerializer(many=True, source="pauses.all")
    letters = CaseLetterSerializer(many=True, source="letters.all")
    available_actions = AvailableActionSerializer(many=True)
    previous_proven_misconduct = PreviousMisconductSerializer(
        many=True, allow_null=True, source="previous_misconduct",
        help_text="Only for decision makers (§47-48); null for everyone else.")
    history = CaseHistoryEventSerializer(many=True, source="history_list")


def with_case(name: str, key: str, serializer) -> type[serializers.Serializer]:
    """A response that carries the case summary and the object a transition made."""
    return type(name, (serializers.Serializer,), {
        "__module__": __name__, "case": CaseSummarySerializer(), key: serializer})


CaseAssignmentResponseSerializer = with_case(
    "CaseAssignmentResponseSerializer", "assignment", CaseAssignmentSerializer())
CaseOutcomeResponseSerializer = with_case(
    "CaseOutcomeResponseSerializer", "outcome", CaseOutcomeSerializer())
BoardNoticeResponseSerializer = with_case(
    "BoardNoticeResponseSerializer", "board_notice", BoardNoticeSerializer())
BoardObjectionResponseSerializer = with_case(
    "BoardObjectionResponseSerializer", "objection", BoardObjectionSerializer())
BoardHearingResponseSerializer = with_case(
    "BoardHearingResponseSerializer", "hearing", BoardHearingSerializer())
CaseAppealResponseSerializer = with_case(
    "CaseAppealResponseSerializer", "appeal", CaseAppealSerializer())
CasePauseResponseSerializer = with_case(
    "CasePauseResponseSerializer", "pause", CasePauseSerializer())
CaseDeadlineResponseSerializer = with_case(
    "CaseDeadlineResponseSerializer", "deadline", CaseDeadlineSerializer())
CaseLettersResponseSerializer = with_case(
    "CaseLettersResponseSerializer", "letters", CaseLetterSerializer(many=True))
