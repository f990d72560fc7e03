"""Tests. With DATABASE_URL and REDIS_URL set they run on PostgreSQL and Redis; without them, on
SQLite with Celery eager."""

from .base import *  # noqa: F403
from .base import REDIS_URL

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
AUDIT_HMAC_KEY = "test-audit-key"
SECRET_KEY = "test-secret-key"  # noqa: S105
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")  # noqa: F405
AUDIT_CHECKPOINT_EMAIL = False  # tests of checkpoints turn it on
AUDIT_CHECKPOINT_DIR = str(BASE_DIR / "var" / "test-audit-checkpoints")  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A connection per request, as before persistent connections: threads and workers that some
# tests start must not leave connections open to the test database they drop.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# A test database per test process, so two runs on one PostgreSQL server never drop each
# other's database.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    import os

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"  # noqa: F405
    }
    # Transactional tests empty the tables with TRUNCATE, which the audit tables otherwise
    # refuse (audit migration 0004); tests of that refusal turn this off again.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c audit.allow_truncate=on")

# Under pytest-xdist (`make test` runs two workers) each worker gets its own Redis database and
# audit checkpoint folder: a test that empties the cache must not empty another worker's.
_XDIST_WORKER = __import__("os").environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw"):
    _worker_number = int(_XDIST_WORKER[2:])
    if REDIS_URL:
        from urllib.parse import urlsplit, urlunsplit

        # Counted from REDIS_URL's own database, so that two runs given different databases
        # (REDIS_URL=.../0 and .../8) never share one.
        _redis = urlsplit(REDIS_URL)
        _base = int(_redis.path.strip("/") or 0)
        _worker_redis = urlunsplit(_redis._replace(path=f"/{_base + 1 + _worker_number}"))
        CACHES["default"]["LOCATION"] = _worker_redis  # noqa: F405
        CELERY_BROKER_URL = _worker_redis
    AUDIT_CHECKPOINT_DIR = f"{AUDIT_CHECKPOINT_DIR}-{_XDIST_WORKER}"

# No virus scanning unless a test turns it on (tests/upload_samples.py's fake clamd).
CLAMAV_SOCKET = ""
CLAMAV_HOST = ""
