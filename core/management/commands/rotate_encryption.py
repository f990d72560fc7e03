"""Re-encrypt everything encrypted at rest with the first key of FIELD_ENCRYPTION_KEYS.

Rotation: put a new key first in FIELD_ENCRYPTION_KEYS (keep the old one after it), deploy,
run this command, then remove the old key. Plaintext never changes, so letters keep their
SHA-256 and stay the letters that were issued.

It reads every institution's rows, so it runs as the tables' owner (as ``migrate`` does): as
the application's role, row-level security would hide them (``core.rls``), and it refuses.
"""

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.crypto import EncryptedTextField, rotate_token
from core.rls import policies_apply_to_connection


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields and files with the newest FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        if policies_apply_to_connection():
            raise CommandError("Row-level security hides other institutions' rows from this "
                               "database role: run rotate_encryption as the tables' owner.")
        fields = rows = files = 0
        for model in apps.get_models():
            encrypted = [f.name for f in model._meta.fields
                         if isinstance(f, EncryptedTextField)]
            if not encrypted:
                continue
            fields += len(encrypted)
            for pk in list(self._all(model).values_list("pk", flat=True)):
                with transaction.atomic():
                    obj = self._all(model).select_for_update().get(pk=pk)
                    # Reading decrypts with any key; saving encrypts with the first.
                    self._all(model).filter(pk=pk).update(
                        **{name: getattr(obj, name) for name in encrypted})
                    rows += 1
        for path in settings.ENCRYPTED_FILE_FIELDS:
            app_model, field = path.rsplit(".", 1)
            model = apps.get_model(app_model)
            for obj in self._all(model).exclude(**{field: ""}).iterator(chunk_size=200):
                field_file = getattr(obj, field)
                with field_file.open("rb") as handle:
                    token = handle.read()
                rotated = rotate_token(token)
                if rotated != token:
                    name = field_file.name
                    storage = field_file.storage
                    storage.delete(name)
                    storage.save(name, ContentFile(rotated))
                    files += 1
        self.stdout.write(f"Re-encrypted {rows} rows ({fields} encrypted fields) and "
                          f"{files} files with the newest key.")

    @staticmethod
    def _all(model):
        manager = model._default_manager
        if hasattr(manager, "across_institutions"):
            return manager.across_institutions(reason="key rotation covers every institution")
        return manager.all()
