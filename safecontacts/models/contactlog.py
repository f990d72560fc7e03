"""A Safe Contact's log of the people who came to them (001), kept without personal data: no
name, no free text, only dates and choices, so that it can be counted (for the EDI office and
the insight reports) and never identifies anyone. tests/safecontacts asserts the field list."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel


class Concern(models.TextChoices):
    BULLYING = "bullying", "Bullying"
    HARASSMENT = "harassment", "Harassment"
    DISCRIMINATION = "discrimination", "Discrimination"
    RACIAL = "racial", "Racial harassment or discrimination"
    HATE = "hate", "Hate incident"
    SEXUAL_HARASSMENT = "sexual_harassment", "Sexual harassment"
    SEXUAL_VIOLENCE = "sexual_violence", "Sexual violence"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    STALKING = "stalking", "Stalking, in person or online"
    OTHER = "other", "Something else"


class PersonKind(models.TextChoices):
    STUDENT = "student", "A student"
    STAFF = "staff", "A member of staff"


class Signpost(models.TextChoices):
    """Where a Safe Contact may point someone (001: internal and external support, the ISVA
    service, the report + support portal, the police)."""

    REPORT_SUPPORT = "report_support", "Report + Support (the institution's reporting tool)"
    STUDENT_WELLBEING = "student_wellbeing", "Student wellbeing or counselling service"
    STAFF_WELLBEING = "staff_wellbeing", "Staff wellbeing or employee assistance"
    HR = "hr", "Human Resources"
    STUDENTS_UNION = "students_union", "Students' Union advice"
    ISVA = "isva", "Independent Sexual Violence Adviser (ISVA) service"
    HARASSMENT_ADVISER = "harassment_adviser", "Harassment and Sexual Misconduct Policy Adviser"
    SECURITY = "security", "Security"
    POLICE = "police", "Police"
    HEALTH = "health", "GP, NHS or sexual assault referral centre"
    EXTERNAL_SPECIALIST = "external_specialist", "External specialist support (e.g. Rape " \
        "Crisis, Victim Support)"
    TRADE_UNION = "trade_union", "Trade union"


class Advisor(models.TextChoices):
    """Whom a Safe Contact consults before breaking confidentiality (001)."""

    HR = "hr", "HR"
    STUDENT_SERVICES = "student_services", "Student Services"
    LEGAL = "legal", "Legal"
    SECURITY = "security", "Security"


class ContactLogEntry(TenantModel):
    safe_contact = models.ForeignKey("safecontacts.SafeContact", on_delete=models.PROTECT,
                                     related_name="contact_log")
    contacted_on = models.DateField()
    concern = models.CharField(max_length=20, choices=Concern.choices)
    person_kind = models.CharField(max_length=8, choices=PersonKind.choices)
    #: Codes of :class:`Signpost`.
    signposted_to = models.JSONField(default=list, blank=True)
    hmg_referred = models.BooleanField(
        default=False, help_text="Referred to the Harassment Management Group (set by the "
        "referral, which asks the group for a risk assessment).")
    handed_over = models.BooleanField(default=False)
    handed_to = models.ForeignKey("safecontacts.SafeContact", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    confidentiality_broken = models.BooleanField(default=False)
    #: Codes of :class:`Advisor`: who advised before confidentiality was broken.
    confidentiality_advisors = models.JSONField(default=list, blank=True)
    confidentiality_advised_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["institution", "safe_contact", "contacted_on"],
                                name="contactlog_owner"),
                   models.Index(fields=["institution", "contacted_on"],
                                name="contactlog_date")]

    def __str__(self) -> str:
        return f"Contact on {self.contacted_on}"
