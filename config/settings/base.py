"""Settings shared by every environment. Everything configurable is read from the environment here;
``dev``, ``test`` and ``prod`` only override. Every variable is listed in ``.env.example``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from tatabbu.core.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("TATABBU_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Tatabbu, lowest layer first (docs/architecture.md).
    "tatabbu.core",
    "tatabbu.accounts",
    "tatabbu.audit",
    "tatabbu.institutions",
    "tatabbu.documents",
    "tatabbu.mechanisms",
    "tatabbu.taxonomy",
    "tatabbu.recommendations",
    "tatabbu.intelligence",
    "tatabbu.calls",
    "tatabbu.actionplan",
    "tatabbu.followup",
    "tatabbu.engagement",
    "tatabbu.reporting",
    "tatabbu.portal",
    "tatabbu.api",
    "tatabbu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tatabbu.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tatabbu.accounts.middleware.SessionLifetimeMiddleware",
    "tatabbu.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tatabbu.core.middleware.NoStoreForAuthenticatedMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "tatabbu.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite by default (WAL, IMMEDIATE transactions, busy timeout: see ECOSYSTEM.md), PostgreSQL
# when DATABASE_URL says so.
SQLITE_PATH = VAR_DIR / "tatabbu.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # cache_size (64 MiB by default) and mmap_size (256 MiB): without them every row lookup of
        # a search or a facet count is a read() of the file (SQLite's default page cache is 2 MiB).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA foreign_keys=ON; PRAGMA cache_size=-{env_int('TATABBU_SQLITE_CACHE_KIB', 65536)}; "
        "PRAGMA mmap_size=268435456;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "tatabbu.accounts.validators.ContextWordsValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour (RELIABILITY.md AUTH-3)
# Lifetime of the e-mail verification link sent to self-registered associations.
TATABBU_EMAIL_VERIFICATION_SECONDS = env_int("TATABBU_EMAIL_VERIFICATION_SECONDS", 24 * 60 * 60)

# Second factor (TOTP, django-otp) for every back-office role; on in production settings.
TATABBU_MFA_REQUIRED = env_bool("TATABBU_MFA_REQUIRED", True)
OTP_TOTP_ISSUER = "Tatabbu"

# Login throttling (django-axes): per account, so that a ministry behind one NAT address is not
# locked out by one user and a spoofed X-Forwarded-For changes nothing (RELIABILITY.md AUTH-1).
AXES_FAILURE_LIMIT = env_int("TATABBU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TATABBU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "tatabbu.core.request_context.client_ip_for_axes"
AXES_LOCKOUT_CALLABLE = "tatabbu.accounts.views.login_locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# Number of reverse proxies in front of the application whose X-Forwarded-For we trust.
TATABBU_TRUSTED_PROXY_COUNT = env_int("TATABBU_TRUSTED_PROXY_COUNT", 0)

# --- Sessions (RELIABILITY.md SESS-1) --------------------------------------------------------
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute lifetime: 12 hours
TATABBU_SESSION_IDLE_SECONDS = env_int("TATABBU_SESSION_IDLE_SECONDS", 30 * 60)
TATABBU_SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TATABBU_TIME_ZONE", "Africa/Casablanca")
USE_TZ = True
# Order in which per-language columns (text_ar, text_fr, text_en) are tried when the active
# language has no text.
TATABBU_LANGUAGE_FALLBACKS = ["fr", "ar", "en"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
# Uploaded evidence lives outside the static tree and is never served directly.
MEDIA_ROOT = Path(env_str("TATABBU_MEDIA_ROOT", str(VAR_DIR / "media")))
# Trained classifiers (intelligence app): files written by `classify train`, never served.
TATABBU_MODEL_DIR = Path(env_str("TATABBU_MODEL_DIR", str(VAR_DIR / "models")))
MEDIA_URL = "/media-is-not-served/"
FILE_UPLOAD_PERMISSIONS = 0o640
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Largest accepted upload (documents app); the reverse proxy should refuse bigger bodies first.
TATABBU_UPLOAD_MAX_BYTES = env_int("TATABBU_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Virus scan of uploads: "clamscan" (ClamAV; uploads are refused when it cannot scan) or "none".
TATABBU_ANTIVIRUS = env_str("TATABBU_ANTIVIRUS", "none")
TATABBU_CLAMSCAN_PATH = env_str("TATABBU_CLAMSCAN_PATH", "clamscan")
TATABBU_CLAMSCAN_DATABASE = env_str("TATABBU_CLAMSCAN_DATABASE", "")
TATABBU_ANTIVIRUS_TIMEOUT = env_int("TATABBU_ANTIVIRUS_TIMEOUT", 120)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Where the shared real data sets live (demo data and benchmarks read them from here).
TATABBU_DATA_DIR = Path(env_str("TATABBU_DATA_DIR", str(BASE_DIR.parent / "shared" / "data")))
# Where the original documents the product was seeded from live (the 2026 action plan).
TATABBU_SEED_DIR = Path(env_str("TATABBU_SEED_DIR", str(BASE_DIR.parent / "shared" / "seed")))

# --- Recommendation imports (recommendations/importers) ------------------------------------
# Files larger than this are refused before being read (upload form and command).
TATABBU_IMPORT_MAX_BYTES = env_int("TATABBU_IMPORT_MAX_BYTES", 64 * 1024 * 1024)
# XLSX: the archive's declared uncompressed size and entry count, checked before decompressing.
TATABBU_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int(
    "TATABBU_IMPORT_MAX_UNCOMPRESSED_BYTES", 512 * 1024 * 1024
)
TATABBU_IMPORT_MAX_ARCHIVE_ENTRIES = env_int("TATABBU_IMPORT_MAX_ARCHIVE_ENTRIES", 500)
# Rows (records) per file; a longer file is refused as a whole.
TATABBU_IMPORT_MAX_ROWS = env_int("TATABBU_IMPORT_MAX_ROWS", 1_000_000)
# A running import that has not reported progress for this long was interrupted (worker killed).
TATABBU_IMPORT_STALE_MINUTES = env_int("TATABBU_IMPORT_STALE_MINUTES", 5)

# --- Follow-up reminders (manage.py send_reminders, daily from cron or the worker) -----------
# Remind an institution of deadlines falling within this many days, and of overdue ones; the
# same reminder (and the coordinators' digest) is not repeated within the interval.
TATABBU_REMINDER_DAYS_BEFORE = env_int("TATABBU_REMINDER_DAYS_BEFORE", 14)
TATABBU_REMINDER_INTERVAL_DAYS = env_int("TATABBU_REMINDER_INTERVAL_DAYS", 7)
# The address people reach the site at (no trailing slash): e-mails carry absolute links with it.
TATABBU_BASE_URL = env_str("TATABBU_BASE_URL", "").rstrip("/")

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "tatabbu@localhost")

# --- Background jobs (Django's tasks API through the django-tasks backport) ------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TATABBU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Reports (RELIABILITY.md REP-1: bounded in time and size) --------------------------------
TATABBU_REPORT_TIMEOUT_SECONDS = env_int("TATABBU_REPORT_TIMEOUT_SECONDS", 300)
# Blocks plus table rows a report may hold before generation is refused.
TATABBU_REPORT_MAX_SIZE = env_int("TATABBU_REPORT_MAX_SIZE", 200_000)
# Reports of at most this many items (e.g. projects) are generated in the request; bigger ones
# go to the background worker.
TATABBU_REPORT_INLINE_MAX_ITEMS = env_int("TATABBU_REPORT_INLINE_MAX_ITEMS", 60)

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "tatabbu.api.authentication.ApiTokenAuthentication",
        "tatabbu.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "tatabbu.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "tatabbu.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("TATABBU_API_ANON_RATE", "60/min"),
        "user": env_str("TATABBU_API_USER_RATE", "240/min"),
    },
    "NUM_PROXIES": TATABBU_TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tatabbu API",
    "DESCRIPTION": "Recommendations, follow-up and reporting data of the national mechanism "
    "for implementation, reporting and follow-up (NMIRF).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets sharing a field name ("status", "kind") get distinct, stable names.
    "ENUM_NAME_OVERRIDES": {
        "FollowUpGradeEnum": "tatabbu.engagement.choices.FollowUpGrade",
        "ActionStatusEnum": "tatabbu.followup.choices.ActionStatus",
        "IndicatorKindEnum": "tatabbu.followup.choices.IndicatorKind",
        "ReviewStatusEnum": "tatabbu.core.workflow.ReviewStatus",
        "ImplementationStatusEnum": "tatabbu.recommendations.choices.ImplementationStatus",
        "ArticleKindEnum": "tatabbu.portal.choices.ArticleKind",
        "PublicationStatusEnum": "tatabbu.portal.choices.PublicationStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tatabbu.api.schema.add_error_responses",
    ],
}

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tatabbu.core.request_context.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("TATABBU_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint.progress": {"level": "WARNING"}},
}

# --- Tatabbu ----------------------------------------------------------------------------------
TATABBU_SITE_NAME = _("Tatabbu")
# Public portal pages are cached this long for anonymous visitors (tatabbu/portal/caching.py).
TATABBU_PORTAL_CACHE_SECONDS = env_int("TATABBU_PORTAL_CACHE_SECONDS", 300)
TATABBU_STATE_CODE = env_str("TATABBU_STATE_CODE", "MAR")
SEED_PASSWORD = env_str("SEED_PASSWORD", "")
# Development personas (manage.py seed_personas): ministries A and B are two real institutions.
TATABBU_ALLOW_SEED_PERSONAS = False
TATABBU_PERSONA_INSTITUTION_A = env_str("TATABBU_PERSONA_INSTITUTION_A", "ministry-of-justice")
TATABBU_PERSONA_INSTITUTION_B = env_str(
    "TATABBU_PERSONA_INSTITUTION_B", "ministry-of-solidarity-social-integration-and-family"
)
TATABBU_ALLOW_AUDIT_FLUSH = False

# axes.W006 asks for ip_address in AXES_LOCKOUT_PARAMETERS. We lock per account on purpose: an
# IP-keyed lockout would lock a whole ministry behind one NAT address after five typos, and a
# username-keyed counter cannot be reset by rotating user agents, cookies or X-Forwarded-For
# (RELIABILITY.md AUTH-1).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
