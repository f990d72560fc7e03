"""Letters: per-institution templates of each registered kind, issued letters, which never change
(a correction is a new version), and the record of how each was sent."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from core.tenancy.scoping import TenantModel

from .registry import kind_choices, kind_of


class LetterTemplate(TenantModel):
    kind = models.CharField(max_length=60, choices=kind_choices)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Django template language; see the preview for fields.")
    updated_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind"], name="uniq_letter_template")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Letter(TenantModel):
    """One letter to one recipient about one subject (``about``: a case, a measure ...)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Being generated"
        ISSUED = "issued", "Issued"
        FAILED = "failed", "Generation failed"

    about_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    about_id = models.PositiveBigIntegerField()
    #: The same subject for the cases app's own queries (``case.letters``); empty for letters
    #: about anything else. Set from the kind's ``link``.
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="letters")
    kind = models.CharField(max_length=60, choices=kind_choices)
    version = models.PositiveIntegerField(default=1)
    recipient_key = models.CharField(
        max_length=40, help_text="'respondent' or 'party-<id>': one letter per recipient.")
    recipient = models.JSONField(help_text="{'name', 'role', 'email', 'address'} as sent.")
    context = models.JSONField(help_text="The facts the letter states, frozen at issue.")
    subject = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    pdf = models.FileField(upload_to="letters/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Empty: issued by the system (e.g. closure when no appeal was lodged).")
    issued_on = models.DateField(default=timezone.localdate)
    issued_at = models.DateTimeField(null=True, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections")
    error = models.TextField(blank=True)
    #: The recipient opened it (downloaded the PDF through their secure link).
    first_opened_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        ordering = ["issued_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["about_type", "about_id", "kind", "recipient_key", "version"],
                name="uniq_letter_version_about")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version} ({self.context.get('reference', '')})"

    @property
    def about(self) -> models.Model:
        """The letter's subject, read within the letter's institution."""
        model = ContentType.objects.get_for_id(self.about_type_id).model_class()
        return model.objects.for_institution(self.institution_id).get(pk=self.about_id)

    @property
    def kind_spec(self):
        return kind_of(self.kind)

    @property
    def handover_waiting(self) -> LetterHandover | None:
        """The handover this letter waits for (through the caseworker), if not recorded yet."""
        try:
            handover = self.handover  # type: ignore[attr-defined]  # reverse one-to-one
        except ObjectDoesNotExist:
            return None
        return handover if handover.delivery_id is None else None

    @property
    def file_name(self) -> str:
        return (f"{self.context.get('reference', 'letter')}-{self.kind}-{self.recipient_key}"
                f"-v{self.version}.pdf")


def about_fields(about: models.Model) -> dict:
    """The filter (and fields) naming ``about`` as a letter's subject."""
    return {"about_type": ContentType.objects.get_for_model(about), "about_id": about.pk}


class LetterDelivery(TenantModel):
    """How and when an issued letter was sent, and to which address: one row per sending (a
    letter posted and also emailed has two)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"
        BY_HAND = "by_hand", "Handed over in person"
        PORTAL = "portal", "Student portal or case system"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    #: The secure link the email carried (emailed automatically or re-sent by staff).
    link = models.ForeignKey("LetterLink", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="deliveries")
    to = models.CharField(max_length=400, help_text="The email or postal address it went to.")
    sent_on = models.DateField()
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        base_manager_name = "objects"
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} on {self.sent_on:%d %b %Y}"


class LetterLink(TenantModel):
    """A secure, expiring link to an issued letter, emailed to its recipient instead of the
    letter itself. Only a keyed hash (HMAC) of the link's random token is kept; a new link
    replaces the open ones (``replaced_at``). It also opens the recipient's other letters on
    the same subject (their letters page)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_to = models.CharField(max_length=400)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   help_text="Empty: sent automatically when issued.")
    replaced_at = models.DateTimeField(null=True, blank=True)
    first_used_at = models.DateTimeField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)

    class Meta:
        base_manager_name = "objects"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Link to letter {self.letter_id} until {self.expires_at:%d %b %Y}"

    @property
    def is_expired(self) -> bool:
        return self.replaced_at is not None or self.expires_at <= timezone.now()


class LetterHandover(TenantModel):
    """A letter the recipient agreed to receive through their support caseworker: a task for
    ``handler`` (the caseworker, or the staff on the case) until they record the handover."""

    letter = models.OneToOneField(Letter, on_delete=models.CASCADE, related_name="handover")
    handler = models.ForeignKey("accounts.User", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    delivery = models.OneToOneField(LetterDelivery, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="handover")

    class Meta:
        base_manager_name = "objects"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["institution", "handler"],
                                condition=models.Q(delivery__isnull=True),
                                name="letter_handover_waiting")]

    def __str__(self) -> str:
        return f"Handover of letter {self.letter_id}"
