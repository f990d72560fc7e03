"""Production: PostgreSQL and Redis are required; secrets must come from the environment."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY")
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS")
RECEIPT_HMAC_KEY = env("RECEIPT_HMAC_KEY")
MATCH_HMAC_KEY = env("MATCH_HMAC_KEY")
# Only the worker signs audit checkpoints; verify_audit needs only AUDIT_CHECKPOINT_PUBLIC_KEY.
AUDIT_CHECKPOINT_SIGNING_KEY = env("AUDIT_CHECKPOINT_SIGNING_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
# Issue 14: every subdomain, and eligible for browsers' preload lists. A site that is one host
# of a university domain whose other hosts cannot all do HTTPS turns these off in its env.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
# EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.ac.uk:587
vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
# WhiteNoise serves the collected static files (CSS, the quick-exit script) from gunicorn,
# compressed and with far-future caching for the hashed names; no separate web server needed.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                  "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
