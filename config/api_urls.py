"""Every API path is under /api/v1/<institution_slug>/."""

from django.urls import include, path

from accounts.api import MeView, MyWorkView
from accounts.api_tokens import ApiTokenRevokeView, ApiTokensView
from cases.api.procedure import ProcedureView
from institutions.api import WorkingDaysView

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("my-work/", MyWorkView.as_view(), name="api-my-work"),
    path("tokens/", ApiTokensView.as_view(), name="api-tokens"),
    path("tokens/<int:token_id>/revoke/", ApiTokenRevokeView.as_view(), name="api-token-revoke"),
    path("procedure/", ProcedureView.as_view(), name="api-procedure"),
    path("calendar/working-days/", WorkingDaysView.as_view(), name="api-working-days"),
    path("cases/", include("cases.api_urls")),
    path("precautionary/", include("precautionary.api_urls")),
    path("training/", include("training.api_compliance")),
    path("training/", include("training.api_optout")),
    path("training/", include("training.api_urls")),
    path("insights/", include("insights.api_dashboard")),
    path("", include("safecontacts.api_urls")),
    path("governance/", include("governance.api_urls")),
    path("data-protection/", include("subjectaccess.api_urls")),
    path("retention/", include("retention.api_urls")),
    path("", include("insights.api_urls")),
    path("", include("reporting.api_urls")),
]
