"""Settings shared by every environment. Everything that differs per deployment is read from the
environment (12-factor): DATABASE_URL, REDIS_URL, SECRET_KEY, AUDIT_HMAC_KEY, ..."""

import base64
import datetime as dt
import hashlib
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)  # SQLite file, filesystem broker, media in development

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",  # lockout of staff sign-ins by account (accounts/lockout.py, issue 14)
    "django_htmx",
    "core",
    "outbox",
    "institutions",
    "accounts",
    "audit",
    "letters",
    "governance",
    "training",
    "cases",
    "precautionary",
    "safecontacts",
    "reporting",
    "subjectaccess",
    "retention",
    "insights",
    "sso",
    # Second factor (issue 14 item 2): TOTP apps and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Passkeys (WebAuthn) as a django-otp device, its ceremony endpoints and its static JS.
    "django_otp_webauthn",
    "twofactor",
]

MIDDLEWARE = [
    # Cache-Control: no-store on everything the application answers, its JSON errors included
    # (core/headers.py, issue 14); it never answers itself.
    "core.headers.NoStoreMiddleware",
    "core.api_errors.APIJSONErrorsMiddleware",  # outermost answering one: every /api/ error is JSON
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (CONTENT_SECURITY_POLICY below), issue 14.
    "csp.middleware.CSPMiddleware",
    # Oversized public uploads are refused before their body is read.
    "reporting.public.body_limit.PublicBodyLimitMiddleware",
    # Django's, without a write on every request (core/sessions.py).
    "core.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # PostgreSQL row-level security: the signed-in user's own memberships are visible to the
    # rest of the request (core/rls/); the institution's rows once its URL names it.
    "core.rls.RequestUserMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "institutions.middleware.InstitutionMiddleware",
    # Staff pages and the admin need a verified second factor after a local login.
    "twofactor.middleware.SecondFactorMiddleware",
    # Turns a locked-out sign-in into the login page's lockout message (accounts/lockout.py).
    "axes.middleware.AxesMiddleware",
    # Last, so it wraps only the view: a deadlock / serialisation failure is run again or
    # answered 503, never 500 (core/middleware.py).
    "core.middleware.ConflictRetryMiddleware",
]

# Who administers which institutions in the Django admin (None: a superuser, every one): an
# admin of one works for it alone under row-level security, as on its staff pages; only a
# superuser or an admin of several goes through the audited cross-institution path
# (core.middleware._admin_transaction, issue 15).
RLS_ADMIN_INSTITUTIONS = "web.admin.administered_institution_ids"
CONFLICT_RETRY_ATTEMPTS = 4  # tries in all, with jittered backoff (core/retry.py)

# models.W040: SQLite keeps an index without its INCLUDE columns (cases.Case's queue indexes
# carry the deadline filters' columns for PostgreSQL's index-only counts; on SQLite the index
# works as a plain one).
# axes.W006 (no IP address in AXES_LOCKOUT_PARAMETERS): deliberate (issue 14), the lockout is
# keyed on the account alone and no address is kept; the user agent is blanked, so rotating it
# bypasses nothing (accounts/lockout.py).
SILENCED_SYSTEM_CHECKS = ["models.W040", "axes.W006"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "institutions.context_processors.institution",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening one costs more than all the queries of a staff page (issue 9
# §2). Each web or worker process keeps one, checked before reuse; DATABASE_URL's
# ?conn_max_age= or DB_CONN_MAX_AGE (seconds, 0 = a connection per request) change it.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the worker share one SQLite file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in of a locked account before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Refuses a right password for members whose institutions sign in only by SSO (issue 14).
    "sso.backends.LocalPasswordPolicyBackend",
    "accounts.backends.AccountBackend",  # Django's ModelBackend, a cheaper read per request
    "guardian.backends.ObjectPermissionBackend",
]
#: The backends of single sign-on (issue 14 §1): a session whose BACKEND_SESSION_KEY is one of
#: these was signed in by the institution's identity provider.
SSO_AUTHENTICATION_BACKENDS = [
    "sso.oidc.InstitutionOIDCBackend",
    "sso.saml.InstitutionSAMLBackend",
]
AUTHENTICATION_BACKENDS += SSO_AUTHENTICATION_BACKENDS
# A session signed in by single sign-on needs no second factor here: the institution's identity
# provider does MFA (twofactor/).
# Two-factor (twofactor/): wrong codes are throttled (after the n-th wrong code in a row a device
# accepts nothing for 2**(n-1) seconds); the issuer names the account in the app.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_TOTP_ISSUER = "Standing Together"
#: The published demo secret every demo staff user's authenticator is seeded with (hex), and
#: whether the verify page shows its current code: only config.settings.local turns that on.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_SHOW_TOTP_CODE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account_home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "media/"

# Sessions: staff sessions end when the browser closes and after two idle hours.
SESSION_COOKIE_HTTPONLY = True
# Public visitors' session rows keep only the day; a session's row is rewritten to slide its
# expiry at most every SESSION_REFRESH_INTERVAL, not on every request (core/sessions.py), so a
# staff session ends between 1 h 55 and 2 h after its last request.
SESSION_ENGINE = "core.sessions"
SESSION_COOKIE_AGE = 2 * 60 * 60
SESSION_REFRESH_INTERVAL = dt.timedelta(minutes=5)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False  # core.sessions.SessionMiddleware refreshes instead
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.api_errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# same-origin, not no-referrer: other sites learn nothing, and browsers still send an Origin
# header that CSRF checks accept (no-referrer makes Chromium send "Origin: null").
SECURE_REFERRER_POLICY = "same-origin"

# Sign-in lockout (django-axes, issue 14): keyed on the account only. After
# AXES_FAILURE_LIMIT wrong passwords an account (or any address typed, so the lockout says
# nothing about whether an account exists) is locked for AXES_COOLOFF_TIME. No IP address,
# user agent or Accept header is kept (accounts/lockout.py), and no log of successful sign-ins.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
# Wrong passwords during a lockout do not extend it: the lock ends 30 minutes after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.no_client_address"
AXES_HANDLER = "accounts.lockout.AccountLockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_COOLOFF_MESSAGE = (
    "Too many wrong passwords for this account: signing in to it is paused for 30 minutes. "
    "Try again later, or ask your institution's administrator to unlock it.")

# API tokens (accounts.ApiToken): how long a new one lasts unless asked, and at most.
API_TOKEN_DEFAULT_DAYS = 30
API_TOKEN_MAX_DAYS = 90

# Content-Security-Policy (django-csp 4, issue 14): no inline script or style anywhere
# (tests/core/test_templates_csp.py keeps the templates clean). The API docs page alone gets a
# relaxed policy for Swagger UI's own styles (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Guardian: no anonymous user row; permissions are always per real user.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer must not hang requests: core.ratelimit then counts
            # in the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery. Without Redis the broker is kombu's filesystem transport under var/celery: a real
# worker and beat run the same task code with no service to install.
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {}
    if REDIS_URL
    else {
        "data_folder_in": str(VAR_DIR / "celery" / "queue"),
        "data_folder_out": str(VAR_DIR / "celery" / "queue"),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
)
for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
    if isinstance(_folder, str):
        Path(_folder).mkdir(parents=True, exist_ok=True)  # the broker needs them to exist
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "deadlines-daily": {
        "task": "institutions.tasks.deadlines_daily_task",
        "schedule": crontab(hour=6, minute=0),
    },
    "report-drafts-cleanup": {
        "task": "reporting.tasks.drafts_cleanup_task",
        "schedule": crontab(minute=30),
    },
    "public-housekeeping-daily": {  # clearsessions + spent rate-limit counters
        "task": "reporting.tasks.public_housekeeping_task",
        "schedule": crontab(hour=3, minute=10),
    },
    "cases-daily": {
        "task": "cases.tasks.cases_daily_task",
        "schedule": crontab(hour=6, minute=15),
    },
    "precautionary-daily": {  # measures past their end date expire
        "task": "precautionary.tasks.precautionary_daily_task",
        "schedule": crontab(hour=6, minute=20),
    },
    "training-expiry-reminders": {  # staff qualifications expiring in 60 / 14 days
        "task": "training.tasks.expiry_reminders_daily_task",
        "schedule": crontab(hour=6, minute=25),
    },
    "training-imports-housekeeping": {  # unconfirmed previews discarded, lost imports resumed
        "task": "training.tasks.training_imports_housekeeping_task",
        "schedule": crontab(minute="*/5"),
    },
    "retention-daily": {  # remind, seal and delete by each institution's schedule (retention/)
        "task": "retention.tasks.retention_daily_task",
        "schedule": crontab(hour=2, minute=30),
    },
    "insights-daily": {  # a draft insight report for each term and year that just ended
        "task": "insights.tasks.insights_daily_task",
        "schedule": crontab(hour=6, minute=35),
    },
    # Emails and letter PDFs written to the outbox (outbox/services.py); after each commit the
    # relay is also nudged at once, so this run only catches what a nudge missed or a retry.
    "outbox-relay": {
        "task": "outbox.tasks.outbox_relay_task",
        "schedule": 60.0,
    },
    "audit-access-seal": {  # seal new reads into chained checkpoints (audit/access.py)
        "task": "audit.tasks.access_seal_task",
        "schedule": crontab(minute="*/5"),
    },
    # Audit (issue 7): seal the previous days' anonymous events, then sign checkpoints.
    "audit-seal-anonymous": {
        "task": "audit.tasks.audit_seal_anonymous_task",
        "schedule": crontab(hour=0, minute=15),
    },
    "audit-checkpoint": {
        "task": "audit.tasks.audit_checkpoint_task",
        "schedule": crontab(hour=0, minute=45),
    },
}

# Encryption at rest (core/crypto.py): comma-separated Fernet keys, newest first.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS:
    from core.crypto import derive_key

    FIELD_ENCRYPTION_KEYS = [derive_key(SECRET_KEY)]

# Report + Support: receipts and draft tokens are stored only as HMACs under this key, and
# people named in reports are matched by keyed hashes under the second. Keep both out of the
# database and its backups.
RECEIPT_HMAC_KEY = env("RECEIPT_HMAC_KEY", default="receipt:" + SECRET_KEY)
MATCH_HMAC_KEY = env("MATCH_HMAC_KEY", default="match:" + SECRET_KEY)
# Letters emailed as secure links (letters.services.links): the site's address for the link,
# and how many days a link works (a new one can be sent at any time).
SITE_URL = env("SITE_URL", default="http://localhost:8000").rstrip("/")
# Passkeys (WebAuthn, twofactor/passkeys.py): a second factor only, never a passwordless login.
# The relying party ID is a domain (browsers refuse IP addresses): by default SITE_URL's host,
# "localhost" for `make run` (open http://localhost:8000 to use a passkey there). The allowed
# origins are SITE_URL's and https:// on every ALLOWED_HOSTS name within the RP ID; more with
# WEBAUTHN_ALLOWED_ORIGINS.
WEBAUTHN_RP_ID = env("WEBAUTHN_RP_ID", default="") or (
    SITE_URL.split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[0])
OTP_WEBAUTHN_RP_ID = WEBAUTHN_RP_ID
OTP_WEBAUTHN_RP_NAME = "Standing Together"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "twofactor.passkeys.PasskeyHelper"
OTP_WEBAUTHN_ALLOWED_ORIGINS = list(dict.fromkeys([
    SITE_URL,
    *(f"https://{host}" for host in ALLOWED_HOSTS
      if host == WEBAUTHN_RP_ID or host.endswith(f".{WEBAUTHN_RP_ID}")),
    *env.list("WEBAUTHN_ALLOWED_ORIGINS", default=[]),
]))
LETTER_LINK_DAYS = env.int("LETTER_LINK_DAYS", default=14)
REPORT_RECEIPT_FAILURES_PER_SESSION = 5  # per 15 minutes
REPORT_RECEIPT_FAILURES_PER_INSTITUTION = 200  # per hour, across everyone
REPORT_SUBMISSIONS_PER_SESSION = 5  # per hour
REPORT_MAX_FILES = 5
REPORT_API_SUBMISSIONS_PER_INSTITUTION = 60  # per hour: the public API has no session
# Floods (issue 7 §3; core/work.py): the institution-wide limits count only requests without
# proof of work; work costs about 2**PUBLIC_WORK_BITS hashes (a second or two in a browser).
PUBLIC_WORK_BITS = env.int("PUBLIC_WORK_BITS", default=16)
REPORT_SUBMISSIONS_WITHOUT_WORK_PER_INSTITUTION = 20  # per hour, web form without work
# Files reporters may give one institution in a day (kept + waiting in unfinished forms).
REPORT_EVIDENCE_BYTES_PER_DAY = env.int("REPORT_EVIDENCE_BYTES_PER_DAY",
                                        default=1024 * 1024 * 1024)

#: Files stored encrypted (core/crypto.py), re-encrypted by `manage.py rotate_encryption`.
ENCRYPTED_FILE_FIELDS = [
    "cases.EvidenceDocument.file",
    "letters.Letter.pdf",
    "reporting.ReportEvidence.file",
    "reporting.ReportDraftFile.file",
]

# Audit trail: each event's HMAC is chained to the previous event of its institution.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default=SECRET_KEY)
# Signed checkpoints of every chain head (audit/checkpoints.py), written daily to a folder that
# should live outside the database's reach (a separate, write-once volume) and mailed to each
# institution's admins. Ed25519 keys, base64 of 32 raw bytes (`manage.py audit_checkpoint
# --new-key`); the public key is derived from the signing key unless given (a verifier needs
# only the public key).
AUDIT_CHECKPOINT_DIR = env("AUDIT_CHECKPOINT_DIR", default=str(VAR_DIR / "audit-checkpoints"))
AUDIT_CHECKPOINT_SIGNING_KEY = env("AUDIT_CHECKPOINT_SIGNING_KEY", default="") or (
    base64.b64encode(hashlib.sha256(b"audit-checkpoint:" + SECRET_KEY.encode()).digest())
    .decode())  # development only: production sets its own
AUDIT_CHECKPOINT_PUBLIC_KEY = env("AUDIT_CHECKPOINT_PUBLIC_KEY", default="")
AUDIT_CHECKPOINT_EMAIL = env.bool("AUDIT_CHECKPOINT_EMAIL", default=True)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@standing-together.example")

REST_FRAMEWORK = {
    # Token first: DRF takes the WWW-Authenticate challenge from the first class, and only
    # with one does it answer an unauthenticated call 401 (not 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",  # expiring, revocable (issue 14)
        # Django's session authentication, refusing a session without its second factor.
        "twofactor.api.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "web.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Standing Together API",
    "DESCRIPTION": (
        "Case management for reports of harassment and misconduct and the student "
        "disciplinary procedure. Every path carries the institution slug."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from the sidecar package, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1: a nullable object is oneOf [object, null]; 3.0's allOf + nullable is read by
    # validators as "never null", so real responses failed their own schema.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "web.api.error_responses_hook",
    ],
    "ENUM_NAME_OVERRIDES": {
        "SupportActionKindEnum": "reporting.models.SupportAction.Kind",
        "InvolvedPersonRoleEnum": "reporting.models.InvolvedPerson.Role",
        "AppointmentStatusEnum": "reporting.models.Appointment.Status",
        "DeadlineStatusEnum": "institutions.models.Deadline.Status",
        # a case's deadline status in the queue: not a Deadline's own status (same field name)
        "CaseDeadlineStatusEnum": "cases.selectors.DeadlineStatus.CHOICES",
        "DeadlineKindEnum": "institutions.models.Deadline.Kind",
        # precautionary measures (precautionary/api/): their own stages, results and kinds
        "MatterStageEnum": "precautionary.models.Matter.Stage",
        "MatterAppealResultEnum": "precautionary.models.Appeal.Result",
        "MatterReviewResultEnum": "precautionary.models.Review.Result",
        "MatterReviewKindEnum": "precautionary.models.Review.Kind",
        "MatterBreachKindEnum": "precautionary.models.Breach.Kind",
        "RiskLevelEnum": "precautionary.models.RiskLevel",
        "RepresentationsSkipEnum": "precautionary.models.Decision.Skip",
        # training (training/api/)
        "LearnerKindEnum": "training.models.Learner.Kind",
        "ModuleAudienceEnum": "training.models.Module.Audience",
        "ModuleDeliveryEnum": "training.models.Module.Delivery",
        "ModulePurposeEnum": "training.models.Module.Purpose",
        "CompletionSourceEnum": "training.models.Completion.Source",
        "ImportStatusEnum": "training.models.ImportRun.Status",
        "ImportFormatEnum": "training.models.ImportRun.Format",
        "ImportDateFormatEnum": "training.models.DateFormat",
        "ImportModuleMatchEnum": "training.models.ModuleMatch",
        # governance (governance/api/)
        "DeclarationKindEnum": "governance.models.RelationshipDeclaration.Kind",
        "DeclarationNatureEnum": "governance.models.RelationshipDeclaration.Nature",
        "DeclarationAuthorityEnum": "governance.models.RelationshipDeclaration.Authority",
        "DeclarationStatusEnum": "governance.models.RelationshipDeclaration.Status",
        "DeclarationOutcomeEnum": "governance.models.RelationshipDeclaration.Outcome",
        "RiskAssessmentContextEnum": "governance.models.RiskAssessment.Context",
        "RiskAssessmentStatusEnum": "governance.models.RiskAssessment.Status",
        "PolicyDocumentStatusEnum": "governance.models.PolicyDocument.Status",
        "ActionPlanStatusEnum": "governance.models.ActionPlan.Status",
        "ActionItemStatusEnum": "governance.models.ActionItem.Status",
        # subject access (subjectaccess/api.py)
        "SubjectAccessRequestStatusEnum": "subjectaccess.models.SubjectAccessRequest.Status",
        "SubjectAccessMatchKindEnum": "subjectaccess.models.SubjectAccessMatch.Kind",
        "SubjectAccessExportStatusEnum": "subjectaccess.models.SubjectAccessExport.Status",
        "BoardBundleDocumentStatusEnum": "subjectaccess.models.BundleDocument.Status",
        "BoardBundleDocumentSourceEnum": "subjectaccess.models.BundleDocument.Source",
        # Issue 14: the remaining enum name collisions (`manage.py spectacular --validate
        # --fail-on-warn`, run by `make lint`). The choice lists as the schema has them.
        "MessageChannelEnum": "reporting.models.ReportMessage.Channel",
        "LetterDeliveryChannelEnum": "letters.models.LetterDelivery.Channel",
        "IntervieweeEnum": "cases.models.investigation.Interviewee",
        "CasePartyKindEnum": "cases.models.case.Party.Kind",
        "CaseOutcomeKindEnum": "cases.models.outcomes.Outcome.Kind",
        "CaseOutcomeResultEnum": "cases.models.outcomes.Outcome.Result",
        "CommitmentSessionKindEnum": "safecontacts.models.commitments.Session.Kind",
        "InsightReportKindEnum": "insights.models.reports.InsightReport.Kind",
        "InsightReportStatusEnum": "insights.models.reports.InsightReport.Status",
        "InvestigationMeetingStatusEnum": "cases.models.investigation.InvestigationMeeting.Status",
        "MemberRoleEnum": "accounts.roles.role_choices",
        "CaseRoleEnum": "cases.models.choices.CaseRole",
        "SafeContactStageEnum": "safecontacts.models.safecontact.SafeContact.Stage",
        "CaseStageEnum": "cases.models.choices.Stage",
    },
}

# Where the quick-exit button sends people unless an institution chooses another neutral site.
QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The request logger prints paths and remote addresses; keep it at WARNING.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint reports each rendering step at INFO.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

FORM_RENDERER = "core.forms.AccessibleFormRenderer"

# Uploaded evidence: the most one file may be.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Virus scanning of every upload with ClamAV's daemon (core/clamav.py, issue 14 item 7): a Unix
# socket path, or a host and port. All empty: no scanning. When set, a file clamd cannot check
# is refused (fail closed); clamd's StreamMaxLength must be above EVIDENCE_MAX_BYTES.
CLAMAV_SOCKET = env.str("CLAMAV_SOCKET", default="")
CLAMAV_HOST = env.str("CLAMAV_HOST", default="")
CLAMAV_PORT = env.int("CLAMAV_PORT", default=3310)
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=30.0)
# A learning platform's export (CSV or XLSX) for training imports: the most one file may be.
TRAINING_IMPORT_MAX_BYTES = env.int("TRAINING_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)

# What `manage.py seed_demo` runs, in order; each app adds its own demo records.
# What a member's My work gathers (accounts/workspace.py): one source per app holding work.
MY_WORK_SOURCES = [
    "cases.workspace.case_work",
    "cases.workspace.informal_review_work",
    "reporting.workspace.report_work",
    "precautionary.workspace.matter_work",
]

DEMO_SEEDERS = [
    "institutions.demo.seed_demo",
    "accounts.demo.seed_demo_api_tokens",  # issue 14: listed API tokens, one revoked
    "training.demo.seed_demo_training",
    "precautionary.demo.seed_demo_precautionary",
    "cases.demo.seed_demo_cases",
    "cases.demo_delivery.seed_demo_letter_delivery",
    "reporting.demo.seed_demo_reports",
    "training.demo.seed_demo_optout",  # after the reports: it adds a named disclosure
    "cases.demo.seed_demo_precautionary_matters",
    "safecontacts.demo.seed_demo_safe_contacts",
    "governance.demo.seed_demo_governance",  # after the cases: a declaration names a party
    "subjectaccess.demo.seed_demo_subject_access",  # after the reports and cases it finds
    "institutions.demo.sweep_deadlines_today",
    "insights.demo.seed_demo_insights",
    "sso.demo.seed_demo_sso",
    "twofactor.demo.seed_demo_second_factors",
    "retention.demo.seed_demo_retention",  # after insights: its reports are recent ones
]
