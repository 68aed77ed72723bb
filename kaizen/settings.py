"""Kaizen's one settings module. Everything that varies between installations is an environment
variable; with none set, Kaizen runs on SQLite in a development-safe configuration.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Runtime state (SQLite database, generated secret key, uploads) lives outside the source tree.
VAR_DIR = Path(os.getenv("KAIZEN_VAR_DIR", BASE_DIR / ".var"))


def envbool(name: str, default: bool) -> bool:
    value = os.getenv(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"Unexpected value {name}={value!r}, use true or false")


def envint(name: str, default: int) -> int:
    return int(os.getenv(name) or default)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated on first run and kept in VAR_DIR."""
    if key := os.getenv("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        # Written whole to an owner-only temporary file (no moment when others could read it),
        # then linked into place, which fails if another process got there first: processes
        # starting together (parallel test workers, web and task worker) cannot write different
        # keys, nor read a half-written one.
        with tempfile.NamedTemporaryFile(
            "w", dir=VAR_DIR, prefix=".secret_key.", delete=False
        ) as file:
            file.write(secrets.token_urlsafe(50))
        try:
            os.link(file.name, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(file.name)
    return path.read_text().strip()


def database() -> dict[str, object]:
    """PostgreSQL from DATABASE_URL (postgres://user:pass@host:port/name) or DB=postgres with the
    standard PG* variables; SQLite in VAR_DIR otherwise."""
    url = os.getenv("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlparse(url)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "kaizen",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 0),
        }
    if url:
        raise ImproperlyConfigured("DATABASE_URL must start with postgres:// or postgresql://")
    if os.getenv("DB") == "postgres":
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.getenv("PGDATABASE", "kaizen"),
            "USER": os.getenv("PGUSER", ""),
            "PASSWORD": os.getenv("PGPASSWORD", ""),
            "HOST": os.getenv("PGHOST", ""),
            "PORT": os.getenv("PGPORT", ""),
        }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "kaizen.sqlite3"),
        # Wait for a writer instead of failing at once: several staff may enter data together.
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }


SECRET_KEY = secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
# Single sign-on by OpenID Connect (kaizen.accounts.oidc), on when OIDC_CLIENT_ID is set. The
# endpoints are the provider's (for Entra ID: https://login.microsoftonline.com/<tenant>/v2.0/
# .well-known/openid-configuration lists them).
OIDC_RP_CLIENT_ID = os.getenv("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.getenv("OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.getenv("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.getenv("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.getenv("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.getenv("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_CREATE_USER = False
OIDC_TRUST_EMAIL = os.getenv("OIDC_TRUST_EMAIL", "") == "1"
OIDC_PROVIDER_NAME = os.getenv("OIDC_PROVIDER_NAME", "your NHS account")
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("kaizen.accounts.oidc.VerifiedEmailBackend")

# Requests a personal access token may make (django-ninja's rate syntax: number/period).
API_RATE_LIMIT = os.getenv("API_RATE_LIMIT", "600/m")

# A refused form gets the styled page, with the navigation and a way back.
CSRF_FAILURE_VIEW = "kaizen.web.csrf_failure"
SITE_NAME = os.getenv("SITE_NAME", "Kaizen")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kaizen.accounts",
    "kaizen.audit",
    "kaizen.activity",
    "kaizen.strategy",
    "kaizen.measures",
    "kaizen.impact",
    "kaizen.projects",
    "kaizen.projects.lean",
    "kaizen.ideas",
    "kaizen.imports",
    "kaizen.training",
    "kaizen.events",
    # Above ideas, training and events: its demo's newsletters gather their news.
    "kaizen.engagement",
    "kaizen.programme",
    "kaizen.api",
    "kaizen.network",
    "kaizen.demo",
    "kaizen.backups",
]

MIDDLEWARE = [
    "kaizen.serving.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "kaizen.serving.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kaizen.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "kaizen.urls"
WSGI_APPLICATION = "kaizen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "kaizen" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "kaizen.jinja2.environment",
            "context_processors": ["kaizen.activity.context_processors.notifications"],
        },
    },
    {
        # The Django admin and its forms keep Django's own template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {"default": database()}

# Background work (mail, digests, long jobs) is stored in the database and run by
# `manage.py db_worker`; kaizen.activity.tasks adds retries and keeps what finally fails.
TASKS = {
    "default": {
        "BACKEND": os.getenv("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Jobs `manage.py run_scheduler` enqueues: name -> (task, every so many seconds).
KAIZEN_SCHEDULE = {
    "digests": ("kaizen.activity.tasks.send_digests", 5 * 60),
    "ideas-stalled": ("kaizen.ideas.tasks.notify_stalled", 24 * 60 * 60),
    "cycles-due-for-study": ("kaizen.projects.tasks.notify_cycles_due", 24 * 60 * 60),
    "training-offers": ("kaizen.training.tasks.expire_due_offers", 60 * 60),
    "programme-indicators": ("kaizen.programme.tasks.refresh_indicators", 24 * 60 * 60),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
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
]
# Failed sign-ins allowed per email address from one client address, per email address from
# anywhere, and per client address, in LOGIN_THROTTLE_WINDOW s. A hospital's staff often share
# one address (NAT), so the address limit is set higher; an address that reaches it is blocked
# for LOGIN_THROTTLE_ADDRESS_BLOCK s. Someone locked out signs in by an emailed link, valid for
# LOGIN_LINK_MAX_AGE s.
LOGIN_THROTTLE_ATTEMPTS = envint("LOGIN_THROTTLE_ATTEMPTS", 5)
LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = envint("LOGIN_THROTTLE_ACCOUNT_ATTEMPTS", 20)
LOGIN_THROTTLE_ADDRESS_ATTEMPTS = envint("LOGIN_THROTTLE_ADDRESS_ATTEMPTS", 50)
LOGIN_THROTTLE_WINDOW = envint("LOGIN_THROTTLE_WINDOW", 900)
LOGIN_THROTTLE_ADDRESS_BLOCK = envint("LOGIN_THROTTLE_ADDRESS_BLOCK", 3600)
LOGIN_LINK_MAX_AGE = envint("LOGIN_LINK_MAX_AGE", 900)
# Authenticator apps list the account under the service's name.
OTP_TOTP_ISSUER = SITE_NAME

# Where `manage.py backup` writes its dated copies, and how many of the newest it keeps.
BACKUP_DIR = Path(os.getenv("BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = envint("BACKUP_KEEP", 14)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kaizen_cache",
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.getenv("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", VAR_DIR / "static"))
# WhiteNoise serves STATIC_ROOT (filled by collectstatic in production) and warns on every
# start when it is missing, so make sure it exists.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "assets" / "build"]
# Serve built assets straight from assets/build, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded spreadsheets are parsed in memory and never kept: QI data is aggregate, and a refused
# file must leave nothing behind.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
# A long table of many series (a national extract) may be far larger: Django streams any upload
# over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file, which is moved here until the preview is
# confirmed or expires (an hour), and read column by column.
BULK_UPLOAD_MAX_BYTES = envint("BULK_UPLOAD_MAX_BYTES", 600 * 1024 * 1024)
BULK_UPLOAD_DIR = VAR_DIR / "bulk-imports"
# The most data points one measure may hold (about 270 years of daily figures), so that no
# entry or upload can make its chart and SPC refresh unboundedly slow.
MEASURE_MAX_POINTS = envint("MEASURE_MAX_POINTS", 100_000)
# The most points a chart, its data table, sparkline or PDF page draws: the latest ones, with
# earlier ones a page back. The SPC calculation always uses every point.
MEASURE_CHART_POINTS = envint("MEASURE_CHART_POINTS", 500)

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "kaizen@localhost")

# Production hardening. Cookies are marked secure whenever the site is served over https.
SECURE = envbool("SECURE_COOKIES", SITE_URL.startswith("https://"))
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
# A monitor on the machine itself asks for /health/ over plain http.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# Behind our own reverse proxy, the client's address is the last one the proxy added to
# X-Forwarded-For (see kaizen.accounts.throttling).
BEHIND_PROXY = envbool("BEHIND_TLS_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS whenever the site is https: a year, the value browsers' preload lists ask for. Django sends
# it only on https responses, so a plain-http development server is never pinned.
HTTPS = SITE_URL.startswith("https://") or BEHIND_PROXY
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no Kaizen page uses, switched off for every page (kaizen.serving).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Every script and style comes from our own static files; the one inline script, NHS.UK's
# template's "js-enabled" line, carries the per-request nonce. Chart.js sizes its canvas through
# the CSSOM, which style-src does not govern, so no 'unsafe-inline' is needed anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One JSON object a line on stdout (kaizen.serving): what journald, a log shipper or `jq` reads.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "kaizen.serving.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Our request log is the one line per request; Django's own would repeat errors.
        "kaizen.requests": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}
