"""The public directory through the API, at /api/v1/<institution_slug>/public/safe-contacts/:
read-only, no account, no authentication."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import serializers as s
from ..directory import directory
from ..models import SafeContactSettings
from ..views.public import directory_filters


class DirectoryView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(operation_id="safecontacts_public_directory", tags=["public"],
                   summary="The active Safe Contacts, and how to reach the EDI office",
                   parameters=[OpenApiParameter("specialism", str, required=False,
                                                description="A specialist module's key."),
                               OpenApiParameter("hide_department", str, required=False)],
                   responses={200: s.DirectorySerializer})
    def get(self, request, institution_slug: str):
        inst = request.institution
        _form, specialism, department = directory_filters(inst, request.query_params)
        settings = SafeContactSettings.of(inst)
        response = Response({
            "edi_office": {"email": settings.edi_office_email, "text": settings.edi_office_text},
            "safe_contacts": s.DirectoryEntrySerializer(
                directory(institution=inst, specialism=specialism, hide_department=department),
                many=True).data})
        response["Cache-Control"] = "no-store"
        return response
