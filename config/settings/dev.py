"""Development settings: `make run` on SQLite, e-mail to the console, no second factor."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SEED_PASSWORD", "Rabat-Suivi-2026")

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
TATABBU_MFA_REQUIRED = env_bool("TATABBU_MFA_REQUIRED", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TATABBU_ALLOW_AUDIT_FLUSH = True
TATABBU_ALLOW_SEED_PERSONAS = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
