"""API tokens through the API (issue 14 §3): ``tokens/`` lists the caller's own (``?everyone=1``
for the institution's admin: everyone's) and makes one (its key in the answer, once);
``tokens/<id>/revoke/`` revokes one. The page is ``accounts.views_tokens``."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from web.api import ErrorSerializer, InstitutionScopedMixin

from .permissions import require_route_role
from .roles import Role
from .tokens import api_token_create, api_token_revoke, api_tokens_of


class ApiTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user = serializers.EmailField(source="user.email")
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The key's first characters.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    last_used_on = serializers.DateField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=["active", "expired", "revoked"])


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(help_text="The key: shown only in this answer.")


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    days = serializers.IntegerField(min_value=1, max_value=settings.API_TOKEN_MAX_DAYS,
                                    required=False)


class ApiTokensView(InstitutionScopedMixin, APIView):
    @extend_schema(operation_id="api_tokens_list", responses={200: ApiTokenSerializer(many=True),
                                                              404: ErrorSerializer},
                   parameters=[OpenApiParameter("everyone", bool, description=(
                       "Everyone's tokens in the institution (its admin only)."))])
    def get(self, request, institution_slug: str):
        everyone = request.query_params.get("everyone") in ("1", "true")
        if everyone:
            require_route_role(self.membership, [Role.INSTITUTION_ADMIN], self.kwargs)
        tokens = api_tokens_of(membership=self.membership, everyone=everyone)[:500]
        return Response(ApiTokenSerializer(tokens, many=True).data)

    @extend_schema(operation_id="api_tokens_create", request=ApiTokenCreateSerializer,
                   responses={201: ApiTokenCreatedSerializer, 400: ErrorSerializer,
                              404: ErrorSerializer})
    def post(self, request, institution_slug: str):
        data = ApiTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = api_token_create(membership=self.membership, **data.validated_data)
        body = ApiTokenSerializer(token).data
        return Response({**body, "key": key}, status=status.HTTP_201_CREATED)


class ApiTokenRevokeView(InstitutionScopedMixin, APIView):
    @extend_schema(operation_id="api_tokens_revoke", request=None,
                   responses={200: ApiTokenSerializer, 404: ErrorSerializer})
    def post(self, request, institution_slug: str, token_id: int):
        token = api_token_revoke(membership=self.membership, token_id=token_id)
        return Response(ApiTokenSerializer(token).data)


__all__ = ["ApiTokenRevokeView", "ApiTokensView"]
