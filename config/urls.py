from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import views as account_views
from accounts import views_tokens as token_views
from accounts.forms import AdminLoginForm
from institutions import views as institution_views
from reporting.public import pages as public_pages
from twofactor import views as twofactor_views
from web import admin as admin_views

from . import api_urls

admin.site.site_header = "Standing Together administration"
admin.site.site_title = "Standing Together"
admin.site.login_form = AdminLoginForm  # says when an account's sign-in is locked (axes)

staff_patterns = (
    [
        path("", account_views.dashboard, name="dashboard"),
        path("calendar/", institution_views.deadline_calculator, name="calculator"),
        path("account/api-tokens/", token_views.api_tokens, name="api_tokens"),
        path("account/api-tokens/institution/", token_views.api_tokens_institution,
             name="api_tokens_institution"),
        path("account/api-tokens/<int:token_id>/revoke/", token_views.api_token_revoke_view,
             name="api_token_revoke"),
        path("cases/", include("cases.urls")),
        path("reports/", include("reporting.staff_urls")),
        path("letters/", include("letters.urls")),
        path("precautionary/", include("precautionary.urls")),
        path("training/compliance/", include("training.urls_compliance")),
        path("training/", include("training.urls")),
        path("safe-contacts/", include("safecontacts.urls")),
        path("governance/", include("governance.urls")),
        path("data-protection/", include("subjectaccess.urls")),
        path("insights/", include("insights.urls")),
        path("two-factor/", twofactor_views.members, name="twofactor_members"),
        path("two-factor/<int:user_id>/reset/", twofactor_views.reset, name="twofactor_reset"),
        path("retention/", include("retention.urls")),
    ],
    "staff",
)

public_patterns = (
    [
        path("", public_pages.home, name="home"),
        path("", include("reporting.public_urls")),
        path("training/opt-out/", include("training.urls_optout")),
        path("letters/", include("letters.public_urls")),
        path("letters/", include("cases.public_urls")),
        path("", include("safecontacts.public_urls")),
        path("", include("insights.public_urls")),
    ],
    "public",
)

urlpatterns = [
    path("", institution_views.landing, name="home"),
    # Before the admin's own "view on site" (admin:view_on_site): see web.admin.
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin_views.view_on_site_none),
    path("admin/", admin.site.urls),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/sso/", include("sso.urls")),
    path("accounts/two-factor/passkeys/", include("twofactor.passkey_views")),
    path("accounts/two-factor/", include("twofactor.urls")),
    path("accounts/", account_views.home, name="account_home"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's page loads its start-up script from its own URL (?script), so scripts stay
    # 'self'; its stylesheet carries inline styles, allowed on this page only (issue 14).
    path("api/docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="schema")), name="api-docs"),
    path("api/v1/<slug:institution_slug>/", include(api_urls)),
    path("<slug:institution_slug>/brand.css", institution_views.brand_css,
         name="institution_brand_css"),
    path("<slug:institution_slug>/staff/", include(staff_patterns)),
    path("<slug:institution_slug>/", include(public_patterns)),
]
