"""The project's URLs plus a page and an endpoint that need the decision-maker role, to test
``@staff_view(Role...)`` and ``InstitutionScopedMixin.required_roles`` through HTTP."""

from django.http import HttpResponse
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.decorators import staff_view
from accounts.roles import Role
from config.urls import urlpatterns as project_urlpatterns
from web.api import InstitutionScopedMixin


@staff_view(Role.DECISION_MAKER)
def decide(request, institution_slug):
    return HttpResponse(f"decided as {request.membership.user.email}")


class DecideView(InstitutionScopedMixin, APIView):
    required_roles = (Role.DECISION_MAKER, Role.APPEAL_REVIEWER)

    def get(self, request, institution_slug):
        return Response({"decided_by": request.user.email})


urlpatterns = [
    path("<slug:institution_slug>/staff/decide/", decide),
    path("api/v1/<slug:institution_slug>/decide/", DecideView.as_view()),
    *project_urlpatterns,
]
