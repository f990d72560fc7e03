"""Request bodies of the precautionary API. They check only the shape (types, dates, lengths,
the choices the services accept, from the models' own choices); every rule stays in the
service, which answers field errors in the same format."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from web.api import MemberField, RowIdField

from ..models import (
    Appeal,
    Breach,
    Decision,
    Ground,
    Matter,
    MatterMember,
    MatterRole,
    Measure,
    ProtectedPerson,
    Review,
    RiskLevel,
    Share,
)


@extend_schema_field(OpenApiTypes.INT)
class MatterObjectField(serializers.PrimaryKeyRelatedField):
    """The id of a row of the matter in the URL (an appointment, a measure)."""

    default_error_messages = {
        "does_not_exist": "Choose one of this matter's records.",
        "incorrect_type": "Give the id (a number).",
    }

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        matter = self.context["matter"]
        return self.model.objects.for_institution(matter.institution_id).filter(matter=matter)

    def to_internal_value(self, data):
        # A number the database cannot hold is a field error here, never an overflow there.
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < number < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class MatterQueueFilterSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Matter.Stage.choices, required=False,
                                    allow_blank=True)
    due_for_review = serializers.BooleanField(
        required=False, default=False,
        help_text="Only matters whose next review is due within 7 days or has passed.")
    appeal_pending = serializers.BooleanField(
        required=False, default=False, help_text="Only matters with an appeal under review.")
    measure_type = serializers.SlugField(
        required=False, allow_blank=True, max_length=40,
        help_text="Only matters with a measure of this type (its catalogue code) in force.")
    search = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                   help_text="A matter reference (or part of one), or a "
                                   "student ID.")


class StudentInputSerializer(serializers.Serializer):
    """The student a matter concerns: found by student ID in the institution's records, or
    recorded with their names when the institution has no record of them yet."""

    student_id = serializers.CharField(max_length=40)
    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    programme = serializers.CharField(required=False, allow_blank=True, max_length=200)


class MatterOpenSerializer(serializers.Serializer):
    """Open a matter: from a case (``case_id``; the student is its respondent), from a request
    for a risk assessment (``request_id``; the student is given, or is the respondent of the
    request's case), or with no case yet (``student`` is required)."""

    case_id = RowIdField(required=False, allow_null=True)
    request_id = RowIdField(required=False, allow_null=True)
    student = StudentInputSerializer(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                   help_text="Why precautionary measures may be needed (§20); "
                                   "from a request, the request's own reason.")
    grounds = serializers.ListField(child=serializers.ChoiceField(choices=Ground.choices),
                                    required=False, max_length=len(Ground.choices))

    def validate(self, attrs):
        if attrs.get("case_id") and attrs.get("request_id"):
            raise serializers.ValidationError(
                {"request_id": "Open the matter from the case or from the request, not both."})
        return attrs


class MatterAppointSerializer(serializers.Serializer):
    user = MemberField()
    role = serializers.ChoiceField(choices=[(MatterRole.CHAIR.value, MatterRole.CHAIR.label),
                                            (MatterRole.MEMBER.value, MatterRole.MEMBER.label)])


class MatterUnappointSerializer(serializers.Serializer):
    member = MatterObjectField(model=MatterMember)
    reason = serializers.CharField(allow_blank=True, max_length=200)


class MatterReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000)


class ProtectedPersonInputSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, max_length=200)
    relation = serializers.ChoiceField(choices=ProtectedPerson.Relation.choices)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    student_id = serializers.CharField(required=False, allow_blank=True, max_length=40)


class AssessmentInputSerializer(serializers.Serializer):
    """The §20 grounds and the §21 factors, and the level of risk."""

    grounds = serializers.ListField(child=serializers.ChoiceField(choices=Ground.choices),
                                    max_length=len(Ground.choices))
    nature = serializers.CharField(allow_blank=True, max_length=10000)
    circumstances = serializers.CharField(allow_blank=True, max_length=10000)
    police_views = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    witness_input = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    level = serializers.ChoiceField(choices=RiskLevel.choices)


class ReviewAssessmentInputSerializer(AssessmentInputSerializer):
    grounds = serializers.ListField(child=serializers.ChoiceField(choices=Ground.choices),
                                    required=False, max_length=len(Ground.choices),
                                    help_text="Empty: the matter's grounds so far.")


class MeasureInputSerializer(serializers.Serializer):
    type = serializers.SlugField(max_length=40, help_text="The catalogue code of the measure.")
    scope = serializers.CharField(allow_blank=True, max_length=300)
    conditions = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    protected = serializers.ListField(child=RowIdField(), required=False, max_length=100,
                                      help_text="Ids of the matter's protected people.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class MeasuresProposeSerializer(serializers.Serializer):
    measures = MeasureInputSerializer(many=True, allow_empty=True, max_length=50)
    reasons = serializers.CharField(allow_blank=True, max_length=10000)
    disruption_steps = serializers.CharField(allow_blank=True, max_length=10000)
    support_offered = serializers.CharField(allow_blank=True, max_length=10000)
    reporting_student_support = serializers.CharField(required=False, allow_blank=True,
                                                      max_length=10000)
    breach = MatterObjectField(model=Breach, required=False, allow_null=True,
                               help_text="The breach or victimisation (§23) that led to it.")


class RepresentationsInviteSerializer(serializers.Serializer):
    due = serializers.DateField(help_text="The last day for the student's representations.")


class RepresentationsSkipSerializer(serializers.Serializer):
    because = serializers.ChoiceField(choices=Decision.Skip.choices)
    reason = serializers.CharField(allow_blank=True, max_length=5000)


class RepresentationsRecordSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, max_length=20000)
    received_on = serializers.DateField()


class MeasuresDecideSerializer(serializers.Serializer):
    """Reasons, steps and support may be restated in the light of the representations."""

    reasons = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    disruption_steps = serializers.CharField(required=False, allow_blank=True,
                                             max_length=10000)
    support_offered = serializers.CharField(required=False, allow_blank=True, max_length=10000)


class MatterAppealLodgeSerializer(serializers.Serializer):
    received_on = serializers.DateField()
    grounds = serializers.CharField(allow_blank=True, max_length=20000)
    reviewer = MemberField(help_text="The nominated appeal reviewer (no prior involvement).")
    late_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class MeasureVariationSerializer(serializers.Serializer):
    measure = RowIdField(help_text="A measure in force.")
    scope = serializers.CharField(required=False, allow_blank=True, max_length=300)
    conditions = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    ends_on = serializers.DateField(required=False, allow_null=True)


class MatterAppealDecideSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=Appeal.Result.choices)
    reasons = serializers.CharField(allow_blank=True, max_length=10000)
    variations = MeasureVariationSerializer(many=True, required=False, max_length=50)


class MatterReviewRequestSerializer(serializers.Serializer):
    material_change = serializers.CharField(allow_blank=True, max_length=10000)
    requested_on = serializers.DateField()


class MatterReviewInputSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=Review.Result.choices)
    reasons = serializers.CharField(allow_blank=True, max_length=10000)
    assessment = ReviewAssessmentInputSerializer()
    variations = MeasureVariationSerializer(many=True, required=False, max_length=50)


class MatterShareInputSerializer(serializers.Serializer):
    recipient_kind = serializers.ChoiceField(choices=Share.Recipient.choices)
    recipient = serializers.CharField(allow_blank=True, max_length=200)
    shared_on = serializers.DateField(required=False, allow_null=True)
    measure_ids = serializers.ListField(child=RowIdField(), required=False, allow_null=True,
                                        max_length=100,
                                        help_text="Empty: every measure in force.")


class BreachInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Breach.Kind.choices)
    occurred_on = serializers.DateField()
    description = serializers.CharField(allow_blank=True, max_length=20000)
    measure = MatterObjectField(model=Measure, required=False, allow_null=True)
    person_affected = serializers.CharField(required=False, allow_blank=True, max_length=200)
    action = serializers.ChoiceField(choices=Breach.Action.choices, required=False,
                                     default=Breach.Action.NONE)


class MeasureLiftSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=300)
    measure = MatterObjectField(model=Measure, required=False, allow_null=True,
                                help_text="Empty: every measure in force.")


class EndWithCaseSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=5000)
    replaced = serializers.BooleanField(
        required=False, default=True,
        help_text="The final outcome replaces the measures (else they are lifted).")
    continue_after = serializers.BooleanField(
        required=False, default=False,
        help_text="The measures stay in force after the case: record why.")
