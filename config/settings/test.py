"""Test settings: fast hashing, jobs run immediately, plain static storage for the live server."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SEED_PASSWORD", "Rabat-Suivi-2026")

from .base import *  # noqa: F403
from .base import TASKS, VAR_DIR

DEBUG = False
TATABBU_MFA_REQUIRED = False  # tests that need it turn it on with override_settings
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"
TATABBU_MODEL_DIR = VAR_DIR / "test-models"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    **TASKS,
    "default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
TATABBU_ALLOW_AUDIT_FLUSH = True
TATABBU_ALLOW_SEED_PERSONAS = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
