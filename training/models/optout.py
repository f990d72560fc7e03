"""Personal opt-out links (004): how a student reaches the private page on which they may opt out
of the consent / bystander module.

Only an HMAC of the link's token is kept (``token_hmac``, under ``settings.RECEIPT_HMAC_KEY``, as
Report + Support keeps its receipts), so a copy of the database cannot open anyone's page. A link
works once and until ``expires_on``. Nothing here, or anywhere, records why a student opted out,
nor whether they then asked for support: the opt-out is a completion "met by exemption"
(``Completion.Source.EXEMPTION``) and a support request is a named disclosure in Report + Support
that points back to nothing here.
"""

from __future__ import annotations

from django.db import models

from core.tenancy.scoping import TenantModel

from .course import Campaign, Module
from .people import Learner


class OptOutLink(TenantModel):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="opt_out_links")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    #: The campaign the link was issued for: it expires some days after its deadline.
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    token_hmac = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    #: The last day the link works.
    expires_on = models.DateField()
    #: The day it was used (the day of the opt-out); a used link opens nothing again.
    used_on = models.DateField(null=True, blank=True)

    class Meta:
        base_manager_name = "objects"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One open link per student and module: issuing again replaces it.
            models.UniqueConstraint(fields=["learner", "module"],
                                    condition=models.Q(used_on__isnull=True),
                                    name="uniq_open_opt_out_link"),
        ]
        indexes = [models.Index(fields=["institution", "module", "used_on"],
                                name="opt_out_link_module")]

    def __str__(self) -> str:
        return f"Opt-out link for {self.module} ({'used' if self.used_on else 'open'})"
