"""The public directory of Safe Contacts (001 step 4 and 6): those active, with their
biography, department, kind (a Safe Contact, or a Safe Contact (Sexual Violence) with the
specialist training), the specialist trainings they hold and the address they chose to publish.
A person may hide the Safe Contacts of their own department (001: a Safe Contact of the same
department is a conflict of interest). Three queries, whatever the number of Safe Contacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from .models import SafeContact
from .training_link import is_sexual_violence, specialisms_held

KIND_SV = "Safe Contact (Sexual Violence)"
KIND = "Safe Contact"


@dataclass(frozen=True)
class DirectoryEntry:
    id: int
    name: str
    job_title: str
    department: str
    biography: str
    contact_email: str
    kind: str
    sexual_violence: bool
    #: The specialist trainings they hold, by key and topic (e.g. "Sexual violence").
    specialisms: list[tuple[str, str]] = field(default_factory=list)


def directory(*, institution, specialism: str = "", hide_department: str = "",
              today: dt.date | None = None) -> list[DirectoryEntry]:
    """The active Safe Contacts, by name. ``specialism``: only those holding that specialist
    module (its key) in force; ``hide_department``: leave out those of this department."""
    today = today or timezone.localdate()
    rows = (SafeContact.objects.for_institution(institution)
            .filter(stage=SafeContact.Stage.ACTIVE).order_by("full_name", "pk"))
    if hide_department:
        rows = rows.exclude(department__iexact=hide_department.strip())
    rows = list(rows)
    held = specialisms_held(institution=institution, user_ids=[r.person_id for r in rows],
                            on=today)
    entries = []
    for r in rows:
        modules = held.get(r.person_id, [])
        if specialism and not any(m.key == specialism for m in modules):
            continue
        sv = is_sexual_violence(modules)
        entries.append(DirectoryEntry(
            id=r.pk, name=r.full_name, job_title=r.job_title, department=r.department,
            biography=r.biography, contact_email=r.contact_email, kind=KIND_SV if sv else KIND,
            sexual_violence=sv,
            specialisms=sorted(((m.key, m.topic or m.title) for m in modules),
                               key=lambda pair: pair[1].lower())))
    return entries


def directory_departments(institution) -> list[str]:
    """The departments of active Safe Contacts (the "hide my department" choice)."""
    names = (SafeContact.objects.for_institution(institution)
             .filter(stage=SafeContact.Stage.ACTIVE).values_list("department", flat=True))
    return sorted({n.strip() for n in names if n.strip()}, key=str.lower)
