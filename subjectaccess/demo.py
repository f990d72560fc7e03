"""The demo's subject access requests (settings.DEMO_SEEDERS), walked through the services.

At each institution the data protection officer (``data-protection@<slug>.example``) has one
request from the reporting party of the newest case, received ten days ago, with its matches
found and confirmed, ready to generate the export. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import Membership, MembershipRole, User
from accounts.roles import Role
from cases.models import Party
from institutions.demo import DEMO_PASSWORD
from institutions.models import Institution

from .models import SubjectAccessRequest
from .services.requests import (
    subject_access_matches_confirm,
    subject_access_matches_find,
    subject_access_request_receive,
)


def _dpo(institution) -> User:
    email = f"data-protection@{institution.slug}.example"
    user, _ = User.objects.get_or_create(email=email,
                                         defaults={"full_name": "Dana Protection"})
    user.set_password(DEMO_PASSWORD)
    user.save()
    membership, _ = Membership.objects.for_institution(institution).get_or_create(
        institution=institution, user=user, defaults={"job_title": "Data protection officer"})
    MembershipRole.objects.for_institution(institution).get_or_create(
        institution=institution, membership=membership, role=Role.DATA_PROTECTION)
    return user


def seed_demo_subject_access() -> list[tuple[str, str, str]]:
    logins = []
    for slug in ("kingsway", "midshire"):
        institution = Institution.objects.get(slug=slug)
        _seed(institution)
        logins.append((slug, institution.role_label(Role.DATA_PROTECTION),
                       f"data-protection@{slug}.example"))
    return logins


def _seed(institution) -> None:
    dpo = _dpo(institution)
    if SubjectAccessRequest.objects.for_institution(institution).exists():
        return
    party = Party.objects.for_institution(institution).filter(
        kind=Party.Kind.REPORTING_PARTY).order_by("-pk").first()
    if party is None:
        return
    request = subject_access_request_receive(
        institution=institution, actor=dpo, name=party.name, email=party.email,
        student_id=party.student_id,
        received_on=timezone.localdate() - dt.timedelta(days=10))
    matches = subject_access_matches_find(request=request, actor=dpo)
    subject_access_matches_confirm(request=request, actor=dpo,
                                   confirmed=[m.pk for m in matches])
