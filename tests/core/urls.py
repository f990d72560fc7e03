"""The project's URLs plus endpoints that fail in the ways web.api.exception_handler formats."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns
from web.api import InstitutionScopedMixin


class PartySerializer(serializers.Serializer):
    email = serializers.EmailField()


class ReportSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=10)
    parties = PartySerializer(many=True)


class NestedView(InstitutionScopedMixin, APIView):
    def post(self, request, institution_slug):
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.data)


class ServiceRuleView(InstitutionScopedMixin, APIView):
    """A service refusing with Django's ValidationError, as services do."""

    def post(self, request, institution_slug):
        if request.data.get("field"):
            raise DjangoValidationError({"date": ["The date is not a working day."]})
        raise DjangoValidationError("This case is already closed.")


urlpatterns = [
    path("api/v1/<slug:institution_slug>/test-nested/", NestedView.as_view()),
    path("api/v1/<slug:institution_slug>/test-service-rule/", ServiceRuleView.as_view()),
    *project_urlpatterns,
]
