"""Support requests that reach the support caseworkers from another page than the disclosure
form: a student who opted out of the consent / bystander training and then asked to be contacted
(004; training/support.py). Each becomes a *named disclosure* through the one intake,
:func:`reporting.services.submission.report_submit`: same validation, reference, first-contact
deadline, team email and audit as any other.

The disclosure carries only what the student gave (name, how to contact them, their message) and
the training page they asked from. It says neither that they opted out nor why: the form tells
the student so. "What happened" is "Something else" (the neutral category); an institution that
retired it takes no requests this way and the student is pointed to the support page instead.
"""

from __future__ import annotations

from training.support import SupportReferral

from ..models import ReportCategory
from .common import ReportError
from .submission import report_submit

#: The category a support request is filed under: it says nothing of what happened.
NEUTRAL_CATEGORY = "other"


def training_support_referral(*, institution, contact_name: str, preferred_contact: str,
                              contact_email: str = "", contact_phone: str = "",
                              student_id: str = "", message: str = "",
                              asked_from: str = "") -> SupportReferral:
    """A named disclosure asking for support, in the caller's transaction."""
    if not ReportCategory.objects.for_institution(institution).filter(
            code=NEUTRAL_CATEGORY, is_active=True).exists():
        raise ReportError("The support team cannot take requests from this page at the "
                          "moment. Please contact them directly: see 'Support you can "
                          "contact'.")
    where = f" from the training page of \u201c{asked_from}\u201d" if asked_from else ""
    narrative = f"Asked to be contacted about support options{where}."
    if message.strip():
        narrative += f"\n\nTheir message:\n{message.strip()}"
    submitted = report_submit(institution=institution, data={
        "reporter_role": "student", "perspective": "self", "categories": [NEUTRAL_CATEGORY],
        "when": "not_sure", "location": "other", "narrative": narrative, "wants": ["support"],
        "anonymous": False, "contact_name": contact_name, "contact_email": contact_email,
        "contact_phone": contact_phone, "contact_student_id": student_id,
        "preferred_contact": preferred_contact})
    return SupportReferral(receipt=submitted.receipt,
                           first_contact_due=submitted.first_contact_due)
