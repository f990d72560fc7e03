"""`manage.py generate_keys` prints a fresh value for every secret production requires."""

import re
from io import StringIO
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command


def generated() -> dict[str, str]:
    out = StringIO()
    call_command("generate_keys", stdout=out)
    return dict(line.split("=", 1) for line in out.getvalue().splitlines())


def test_every_required_secret_is_generated_fresh_and_usable():
    first, second = generated(), generated()
    production = (Path(settings.BASE_DIR) / "config/settings/production.py").read_text()
    required = set(re.findall(r'env(?:\.list)?\("([A-Z_]+)"\)', production)) - {"ALLOWED_HOSTS"}
    assert required <= set(first)
    assert all(first[key] != second[key] for key in first)
    Fernet(first["FIELD_ENCRYPTION_KEYS"].encode())  # a valid Fernet key
    assert all(len(value) >= 32 for value in first.values())


def test_the_example_env_names_every_generated_key():
    example = (Path(settings.BASE_DIR) / ".env.example").read_text()
    names = set(re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE))
    assert set(generated()) <= names
