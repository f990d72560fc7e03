"""Fields that look ids up inside the caller's institution or case."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from web.api import MemberField  # noqa: F401 - the field lives with the API's base classes


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
