from django.core.management.base import BaseCommand

from audit.checkpoints import new_key_pair
from audit.tasks import audit_checkpoint_task


class Command(BaseCommand):
    help = (
        "Sign a checkpoint of every institution's audit chain head now (Celery beat does it "
        "daily) into AUDIT_CHECKPOINT_DIR, or with --new-key print a fresh key pair for "
        "AUDIT_CHECKPOINT_SIGNING_KEY / AUDIT_CHECKPOINT_PUBLIC_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-key", action="store_true",
                            help="Print a new Ed25519 key pair and do nothing else.")

    def handle(self, *args, new_key, **options):
        if new_key:
            signing, public = new_key_pair()
            self.stdout.write(f"AUDIT_CHECKPOINT_SIGNING_KEY={signing}\n"
                              f"AUDIT_CHECKPOINT_PUBLIC_KEY={public}")
            return
        taken = audit_checkpoint_task()
        self.stdout.write(f"Signed {taken} audit checkpoint(s).")
