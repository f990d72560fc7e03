"""Demo API tokens (issue 14 §3): in each institution the admin and the support caseworker
have an active token and a revoked one, so "API tokens" (dashboard) and the admin's
"Everyone's tokens" list something. Their keys are thrown away, as a real key is once shown;
make a new token on the page to try the API."""

from __future__ import annotations

from institutions.models import Institution

from .models import ApiToken, Membership
from .roles import Role
from .tokens import api_token_create, api_token_revoke


def seed_demo_api_tokens() -> None:
    """After ``institutions.demo.seed_demo``: its logins are ``<role-with-dashes>@<slug>``."""
    for slug in ("kingsway", "midshire"):
        inst = Institution.objects.filter(slug=slug).first()
        if inst is None:
            continue
        for role in (Role.INSTITUTION_ADMIN, Role.SUPPORT_CASEWORKER):
            membership = (Membership.objects.for_institution(inst)
                          .filter(user__email=f"{role.replace('_', '-')}@{slug}.example")
                          .select_related("user", "institution").first())
            if membership is None or ApiToken.objects.for_institution(inst).filter(
                    user=membership.user).exists():
                continue  # seeded already
            api_token_create(membership=membership, name="Reporting spreadsheet", days=30)
            old, _key = api_token_create(membership=membership, name="Old laptop script",
                                         days=7)
            api_token_revoke(membership=membership, token_id=old.pk)
