"""The institution admin configures its identity providers (issue 14 §1). The client secret is
never shown back: left blank on a change, the stored one is kept."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from web.admin import ServiceCheckedForm, TenantModelAdmin

from .models import IdentityProvider


class IdentityProviderForm(ServiceCheckedForm):
    oidc_client_secret = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False),
        help_text="Encrypted at rest; leave blank to keep the stored secret.")

    class Meta:
        model = IdentityProvider
        fields = "__all__"

    def clean_oidc_client_secret(self):
        value = self.cleaned_data.get("oidc_client_secret", "")
        return value or (self.instance.oidc_client_secret if self.instance.pk else "")


@admin.register(IdentityProvider)
class IdentityProviderAdmin(TenantModelAdmin):
    form = IdentityProviderForm
    list_display = ["display_name", "institution", "protocol", "enabled",
                    "allow_local_passwords"]
    list_filter = ["protocol", "enabled"]
    fieldsets = [
        (None, {"fields": ["institution", "protocol", "display_name", "enabled",
                           "allow_local_passwords", "match_claim"]}),
        ("OpenID Connect", {"fields": [
            "oidc_issuer", "oidc_client_id", "oidc_client_secret", "oidc_scopes",
            "oidc_authorization_endpoint", "oidc_token_endpoint", "oidc_jwks_endpoint",
            "oidc_userinfo_endpoint"]}),
        ("SAML 2.0", {"fields": [
            "saml_idp_metadata_url", "saml_idp_metadata_xml", "saml_idp_entity_id",
            "saml_sp_entity_id", "saml_attribute_mapping"]}),
    ]
