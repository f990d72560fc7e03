"""The commitments of Safe Contacts (001): a team meeting every term, summer included, and
group clinical supervision, available each term. The EDI office records each session and who
attended; further training comes from the training app."""

from __future__ import annotations

from django.db import models

from core.tenancy.scoping import TenantModel


class Session(TenantModel):
    class Kind(models.TextChoices):
        TEAM_MEETING = "team_meeting", "Termly team meeting"
        SUPERVISION = "supervision", "Group clinical supervision"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    term = models.ForeignKey("institutions.AcademicTerm", on_delete=models.PROTECT,
                             related_name="+")
    held_on = models.DateField()
    attendees = models.ManyToManyField("safecontacts.SafeContact", through="Attendance",
                                       related_name="sessions")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class Attendance(TenantModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    safe_contact = models.ForeignKey("safecontacts.SafeContact", on_delete=models.PROTECT,
                                     related_name="attendance")

    class Meta:
        base_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["session", "safe_contact"],
                                    name="uniq_session_attendance"),
        ]
