"""The case file, and the answers of transitions (the case summary with what they made)."""

from __future__ import annotations

from rest_framework import serializers

from web.api import AvailableActionSerializer

from .appeals import (
    CaseAppealPanelSerializer,
    CaseAppealSerializer,
    CaseInformalReviewSerializer,
)
from .board import BoardHearingSerializer, BoardNoticeSerializer, BoardObjectionSerializer
from .case import (
    CaseAllegationSerializer,
    CaseAssignmentSerializer,
    CaseDeadlineSerializer,
    CaseHistoryEventSerializer,
    CasePartySerializer,
    CaseStudentSerializer,
    CaseSummarySerializer,
)
from .decisions import CaseOutcomeSerializer, CasePauseSerializer, PreviousMisconductSerializer
from .delays import CaseDelayWarningSerializer
from .files import CaseLetterSerializer, LetterDeliverySerializer


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
    appeal_panels = CaseAppealPanelSerializer(
        many=True, source="appeal_panels.all",
        help_text="004: the appeals panels convened by the designated member.")
    informal_reviews = CaseInformalReviewSerializer(
        many=True, source="informal_reviews.all",
        help_text="004: reporting students' requests for an informal review.")
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
    delay = CaseDelayWarningSerializer(
        allow_null=True, source="delay_status",
        help_text="Will the aim to complete the case be missed (§44)? Null when no aim runs.")
    alumni_team_not_told = serializers.ListField(
        child=serializers.CharField(), source="alumni_not_told",
        help_text="Penalties that end alumni privileges of which the alumni team could not be "
        "told: the institution has no alumni team address (§63).")


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


CaseAppealPanelResponseSerializer = with_case(
    "CaseAppealPanelResponseSerializer", "panel", CaseAppealPanelSerializer())


CaseInformalReviewResponseSerializer = with_case(
    "CaseInformalReviewResponseSerializer", "review", CaseInformalReviewSerializer())


CasePauseResponseSerializer = with_case(
    "CasePauseResponseSerializer", "pause", CasePauseSerializer())


CaseDeadlineResponseSerializer = with_case(
    "CaseDeadlineResponseSerializer", "deadline", CaseDeadlineSerializer())


CaseLettersResponseSerializer = with_case(
    "CaseLettersResponseSerializer", "letters", CaseLetterSerializer(many=True))
LetterDeliveryResponseSerializer = with_case(
    "LetterDeliveryResponseSerializer", "delivery", LetterDeliverySerializer())


CaseAllegationResponseSerializer = with_case(
    "CaseAllegationResponseSerializer", "allegation", CaseAllegationSerializer())
