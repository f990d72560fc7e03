"""The demo's precautionary settings and catalogues (run by ``manage.py seed_demo`` before the
cases are seeded, so Midshire's new conduct cases are referred to its Cause for Concern group)."""

from __future__ import annotations

from institutions.models import Institution

from .services.setup import precautionary_catalogue_apply


def seed_demo_precautionary() -> None:
    for slug, shape in (("kingsway", "002"), ("midshire", "004")):
        institution = Institution.objects.get(slug=slug)
        precautionary_catalogue_apply(institution=institution, shape=shape)
