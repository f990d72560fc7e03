"""The investigation file of a case (002 §39-44; 004 "the investigation process"): meetings
with the reporting party, witnesses and the respondent, the statements taken at them, requests
for evidence, and the investigator's report to the decision maker.

Statements, meeting notes, adjustments and the report are case material: stored encrypted
(core.crypto) and shown only to the people in a disciplinary role on the case."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.crypto import EncryptedTextField
from core.tenancy.scoping import TenantModel

from .case import Case, EvidenceDocument, Party


class Interviewee(models.TextChoices):
    """Whom a meeting or a statement is with."""

    REPORTING_PARTY = "reporting_party", "Reporting party"
    WITNESS = "witness", "Witness"
    RESPONDENT = "respondent", "Reported student"


class InvestigationMeeting(TenantModel):
    """One meeting of the investigation. The respondent is told of their right to be
    accompanied (§42); a companion observes silently, unless representation is permitted in
    exceptional circumstances, such as a reasonable adjustment (§11, §28, §42, §56-57)."""

    class Status(models.TextChoices):
        HELD = "held", "Held"
        NOT_ATTENDED = "not_attended", "Did not attend"
        DECLINED = "declined", "Declined to meet"

    class Companion(models.TextChoices):
        NONE = "none", "Nobody"
        FRIEND = "friend", "A friend"
        STUDENTS_UNION = "students_union", "A Students' Union adviser or representative"
        CASEWORKER = "caseworker", "Their support caseworker"
        OTHER = "other", "Someone else"

    class CompanionRole(models.TextChoices):
        SILENT_OBSERVER = "silent_observer", "Silent observer"
        REPRESENTATIVE = "representative", "Permitted to speak or represent (exceptional)"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="meetings")
    interviewee = models.CharField(max_length=20, choices=Interviewee.choices)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", help_text="The reporting party or witness.")
    person_name = models.CharField(
        max_length=200, blank=True, help_text="A witness who is not on the case's list of "
        "parties.")
    held_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.HELD)
    attendees = models.TextField(blank=True, help_text="Who attended, one per line.")
    told_of_right_to_be_accompanied = models.BooleanField(
        default=False, help_text="The student was told beforehand of their right to be "
        "accompanied (§42).")
    companion = models.CharField(max_length=20, choices=Companion.choices,
                                 default=Companion.NONE)
    companion_name = models.CharField(max_length=200, blank=True)
    companion_role = models.CharField(max_length=20, choices=CompanionRole.choices,
                                      blank=True)
    representation_reason = models.TextField(
        blank=True, help_text="Why the companion was permitted to speak (§28, §42).")
    adjustments = EncryptedTextField(
        blank=True, help_text="Reasonable adjustments asked for and made (§11, §56-57).")
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Meeting with {self.person} on {self.held_on:%d %b %Y}"

    @property
    def person(self) -> str:
        if self.interviewee == Interviewee.RESPONDENT:
            return self.case.respondent.full_name
        if self.party_id:
            return self.party.name  # type: ignore[union-attr]
        return self.person_name


class Statement(TenantModel):
    """A statement taken by the investigator. It is not relied on until the person has agreed
    it is a true account (004: witnesses are recorded "if they agree to be involved")."""

    class Agreement(models.TextChoices):
        PENDING = "pending", "Awaiting the person's agreement"
        AGREED = "agreed", "Agreed by the person"
        DECLINED = "declined", "Declined: not to be used"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="statements")
    meeting = models.ForeignKey(InvestigationMeeting, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="statements")
    given_by = models.CharField(max_length=20, choices=Interviewee.choices)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    person_name = models.CharField(max_length=200, blank=True)
    taken_on = models.DateField()
    text = EncryptedTextField()
    agreement = models.CharField(max_length=10, choices=Agreement.choices,
                                 default=Agreement.PENDING)
    agreement_on = models.DateField(null=True, blank=True)
    agreement_how = models.CharField(
        max_length=300, blank=True, help_text="How the person agreed or declined (signed, by "
        "email ...).")
    agreement_recorded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                              on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        return f"Statement of {self.person} ({self.taken_on:%d %b %Y})"

    @property
    def person(self) -> str:
        if self.given_by == Interviewee.RESPONDENT:
            return self.case.respondent.full_name
        if self.party_id:
            return self.party.name  # type: ignore[union-attr]
        return self.person_name

    @property
    def usable(self) -> bool:
        return self.agreement == self.Agreement.AGREED


class EvidenceRequest(TenantModel):
    """A request for evidence (§43: documents and other evidence), and its answer."""

    class Status(models.TextChoices):
        OPEN = "open", "Awaiting a reply"
        RECEIVED = "received", "Received"
        REFUSED = "refused", "Refused"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence_requests")
    what = models.CharField(max_length=300)
    from_whom = models.CharField(max_length=200)
    requested_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answered_on = models.DateField(null=True, blank=True)
    answer_note = models.TextField(blank=True)
    document = models.ForeignKey(EvidenceDocument, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT,
                                     related_name="+")
    answer_recorded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")

    class Meta:
        base_manager_name = "objects"
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return f"{self.what} from {self.from_whom}"


class InvestigatorReport(TenantModel):
    """The findings of the investigation, submitted to the decision maker (§39: they decide on
    their consideration of them). Submitted reports never change: a revision is a new version
    that supersedes the last."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="investigator_reports")
    version = models.PositiveIntegerField()
    summary = EncryptedTextField()
    findings = EncryptedTextField()
    statements = models.ManyToManyField(Statement, blank=True, related_name="+",
                                        help_text="The agreed statements the report relies on.")
    submitted_on = models.DateField()
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    submitted_to = models.ForeignKey("accounts.User", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    revision_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="uniq_investigator_report")
        ]

    def __str__(self) -> str:
        return f"Investigator's report v{self.version} ({self.case})"
