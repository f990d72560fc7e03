"""Per-record keys and sealing (issue 14 item 5: deletion by crypto-shredding).

A record the schedule will delete is *sealed* once it has ended: a fresh Fernet key is made
for it (:class:`~retention.models.RecordKey`, stored under the global keys), and every
encrypted field of the record and of the rows that belong to it (its messages, notes, people,
support actions, evidence, letters), and every encrypted file among them, is re-encrypted
under that key. Deleting the key (:func:`record_key_shred`) then makes every copy unreadable:
the database's rows, the files, and the backups taken after sealing (a backup older than the
seal still holds the data under the global keys, so it must expire by the schedule's
deadline; the key table must be backed up apart from the data, with a short retention).

A sealed field edited afterwards is saved under the global keys again; the next run of the
schedule seals it again.
"""

from __future__ import annotations

import uuid

from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models

from core.crypto import (
    EncryptedTextField,
    SealedText,
    decrypt_bytes,
    encrypt_for_record,
    record_key_id,
)

from .models import RecordKey

_CACHE: dict[str, bytes] = {}


def resolve_record_key(key_id: str) -> bytes | None:
    """The raw key of ``key_id`` (for ``core.crypto``), or None once it is shredded."""
    if key_id in _CACHE:
        return _CACHE[key_id]
    row = (RecordKey.objects.across_institutions(reason="a sealed token names its key")
           .filter(key_id=key_id).values_list("key", flat=True).first())
    if row is None:
        return None
    _CACHE[key_id] = row.encode()
    return _CACHE[key_id]


def subject_of(obj: models.Model) -> tuple[str, str]:
    """How the audit trail names ``obj`` (``audit.services._object_identity``)."""
    return obj._meta.label_lower, str(obj.pk)


def record_key_for(obj: models.Model) -> RecordKey:
    subject_type, subject_id = subject_of(obj)
    key, _created = RecordKey.objects.for_institution(obj.institution_id).get_or_create(
        institution_id=obj.institution_id, subject_type=subject_type, subject_id=subject_id,
        defaults={"key_id": uuid.uuid4().hex, "key": Fernet.generate_key().decode()})
    return key


def record_key_shred(obj: models.Model) -> bool:
    """Destroy the record's key: what was sealed under it can no longer be read anywhere."""
    subject_type, subject_id = subject_of(obj)
    keys = RecordKey.objects.for_institution(obj.institution_id).filter(
        subject_type=subject_type, subject_id=subject_id)
    for key_id in keys.values_list("key_id", flat=True):
        _CACHE.pop(key_id, None)
    deleted, _ = keys.delete()
    return bool(deleted)


def _encrypted_fields(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def _file_fields(model) -> list[str]:
    label = model._meta.label
    return [path.rsplit(".", 1)[1] for path in settings.ENCRYPTED_FILE_FIELDS
            if path.rsplit(".", 1)[0] == label]


def record_rows(obj: models.Model) -> list[tuple[type[models.Model], models.QuerySet]]:
    """The record and the rows that belong to it (one level of foreign keys pointing at it,
    deleted with it) that hold encrypted text or files."""
    model = type(obj)
    found = [(model, model.objects.for_institution(obj.institution_id).filter(pk=obj.pk))]
    for relation in model._meta.related_objects:
        if not relation.one_to_many or relation.on_delete is not models.CASCADE:
            continue
        related = relation.related_model
        if not (_encrypted_fields(related) or _file_fields(related)):
            continue
        manager = related._default_manager
        if hasattr(manager, "for_institution"):
            manager = manager.for_institution(obj.institution_id)
        found.append((related, manager.filter(**{relation.field.name: obj.pk})))
    return found


def record_seal(obj: models.Model) -> int:
    """Seal ``obj``'s encrypted fields and files under its own key; returns how many values
    were re-encrypted (0 when already sealed: idempotent)."""
    key = record_key_for(obj)
    sealed = 0
    for model, rows in record_rows(obj):
        fields, files = _encrypted_fields(model), _file_fields(model)
        for row in rows.select_for_update(of=("self",)):
            changes = {}
            for name in fields:
                value = getattr(row, name)
                if value and getattr(value, "key_id", "") != key.key_id:
                    changes[name] = SealedText.under(value, key.key_id)
            if changes:
                rows.filter(pk=row.pk).update(**changes)
                sealed += len(changes)
            for name in files:
                sealed += _seal_file(getattr(row, name), key.key_id)
    return sealed


def _seal_file(field_file, key_id: str) -> int:
    if not field_file:
        return 0
    with field_file.open("rb") as handle:
        token = handle.read()
    if record_key_id(token) == key_id:
        return 0
    data = encrypt_for_record(decrypt_bytes(token), key_id)
    name, storage = field_file.name, field_file.storage
    storage.delete(name)
    storage.save(name, ContentFile(data))
    return 1


def record_files(obj: models.Model) -> list[tuple[object, str]]:
    """The record's stored files, as (storage, name)."""
    found = []
    for model, rows in record_rows(obj):
        for name in _file_fields(model):
            for row in rows:
                field_file = getattr(row, name)
                if field_file:
                    found.append((field_file.storage, field_file.name))
    return found


def files_delete(files: list[tuple[object, str]]) -> None:
    """Delete stored files (sealed, so already unreadable once the key is shredded)."""
    for storage, name in files:
        storage.delete(name)  # type: ignore[attr-defined]


def model_of(subject_type: str):
    return apps.get_model(subject_type)
