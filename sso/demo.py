"""The demo: Kingsway has an example Microsoft Entra ID configuration, switched off (there is no
real tenant behind it), so the admin shows what one looks like; every demo login keeps its
password."""

from __future__ import annotations

from institutions.models import Institution

from .models import IdentityProvider


def seed_demo_sso() -> None:
    kingsway = Institution.objects.filter(slug="kingsway").first()
    if kingsway is None:
        return
    IdentityProvider.objects.for_institution(kingsway).get_or_create(
        institution=kingsway, display_name="Sign in with Kingsway account",
        defaults={
            "protocol": IdentityProvider.Protocol.OIDC, "enabled": False,
            "allow_local_passwords": True, "match_claim": "email",
            "oidc_issuer": "https://login.microsoftonline.com/00000000-0000-0000-0000-"
                           "000000000000/v2.0",
            "oidc_client_id": "example-client-id", "oidc_client_secret": "",
            "oidc_scopes": "openid email profile",
        })
