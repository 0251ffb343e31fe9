"""Local development settings: `DJANGO_SETTINGS_MODULE=shop.settings_dev`.

Overrides a few production values so the project runs on a laptop without
Postgres or an SMTP relay.
"""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-a-real-key")

from shop.settings import *  # noqa: E402,F401,F403
from shop.settings import BASE_DIR, INSTALLED_APPS, MIDDLEWARE  # noqa: E402

# Pitfall: nothing stops this file from being deployed, and DEBUG pages leak
# settings, SQL and stack traces to anyone who triggers an error.
DEBUG = True

ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shop-dev",
    }
}

INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]
MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]
INTERNAL_IPS = ["127.0.0.1"]

# Send real mail through the team's shared test mailbox.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "smtp.mailtrap.example.com"
EMAIL_PORT = 2525
EMAIL_HOST_USER = "shop-dev"
# Pitfall: a credential committed to the repository.
EMAIL_HOST_PASSWORD = "Tr0ub4dor&3-shop-dev"

CELERY_TASK_ALWAYS_EAGER = True
