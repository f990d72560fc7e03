import pytest

from sso.models import IdentityProvider

from .oidc_provider import OIDCProvider


@pytest.fixture
def oidc_provider():
    with OIDCProvider() as provider:
        yield provider


def oidc_row(institution, provider: OIDCProvider, **values) -> IdentityProvider:
    values = {"protocol": "oidc", "enabled": True,
              "display_name": f"Sign in with {institution.name} account",
              "oidc_issuer": provider.issuer, "oidc_client_id": provider.client_id,
              "oidc_client_secret": provider.client_secret, **values}
    return IdentityProvider.objects.create(institution=institution, **values)


@pytest.fixture
def kingsway_oidc(kingsway, oidc_provider):
    return oidc_row(kingsway, oidc_provider)
