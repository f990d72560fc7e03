"""Request and response bodies of the training API. Inputs check only the shape (types,
lengths, the models' own choices); every rule stays in the service, which answers field errors
in the same format."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import role_keys

from .models import (
    Attendance,
    Campaign,
    Completion,
    DateFormat,
    ImportMapping,
    ImportRowError,
    ImportRun,
    Learner,
    Module,
    ModuleMatch,
    TrainingSession,
)


@extend_schema_field(OpenApiTypes.INT)
class InstitutionRowField(serializers.PrimaryKeyRelatedField):
    """The id of a row of the institution in the URL (a module, a learner)."""

    default_error_messages = {
        "does_not_exist": "Choose one of this institution's records.",
        "incorrect_type": "Give the id (a number).",
    }

    def __init__(self, model=None, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.for_institution(self.context["institution"])

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < number < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


# -- modules and campaigns ---------------------------------------------------------------------
class ModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Module
        fields = ["id", "key", "title", "description", "audience", "audience_role",
                  "mandatory", "delivery", "duration_hours", "validity_years", "purpose",
                  "topic", "allows_opt_out", "is_active"]


class ModuleInputSerializer(serializers.Serializer):
    """A module. ``key`` is given when it is created and cannot change. A new
    ``validity_years`` applies to completions recorded from then on only."""

    key = serializers.SlugField(max_length=60)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    audience = serializers.ChoiceField(choices=Module.Audience.choices)
    audience_role = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                          help_text="With audience 'role': the role's key.")
    mandatory = serializers.BooleanField(required=False, default=False)
    delivery = serializers.ChoiceField(choices=Module.Delivery.choices)
    duration_hours = serializers.DecimalField(required=False, allow_null=True, max_digits=4,
                                              decimal_places=1, min_value=0)
    validity_years = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                              max_value=20)
    purpose = serializers.ChoiceField(choices=Module.Purpose.choices, required=False,
                                      default=Module.Purpose.GENERAL)
    topic = serializers.CharField(required=False, allow_blank=True, max_length=80)
    allows_opt_out = serializers.BooleanField(required=False, default=False)
    is_active = serializers.BooleanField(required=False, default=True)

    def validate_audience_role(self, value: str) -> str:
        if value and value not in role_keys():
            raise serializers.ValidationError("Choose one of the roles.")
        return value


class CampaignSerializer(serializers.ModelSerializer):
    module_id = serializers.IntegerField()
    module_key = serializers.CharField(source="module.key")

    class Meta:
        model = Campaign
        fields = ["id", "module_id", "module_key", "name", "opens_on", "deadline", "cohort"]


class CampaignInputSerializer(serializers.Serializer):
    module_id = InstitutionRowField(model=Module, source="module")
    name = serializers.CharField(max_length=150)
    opens_on = serializers.DateField()
    deadline = serializers.DateField(help_text="On or after the opening date.")
    cohort = serializers.CharField(required=False, allow_blank=True, max_length=40)


class CampaignFilterSerializer(serializers.Serializer):
    module = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


# -- the roster and completions ----------------------------------------------------------------
class CompletionSerializer(serializers.ModelSerializer):
    module_id = serializers.IntegerField()
    module_key = serializers.CharField(source="module.key")
    module_title = serializers.CharField(source="module.title")

    class Meta:
        model = Completion
        fields = ["id", "module_id", "module_key", "module_title", "completed_on", "expires_on",
                  "source"]


class LearnerSerializer(serializers.ModelSerializer):
    account_linked = serializers.SerializerMethodField()

    class Meta:
        model = Learner
        fields = ["id", "kind", "email", "external_id", "full_name", "department", "cohort",
                  "year_of_study", "is_active", "account_linked"]

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_account_linked(self, obj) -> bool:
        """A staff entry linked to the account with its email."""
        return obj.membership_id is not None


class LearnerDetailSerializer(LearnerSerializer):
    completions = CompletionSerializer(many=True, source="completion_list")

    class Meta(LearnerSerializer.Meta):
        fields = [*LearnerSerializer.Meta.fields, "completions"]


class LearnerInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Learner.Kind.choices)
    email = serializers.EmailField(max_length=254)
    external_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    full_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    department = serializers.CharField(required=False, allow_blank=True, max_length=150)
    cohort = serializers.CharField(required=False, allow_blank=True, max_length=40)
    year_of_study = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                             max_value=10)
    is_active = serializers.BooleanField(required=False, default=True)


class RosterFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=100,
                                   help_text="Part of an email or a name, or the start of a "
                                   "student or staff number.")
    kind = serializers.ChoiceField(choices=Learner.Kind.choices, required=False,
                                   allow_blank=True)


class CompletionInputSerializer(serializers.Serializer):
    module_id = InstitutionRowField(model=Module, source="module")
    completed_on = serializers.DateField()


class CompletionRecordedSerializer(serializers.Serializer):
    completion = CompletionSerializer()
    created = serializers.BooleanField(help_text="False: the same completion was already "
                                       "recorded; nothing changed.")


# -- sessions and the register -----------------------------------------------------------------
class AttendanceSerializer(serializers.ModelSerializer):
    learner_id = serializers.IntegerField()
    email = serializers.CharField(source="learner.email")
    full_name = serializers.CharField(source="learner.full_name")
    completion_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Attendance
        fields = ["learner_id", "email", "full_name", "attended", "completion_id", "marked_at"]


class SessionSerializer(serializers.ModelSerializer):
    module_id = serializers.IntegerField()
    module_title = serializers.CharField(source="module.title")

    class Meta:
        model = TrainingSession
        fields = ["id", "module_id", "module_title", "held_on", "location", "facilitator"]


class SessionDetailSerializer(SessionSerializer):
    register = AttendanceSerializer(many=True, source="register_list")

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "register"]


class SessionInputSerializer(serializers.Serializer):
    module_id = InstitutionRowField(model=Module, source="module")
    held_on = serializers.DateField()
    location = serializers.CharField(max_length=200)
    facilitator = serializers.CharField(max_length=200)


class MarkSerializer(serializers.Serializer):
    learner_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    attended = serializers.BooleanField()


class RegisterInputSerializer(serializers.Serializer):
    add = serializers.ListField(child=serializers.EmailField(max_length=254), required=False,
                                max_length=1000,
                                help_text="Emails of people on the roster to put on the "
                                "register.")
    marks = MarkSerializer(many=True, required=False, help_text=(
        "Who attended. Marking records the completion on the session's date (on or after that "
        "day); unmarking takes back only a completion this register recorded."))


# -- imports -----------------------------------------------------------------------------------
class ImportRunSerializer(serializers.ModelSerializer):
    fixed_module_id = serializers.IntegerField(allow_null=True)
    percent_done = serializers.IntegerField()

    class Meta:
        model = ImportRun
        fields = ["id", "filename", "file_format", "status", "learner_kind", "headers",
                  "mapping", "fixed_module_id", "rows_total", "rows_done", "percent_done",
                  "created_count", "unchanged_count", "error_count", "learners_created",
                  "learners_updated", "failure", "created_at", "started_at", "finished_at"]


class ColumnsInputSerializer(serializers.Serializer):
    """Which column of the file holds what (header names). Left out: the institution's saved
    column, when the file has it."""

    email_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    external_id_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    name_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    department_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    cohort_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    year_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    module_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    module_match = serializers.ChoiceField(choices=ModuleMatch.choices, required=False)
    completed_on_column = serializers.CharField(required=False, allow_blank=True,
                                                max_length=100)
    date_format = serializers.ChoiceField(choices=DateFormat.choices, required=False)
    fixed_module_id = InstitutionRowField(model=Module, source="fixed_module", required=False,
                                          allow_null=True,
                                          help_text="One module for every row of the file.")
    save_mapping = serializers.BooleanField(required=False, default=True)


class ImportUploadSerializer(ColumnsInputSerializer):
    file = serializers.FileField(help_text="The export: CSV (UTF-8) or Excel (.xlsx).")
    learner_kind = serializers.ChoiceField(choices=Learner.Kind.choices, required=False,
                                           default=Learner.Kind.STUDENT)
    start = serializers.BooleanField(
        required=False, default=False,
        help_text="Start the import at once with these (or the saved) columns; otherwise the "
        "run waits for POST .../start/.")


class ImportRowErrorSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRowError
        fields = ["row_number", "email", "problem"]


class ImportMappingSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportMapping
        fields = ["email_column", "external_id_column", "name_column", "department_column",
                  "cohort_column", "year_column", "module_column", "module_match",
                  "completed_on_column", "date_format"]


class ImportMappingInputSerializer(serializers.Serializer):
    email_column = serializers.CharField(max_length=100)
    external_id_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    name_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    department_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    cohort_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    year_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    module_column = serializers.CharField(required=False, allow_blank=True, max_length=100)
    module_match = serializers.ChoiceField(choices=ModuleMatch.choices, required=False,
                                           default=ModuleMatch.KEY)
    completed_on_column = serializers.CharField(max_length=100)
    date_format = serializers.ChoiceField(choices=DateFormat.choices, required=False,
                                          default=DateFormat.ISO)
