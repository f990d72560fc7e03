"""A new allegation from a breach or victimisation recorded on a linked precautionary matter
(§23)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from precautionary.models import Breach

from ..models import MisconductCategory, MisconductType, Severity


@extend_schema_field(OpenApiTypes.INT)
class LinkedBreachField(serializers.PrimaryKeyRelatedField):
    """The id of a breach recorded on a precautionary matter linked to the case in the URL
    (the ``object_id`` of an ``allegation_add`` entry of ``available_actions``)."""

    default_error_messages = {
        "does_not_exist": "Choose a breach recorded on a precautionary matter linked to this "
                          "case.",
        "incorrect_type": "Give the id (a number).",
    }

    def get_queryset(self):
        case = self.context["case"]
        return (Breach.objects.for_institution(case.institution_id)
                .filter(matter__case_id=case.pk).select_related("matter"))


class AllegationFromBreachSerializer(serializers.Serializer):
    breach = LinkedBreachField()
    misconduct_type = serializers.ChoiceField(choices=MisconductType.choices)
    category = serializers.ChoiceField(choices=MisconductCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = serializers.CharField(
        allow_blank=True, required=False, default="",
        help_text="What is alleged; empty: the breach's own description.")
