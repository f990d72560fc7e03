from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    label = serializers.CharField()


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    institution = serializers.CharField()
    roles = RoleSerializer(many=True)


class MeView(InstitutionScopedMixin, APIView):
    """Who you are in this institution, with its names for your roles."""

    @extend_schema(operation_id="me", responses={200: MeSerializer, 404: ErrorSerializer})
    def get(self, request, institution_slug: str):
        inst = self.institution
        roles = sorted(self.membership.role_set)
        return Response(MeSerializer({
            "email": request.user.email,
            "full_name": request.user.full_name,
            "institution": inst.slug,
            "roles": [{"role": r, "label": inst.role_label(r)} for r in roles],
        }).data)
