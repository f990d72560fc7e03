"""The real URLs plus routes nobody has decided the isolation of: what a developer adding a
route without touching tests/isolation/policy.py leaves behind (test_classification)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as real_urlpatterns


def _view(request, **kwargs):
    return HttpResponse("a new page")


urlpatterns = [
    *real_urlpatterns,
    # A route that matches no isolation class.
    path("<slug:institution_slug>/reports-dashboard/", _view, name="reports_dashboard"),
    # A staff API route whose argument names no model the policy knows.
    path("api/v1/<slug:institution_slug>/widgets/<int:widget_id>/", _view,
         name="api-widget-detail"),
    # A staff API route whose object argument the role gate would not see as an object.
    path("api/v1/<slug:institution_slug>/cases-by-number/<int:case>/", _view,
         name="api-case-by-number"),
]
