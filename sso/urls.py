from django.urls import path

from . import oidc, saml

app_name = "sso"

urlpatterns = [
    path("oidc/callback/", oidc.OIDCCallbackView.as_view(), name="oidc_callback"),
    path("<slug:institution_slug>/<int:provider_id>/oidc/", oidc.OIDCStartView.as_view(),
         name="oidc_start"),
    path("<slug:institution_slug>/<int:provider_id>/saml/", saml.saml_start, name="saml_start"),
    path("<slug:institution_slug>/<int:provider_id>/saml/acs/", saml.saml_acs, name="saml_acs"),
    path("<slug:institution_slug>/<int:provider_id>/saml/metadata/", saml.saml_metadata,
         name="saml_metadata"),
]
