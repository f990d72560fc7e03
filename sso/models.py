"""An institution's identity providers for staff single sign-on (issue 14 §1).

Each row is one way to sign in: OpenID Connect (Microsoft Entra ID, Google ...) or SAML 2.0 (the
UK Access Management Federation, Shibboleth). The identity it asserts is only *matched* to an
existing active membership of the same institution: roles stay ours, sign-on never creates an
account, a membership or a role."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel


class IdentityProvider(TenantModel):
    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    protocol = models.CharField(max_length=8, choices=Protocol.choices)
    display_name = models.CharField(
        max_length=120, help_text='The button\'s text, e.g. "Sign in with Kingsway account".')
    enabled = models.BooleanField(
        default=False, help_text="Show the button and accept sign-ins from this provider.")
    allow_local_passwords = models.BooleanField(
        default=True, help_text="Members may still sign in with a password. Untick to make "
        "this provider the only way in for members of this institution alone (superusers "
        "keep their password).")
    match_claim = models.CharField(
        max_length=200, default="email",
        help_text="The claim (OIDC) or attribute (SAML) matched to a member's email address: "
        "email, upn, eduPersonPrincipalName ...")

    # -- OpenID Connect ---------------------------------------------------------------------
    oidc_issuer = models.URLField(
        blank=True, help_text="The issuer; its discovery document "
        "(<issuer>/.well-known/openid-configuration) fills any endpoint left blank.")
    oidc_authorization_endpoint = models.URLField(blank=True)
    oidc_token_endpoint = models.URLField(blank=True)
    oidc_jwks_endpoint = models.URLField(blank=True)
    oidc_userinfo_endpoint = models.URLField(
        blank=True, help_text="Optional: claims are read from the ID token, then from here.")
    oidc_client_id = models.CharField(max_length=255, blank=True)
    oidc_client_secret = EncryptedTextField(blank=True, help_text="Encrypted at rest.")
    oidc_scopes = models.CharField(max_length=255, default="openid email profile")

    # -- SAML 2.0 ---------------------------------------------------------------------------
    saml_idp_metadata_xml = models.TextField(
        blank=True, help_text="The identity provider's metadata (XML); or give its URL.")
    saml_idp_metadata_url = models.URLField(blank=True)
    saml_idp_entity_id = models.CharField(
        max_length=255, blank=True,
        help_text="Which entity of the metadata to use (needed for federation metadata).")
    saml_sp_entity_id = models.CharField(
        max_length=255, blank=True, help_text="Our entity id; blank: our metadata's URL.")
    saml_attribute_mapping = models.JSONField(
        default=dict, blank=True,
        help_text='Our name -> the attribute\'s name, e.g. {"email": "mail"}; a name not '
        "listed is read as it is.")

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["institution", "display_name"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_protocol_display()})"
