"""Default report categories (in plain words, mapped to §24 and Appendix C) and a starting
support directory for an institution. Staff edit both afterwards."""

from __future__ import annotations

from django.db import transaction

from ..models import ReportCategory, SupportService

CATEGORIES = [
    ("sexual_harassment", "Sexual harassment",
     "Unwanted sexual comments, messages, looks or gestures", "24.6", "sexual"),
    ("sexual_assault", "Sexual assault or rape",
     "Any sexual contact or act you did not consent to", "24.11", "sexual"),
    ("image_abuse", "Sharing intimate images",
     "Private sexual images shared or threatened to be shared", "24.6", "sexual"),
    ("stalking", "Stalking", "Being repeatedly followed, watched or contacted", "24.6",
     "harassment"),
    ("harassment", "Harassment or bullying",
     "Intimidating, hostile or degrading behaviour, in person or online", "24.6",
     "harassment"),
    ("hate", "Hate incident or discrimination",
     "Because of race, religion, sex, sexual orientation, gender identity, disability or age",
     "24.6", "harassment"),
    ("domestic_abuse", "Domestic or relationship abuse",
     "Controlling, threatening or violent behaviour by a partner or family member", "24.11",
     "sexual"),
    ("violence", "Physical violence or threats", "Being hurt, or threatened with harm", "24.4",
     "physical"),
    ("spiking", "Spiking", "Drugs or alcohol put in a drink or given without knowing",
     "24.8", "health_safety"),
    ("other", "Something else", "Anything that made you feel unsafe or unwelcome", "24.10",
     "harassment"),
]

SERVICES = {
    "kingsway": [
        ("internal", "Anti-Harassment Support Advisor",
         "Advice on reporting and support, including anonymously.", "020 7946 0456",
         "Weekdays 9am to 5pm"),
        ("internal", "Student Counselling Service", "Confidential counselling.",
         "020 7946 0789", "Weekdays 9am to 5pm"),
        ("internal", "Security Control Room", "Help on campus at any time.", "020 7946 0123",
         "24 hours"),
        ("external", "Rape Crisis (national helpline)",
         "Free, confidential support after sexual violence.", "0808 500 2222", "24 hours"),
        ("external", "Samaritans", "Someone to talk to, any time.", "116 123", "24 hours"),
        ("external", "The Havens", "Specialist care after rape or sexual assault (London).",
         "020 3299 6900", "24 hours"),
    ],
    "midshire": [
        ("internal", "Standing Together team",
         "Specialist caseworkers: an initial appointment in person or online.",
         "0116 496 0321", "Weekdays 9am to 5pm"),
        ("internal", "Student Wellbeing", "Mental health support and self-referral.",
         "0116 496 0654", "Weekdays 9am to 5pm"),
        ("internal", "Campus Security", "Help on campus at any time.", "0116 496 0999",
         "24 hours"),
        ("external", "Sexual assault referral centre",
         "Discreet medical, emotional and practical support.", "0116 496 0777", "24 hours"),
        ("external", "Samaritans", "Someone to talk to, any time.", "116 123", "24 hours"),
        ("external", "Police (non-emergency)", "Report a crime that is not an emergency.",
         "101", "24 hours"),
    ],
}


@transaction.atomic
def reporting_defaults_apply(*, institution) -> None:
    for position, (code, label, hint, kind, category) in enumerate(CATEGORIES):
        ReportCategory.objects.for_institution(institution).get_or_create(
            institution=institution, code=code,
            defaults={"label": label, "hint": hint, "misconduct_type": kind,
                      "category": category, "position": position})
    if not SupportService.objects.for_institution(institution).exists():
        for position, (kind, name, description, phone, hours) in enumerate(
                SERVICES.get(institution.slug, SERVICES["kingsway"])):
            SupportService.objects.create(
                institution=institution, kind=kind, name=name, description=description,
                phone=phone, hours=hours, position=position)
