"""Sangaku settings: one module, driven by environment variables (django-environ).

Defaults run with nothing installed (SQLite, eager Celery, console e-mail).
`DATABASE_URL` / `REDIS_URL` switch to PostgreSQL and Redis; `DJANGO_ENV=production`
turns on the hardened profile that `manage.py check --deploy` accepts.
"""

import warnings
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env.str(
    "SECRET_KEY",
    default="" if PRODUCTION else "dev-insecure-secret-key-change-me-in-production-0123456789",
)
if PRODUCTION and not SECRET_KEY:
    raise environ.ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Our own reverse proxies (addresses or networks, e.g. 127.0.0.1 or 172.30.0.0/24): only from them are the arrival
# stamp (X-Request-Start, by which deadlines are judged) and the client's address (X-Real-IP) believed
# (sangaku.clock). Empty: no proxy is trusted, and the server's own clock and the peer's address are used.
TRUSTED_PROXY_IPS = env.list("TRUSTED_PROXY_IPS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "programs",
    "applications",
    "reviews",
    "conversations",
    "interviews",
    "awards",
    "evaluations",
    "finance",
    "notifications",
    # Idempotency keys of writes that may be retried, cache generations kept in the database (base layer).
    "reliability",
    "reporting",
    "results",
    "letters",
    "health",
]

MIDDLEWARE = [
    # First: the instant the request arrived; deadlines are judged at it (sangaku.clock).
    "sangaku.clock.RequestClockMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below): no inline script anywhere.
    "csp.middleware.CSPMiddleware",
    # Serves collected static files under gunicorn (make serve, docker-compose); runserver serves them itself.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Officers and directors without a verified second factor go to its set-up / verify page (REQUIRE_2FA).
    "accounts.two_factor.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Reads a multipart body first, so an upload over the cap is refused (413) before CSRF or any view.
    "sangaku.uploads.UploadCapMiddleware",
    # Pages: a service refusal no view handled becomes a flash message, never a 500 (sangaku.web_errors).
    "sangaku.web_errors.DomainErrorMiddleware",
    # A view that lost its database connection answers 503 in the user's language, not 500 (sangaku.unavailable).
    "sangaku.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: counts failed sign-ins and answers a locked-out account or address with the lockout page.
    "axes.middleware.AxesMiddleware",
]
# Uploads: the size cap applies while the body streams in (sangaku.uploads), before Django's own handlers.
FILE_UPLOAD_HANDLERS = [
    "sangaku.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Inputs and textareas are written without the template engine, the same markup (sangaku/forms_renderer.py).
FORM_RENDERER = "sangaku.forms_renderer.FastRenderer"
ROOT_URLCONF = "sangaku.urls"
WSGI_APPLICATION = "sangaku.wsgi.application"

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
                "django.template.context_processors.i18n",
                "notifications.context_processors.unread_count",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("TEST", {})
# Persistent connections (docs/operator.md "Database connections"): each gunicorn worker and each Celery pool
# process keeps one PostgreSQL connection for DB_CONN_MAX_AGE seconds instead of opening one per request (a fresh
# backend costs ~19 ms of database CPU and starts with cold caches). Django checks a kept connection before reusing
# it (CONN_HEALTH_CHECKS), so one PostgreSQL closed meanwhile (restart, failover, idle timeout) is replaced at the
# start of the next request, not reported as an error. 0 = one connection per request (the old behaviour, and what
# PgBouncer in transaction mode wants). `?conn_max_age=N` in DATABASE_URL wins. SQLite (the embedded default)
# keeps Django's default.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=300))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in of a locked-out account or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # accounts.views.start: each role's own home
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Before `collectstatic` has run (development, tests) WhiteNoise finds files through the finders.
WHITENOISE_USE_FINDERS = not PRODUCTION
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside any public URL and are served only through permission-checked views: on this
# machine's disk (PRIVATE_MEDIA_ROOT, the embedded default), or with AWS_STORAGE_BUCKET_NAME in a private bucket of
# any S3-compatible store (django-storages), which every web and worker machine shares. Keys come from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's own role when those are unset.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _upload_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),  # a folder (key prefix) inside the bucket
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,  # "path" for many servers
            # No ACL header by default (many stores refuse them): the bucket itself must be private.
            "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            "querystring_auth": True,
            # A download is read into memory up to this size, into a temporary file beyond it.
            "max_memory_size": 2 * 1024 * 1024,
            # A stored file is never replaced: a second file under the same name gets a new name, as on disk.
            "file_overwrite": False,
        },
    }
else:
    _upload_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media"),
            "base_url": None,
        },
    }
STORAGES = {
    "default": _upload_storage,
    # Production: compressed (gzip, and brotli when installed) and cache-busted (a content hash in every name,
    # served by WhiteNoise with a far-future Cache-Control); `collectstatic` builds them (make serve runs it).
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="sangaku@example.jp")
# Where people reach the site: notifications turn their links into full addresses with it.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

REDIS_URL = env.str("REDIS_URL", default="")

# Cache: API throttle counts and computed results (the ranking). Embedded default: this process's memory. With
# REDIS_URL: one Redis that every web process on every machine shares (sangaku.cache: Django's RedisCache that
# clears only its own keys, and an unreachable Redis is a miss, not an error). Sessions and sign-in lockouts
# (django-axes, AXES_HANDLER below) are rows in the database only, never cached: a sign-out made while Redis is
# unreachable cannot come back with it, and any web process answers any signed-in request.
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default="") or REDIS_URL
if CACHE_REDIS_URL:
    CACHE_TIMEOUT_SECONDS = env.float("CACHE_REDIS_TIMEOUT_SECONDS", default=0.5)
    CACHES = {
        "default": {
            "BACKEND": "sangaku.cache.SharedRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="sangaku"),
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT_SECONDS, "socket_timeout": CACHE_TIMEOUT_SECONDS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its `WWW-Authenticate: Token` header makes an anonymous request a 401, not a 403.
        "sangaku.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        # Last: a request nothing authenticated counts against its address (API_THROTTLE_RATES["anon"]).
        "sangaku.api_auth.AddressAllowance",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["sangaku.throttling.UserThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "sangaku.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["sangaku.filters.FilterBackend"],  # integer filters bounded (never a 500)
    "DEFAULT_PAGINATION_CLASS": "sangaku.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sangaku.api_errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sangaku API",
    "DESCRIPTION": "産学連携 grant program management: gap fund and COI-NEXT.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The ways to sign in the schema shows (sangaku.api_auth.AddressAllowance signs nobody in).
    "AUTHENTICATION_WHITELIST": [
        "sangaku.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Swagger UI assets are served from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several resources have a `status` field with their own choices: name each enum.
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "applications.models.Status",
        "AssignmentStatusEnum": "reviews.models.AssignmentStatus",
        "ReviewStatusEnum": "reviews.models.ReviewStatus",
        "AwardStatusEnum": "awards.models.AwardStatus",
        "ProgressReportStatusEnum": "awards.models.ReportStatus",
        "PlatformReportStatusEnum": "reporting.models.ReportBuildStatus",
        "ConflictKindEnum": "reviews.models.ConflictKind",
        "ReportKindEnum": "awards.models.ReportKind",
    },
}

# API throttling (sangaku.throttling): per signed-in user and per anonymous address, "N/second|minute|hour|day".
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
    "user": env.str("API_THROTTLE_USER", default="1200/minute"),
}
# API docs and schema: behind sign-in in production, open in development.
API_DOCS_PUBLIC = env.bool("API_DOCS_PUBLIC", default=not PRODUCTION)

# Sign-in (README "Sign-in, second factor and password reset").
# django-axes: 10 wrong passwords for one account from one address lock that account from that address, and 10 from
# one address lock the address, for AXES_COOLOFF_HOURS after the newest (strangers elsewhere never lock a person out
# of their own address). A reset password (accounts.views) or an operator (`manage.py axes_reset_username NAME`,
# `axes_reset_ip ADDR`) unlocks at once.
AXES_ENABLED = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0) or None  # hours; 0 = until unlocked
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time the lockout page gives stays true
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
AXES_RESET_ON_SUCCESS = False  # accounts.signin forgets only the signed-in person's own failures
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# The second factor (django-otp TOTP + recovery codes) is required of officers and directors when on.
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=PRODUCTION)
OTP_TOTP_ISSUER = "Sangaku"
# Password reset links expire after this many seconds.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 3600)

# Content-Security-Policy (django-csp): our own scripts, styles and images only; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Celery: embedded default runs tasks eagerly in-process; with REDIS_URL a real worker is used.

CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend by default: tasks write their outcome to the database. Tests set one to wait for a task.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# A task is acknowledged only after it finished; a killed pool process puts the message back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
# Publishing while Redis is down gives up after about a second (sangaku.queue.enqueue): the request still answers
# and the job's row waits for its sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    # Must exceed the longest countdown/ETA we use (retries back off to at most 600 s: sangaku.celery.RETRY_POLICY),
    # or Redis redelivers a waiting retry early.
    # An unacknowledged message of a worker that died is redelivered after this many seconds.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600 * 6),
}
CELERY_BEAT_SCHEDULE: dict = {
    # Every day at 09:00 Asia/Tokyo: reviews due in 3 days and overdue ones (+1, +7, +14 days).
    "reminders-reviews": {"task": "reporting.tasks.sweep_review_reminders", "schedule": crontab(hour=9, minute=0)},
    # Every day at 09:05 Asia/Tokyo: drafts whose call closes in 3 days / 1 day.
    "reminders-drafts": {"task": "reporting.tasks.sweep_draft_reminders", "schedule": crontab(hour=9, minute=5)},
    # Every day at 09:10 Asia/Tokyo: progress reports due in 14 days and overdue ones (+1, +14 days).
    "reminders-progress-reports": {
        "task": "reporting.tasks.sweep_progress_report_reminders",
        "schedule": crontab(hour=9, minute=10),
    },
    # Every minute: e-mails that are due again (never handed to a worker, lease run out, backoff over).
    "notifications-deliver-pending": {
        "task": "notifications.tasks.deliver_pending_notifications",
        "schedule": crontab(minute="*"),
    },
    # Every minute: report builds stuck in queued/running are published again or failed with the reason.
    "platform-report-builds-sweep": {
        "task": "reporting.tasks.sweep_platform_report_builds",
        "schedule": crontab(minute="*"),
    },
    # Every day at 09:15 Asia/Tokyo: requests for information due in 2 days, and overdue ones (to the officer).
    "reminders-info-requests": {
        "task": "conversations.tasks.sweep_info_request_reminders",
        "schedule": crontab(hour=9, minute=15),
    },
    # Every day at 09:20 Asia/Tokyo: reviewers who have not bid, 2 days before a call's bidding deadline (once).
    "reminders-bids": {"task": "reviews.tasks.sweep_bid_reminders", "schedule": crontab(hour=9, minute=20)},
    # Every hour at :30: the applicant and panel of an interview starting within 48 hours are reminded (once).
    "reminders-interviews": {
        "task": "interviews.tasks.sweep_interview_reminders",
        "schedule": crontab(minute=30),
    },
    # Every day at 07:00 Asia/Tokyo: yesterday's messages, one mail per person who chose the daily digest.
    "messages-daily-digest": {
        "task": "conversations.tasks.send_message_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # 1 February, 08:00 Asia/Tokyo: next fiscal year's 委託研究契約 of running awards are drafted (none twice).
    "finance-draft-next-year-contracts": {
        "task": "finance.tasks.draft_next_year_contracts",
        "schedule": crontab(month_of_year=2, day_of_month=1, hour=8, minute=0),
    },
    # Every day at 09:25 Asia/Tokyo: unsigned contracts — the institution once, then the officer once.
    "reminders-unsigned-contracts": {
        "task": "finance.tasks.sweep_unsigned_contracts",
        "schedule": crontab(hour=9, minute=25),
    },
    # Every night at 03:00 Asia/Tokyo: idempotency keys older than a week are forgotten (reliability.idempotency).
    "idempotency-keys-forget": {
        "task": "reliability.tasks.forget_old_idempotency_keys",
        "schedule": crontab(hour=3, minute=0),
    },
    # Every night at 02:30 Asia/Tokyo: the platform report over all fiscal years.
    "platform-report-nightly": {
        "task": "reporting.tasks.build_nightly_platform_report",
        "schedule": crontab(hour=2, minute=30),
    },
}
# Reminder rules: the windows (in days) of each rule. A due item gets the reminder of the band it is in
# (between one window and the next), so a late first sweep sends only the most recent reminder.
REMINDER_RULES = {
    "review": {"due_in_days": [3], "overdue_days": [1, 7, 14], "escalate_from_overdue_days": 7},
    "draft": {"closes_in_days": [3, 1]},
    "progress_report": {"due_in_days": [14], "overdue_days": [1, 14], "escalate_from_overdue_days": 14},
}
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=2000)

# E-mail outbox (notifications.services): a delivery lease, retries with backoff, then given up (shown to officers).
NOTIFICATION_LEASE_SECONDS = env.float("NOTIFICATION_LEASE_SECONDS", default=300)  # doubles with each attempt
NOTIFICATION_RETRY_SECONDS = env.float("NOTIFICATION_RETRY_SECONDS", default=60)  # after a refused send; doubles
NOTIFICATION_RETRY_MAX_SECONDS = env.float("NOTIFICATION_RETRY_MAX_SECONDS", default=6 * 3600)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=8)

# Report builds (reporting.jobs): a build queued or running past these is published again, or failed with the reason.
REPORT_BUILD_QUEUED_TIMEOUT_SECONDS = env.int("REPORT_BUILD_QUEUED_TIMEOUT_SECONDS", default=300)
REPORT_BUILD_RUNNING_TIMEOUT_SECONDS = env.int("REPORT_BUILD_RUNNING_TIMEOUT_SECONDS", default=600)
REPORT_BUILD_MAX_ATTEMPTS = env.int("REPORT_BUILD_MAX_ATTEMPTS", default=3)
REPORT_BUILD_GIVE_UP_SECONDS = env.int("REPORT_BUILD_GIVE_UP_SECONDS", default=24 * 3600)

# Health (/readyz): a worker writes a heartbeat this often; readiness wants one no older than the maximum age.
WORKER_HEARTBEAT_SECONDS = env.float("WORKER_HEARTBEAT_SECONDS", default=15)
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env.float("WORKER_HEARTBEAT_MAX_AGE_SECONDS", default=60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Review
REVIEW_DUE_DAYS = env.int("REVIEW_DUE_DAYS", default=21)  # due date of a new assignment, days from now
REVIEW_DISAGREEMENT_THRESHOLD = env.float("REVIEW_DISAGREEMENT_THRESHOLD", default=1.0)  # spread flagged 要確認

# Attachments
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
