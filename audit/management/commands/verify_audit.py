from django.core.management.base import BaseCommand, CommandError

from audit.access import access_checkpoint_count, access_verify
from audit.checkpoints import checkpoints_load
from audit.models import AuditChainHead
from audit.services import audit_verify
from core.rls import tenant_transaction
from institutions.models import Institution


class Command(BaseCommand):
    help = (
        "Check every institution's audit chain, that it still reaches every signed checkpoint "
        "in AUDIT_CHECKPOINT_DIR, and the sealed checkpoints of its access log; report the "
        "first broken link."
    )

    def add_arguments(self, parser):
        parser.add_argument("--institution", help="Only this institution (slug).")

    def handle(self, *args, **options):
        institutions = Institution.objects.order_by("slug")
        if options["institution"]:
            institutions = institutions.filter(slug=options["institution"])
            if not institutions.exists():
                raise CommandError(f"No institution '{options['institution']}'.")
        broken = False
        for institution in institutions:
            # One institution at a time, in its own transaction: with row-level security
            # (core/rls/) the application's role sees one institution's trail at once.
            with tenant_transaction(institution.pk):
                broken = self._verify(institution) or broken
        if broken:
            raise CommandError("The audit trail has been tampered with.")

    def _verify(self, institution) -> bool:
        broken = False
        link = audit_verify(institution)
        if link is None:
            self.stdout.write(f"{institution.slug}: audit chain intact{_extent(institution)}")
        else:
            broken = True
            self.stderr.write(
                f"{institution.slug}: first broken link at event {link.sequence}: "
                f"{link.reason}"
            )
        seal = access_verify(institution)
        if seal is None:
            sealed = access_checkpoint_count(institution)
            if sealed:
                self.stdout.write(
                    f"{institution.slug}: access log intact ({sealed} checkpoints)")
        else:
            broken = True
            self.stderr.write(
                f"{institution.slug}: first broken access log checkpoint "
                f"{seal.sequence}: {seal.reason}"
            )
        return broken


def _extent(institution) -> str:
    checkpoints = checkpoints_load(institution.pk)
    if not checkpoints:
        return ""
    head = AuditChainHead.objects.for_institution(institution).first()
    latest = checkpoints[-1]
    return (f" ({head.last_sequence if head else 0} events; latest checkpoint "
            f"{latest.taken_on} at event {latest.last_sequence})")
