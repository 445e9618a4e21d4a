"""Settings for the Werkconferentie portal, read from the environment only.

Development (``DEBUG=true``) may run without a ``SECRET_KEY``; production refuses to.
See README.md for the table of variables.
"""

import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from conference.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

_INSECURE_DEV_KEY = "django-insecure-development-only-never-use-this-key-in-production-0123456789"
# Build-time commands that neither serve requests nor sign anything may run without a key (a
# throw-away one), so a build or a migration check needs no secret. Everything else refuses.
_OFFLINE_COMMANDS = {"makemigrations", "makemessages", "compilemessages", "collectstatic"}
_COMMAND = sys.argv[1] if len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" else ""
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and not DEBUG and _COMMAND in _OFFLINE_COMMANDS:
    SECRET_KEY = secrets.token_urlsafe(64)
elif not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
            "(python -c 'import secrets; print(secrets.token_urlsafe(64))'), "
            "or set DEBUG=true for local development only."
        )
    SECRET_KEY = _INSECURE_DEV_KEY
elif SECRET_KEY == _INSECURE_DEV_KEY and not DEBUG:
    raise ImproperlyConfigured("The development SECRET_KEY may not be used with DEBUG off.")

# Old keys that still open what they signed or sealed while a new SECRET_KEY takes over (comma-separated).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "conference.views.errors.csrf_failure"

INSTALLED_APPS = [
    "conference",
    "themes",
    "workgroups",
    "opendata",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "ninja",  # only for its static files: Swagger UI for the API documentation page, served by WhiteNoise
]

MIDDLEWARE = [
    "conference.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "conference.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "conference.middleware.PreferredLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "conference.page_cache.AnonymousPageCacheMiddleware",  # published pages for visitors not signed in
    "opendata.middleware.ApiMiddleware",  # /api/v1/: Dutch, CORS for GET, ETag and 304, HEAD
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "conference.audit.AuditActorMiddleware",  # the signed-in person is the actor of audited changes
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "conference.middleware.AdminSecondFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

# Bench only (make bench): count each request's database queries in a response header.
if env_bool("PORTAL_BENCH_QUERY_COUNT", default=False):
    MIDDLEWARE.insert(0, "conference.middleware.QueryCountMiddleware")

ROOT_URLCONF = "conference.urls"
WSGI_APPLICATION = "conference.wsgi.application"
ASGI_APPLICATION = "conference.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "conference.context_processors.portal",
            ],
        },
    },
]

# Database: PostgreSQL is the database of record; SQLite is the embedded default.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),  # one connection per worker, checked before reuse
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "conference.User"

# Cache: shared between worker processes (rate limits, sessions).
_REDIS_URL = env_str("REDIS_URL") or env_str("CACHE_URL")
if _REDIS_URL:
    # Django's Redis cache, sharing one client per connection pool (conference/redis_cache.py).
    CACHES = {"default": {"BACKEND": "conference.redis_cache.RedisCache", "LOCATION": _REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
# Published pages for visitors who are not signed in (conference/page_cache.py): kept in the shared
# cache until what they show changes, at most PAGE_CACHE_SECONDS (0: off); browsers may keep them
# PAGE_CACHE_MAX_AGE seconds before asking again (0: every visit asks, and gets a 304 when nothing changed).
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 0)
# Cached database sessions that also store the user id, so deleting an account ends every sign-in.
SESSION_ENGINE = "conference.sessions"

# Django's and allauth's backends, loading the user with whether they have a second factor (one query).
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "conference.auth_backends.ModelBackend",
    "conference.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts (django-allauth): e-mail login, mandatory verification, no enumeration.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "conference.forms.SignupExtraForm"
ACCOUNT_ADAPTER = "conference.adapters.AccountAdapter"
# Login limits (README "Login limits"), counted in the shared cache. For failed sign-ins allauth's
# "key" is the pair (e-mail address, visitor's address) in our adapter: nobody can lock someone
# else out; one address also gets a longer limit over all the accounts it tries.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "5/5m/key,30/15m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# The visitor's address behind a reverse proxy (conference/client_ip.py): how many proxies of our
# own add themselves to X-Forwarded-For, or the one header our proxy sets (e.g. X-Real-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER") or None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Two-step login (conference/second_factor.py): an authenticator app and recovery codes;
# coordinators must have one before the coordinator role takes effect.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "conference.adapters.MFAAdapter"
# A code stays good for one 30-second step before and after its own (RFC 6238 5.2): someone who types
# slowly is not refused at the turn of a step. Wrong codes are limited like passwords ("login_failed").
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "activate_totp": "conference.forms_second_factor.ActivateAuthenticatorForm",
    "authenticate": "conference.forms_second_factor.SecondStepForm",
    "reauthenticate": "conference.forms_second_factor.SecondStepAgainForm",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "conference:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "conference:home"

# Internationalisation: Dutch first, English complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Static and media files: every asset comes from a package or from static/, served by WhiteNoise.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads (conference/storage.py): public branding (logos) under MEDIA_ROOT, served at /media/;
# private files (photos of table sheets) under PRIVATE_MEDIA_ROOT, only through views that check
# who may see them. PRIVATE_MEDIA_ACCEL_REDIRECT (e.g. /private-media/) lets nginx send those files:
# the view answers with an X-Accel-Redirect header to that internal location instead of the bytes.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private-media")
PRIVATE_MEDIA_ACCEL_REDIRECT = env_str("PRIVATE_MEDIA_ACCEL_REDIRECT")
if PRIVATE_MEDIA_ACCEL_REDIRECT and not (
    PRIVATE_MEDIA_ACCEL_REDIRECT.startswith("/") and PRIVATE_MEDIA_ACCEL_REDIRECT.endswith("/")
):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ACCEL_REDIRECT must start and end with a slash, e.g. /private-media/.")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "conference.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Where `manage.py backup` (make backup) writes its archives.
BACKUP_DIR = Path(env_str("BACKUP_DIR") or BASE_DIR / "var" / "backups")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail (Django 6.1 mailers): console by default, SMTP when EMAIL_HOST is set.
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "werkconferentie@localhost")
# How long the audit trail (Beheer → Wijzigingen) keeps its entries; `manage.py prune_audit_log`.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 730)
# Base of the links in e-mails sent by the worker or cron, e.g. https://werkconferentie.example.nl
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "")
# How many weeks before an edition workgroup leads are reminded to write their report.
WORKGROUP_REMINDER_WEEKS = env_int("WORKGROUP_REMINDER_WEEKS", 6)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django.tasks with the database backend; `manage.py db_worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Content-Security-Policy: strict from the start, no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

# Production hardening: on unless DEBUG; each can be switched by env behind a proxy.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    # includeSubDomains and preload reach beyond this portal (every subdomain; browsers' built-in
    # lists, hard to leave): a town opts in on purpose. While off, check --deploy's reminders about
    # them (security.W005, security.W021) are silenced below; the README explains why.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    if env_bool("BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")
if not DEBUG and not SECURE_HSTS_INCLUDE_SUBDOMAINS:
    SILENCED_SYSTEM_CHECKS.append("security.W005")  # HSTS without includeSubDomains: a deliberate default
if not DEBUG and not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")  # HSTS without preload: a deliberate default

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json_line": {"()": "conference.security_log.JsonLineFormatter"}},
    # A refused request (403, 400) is one log line, not a traceback (conference/logging_filters.py).
    "filters": {"client_error_one_line": {"()": "conference.logging_filters.ClientErrorWithoutTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_error_one_line"]},
        "security": {"class": "logging.StreamHandler", "formatter": "json_line"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # Security events (conference/security_log.py): one JSON line each, always at INFO.
    "loggers": {
        "django.request": {"filters": ["client_error_one_line"]},
        "portal.security": {
            "handlers": ["security"],
            "level": env_str("SECURITY_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}

# Portal behaviour.
# The demo accounts' password. The default is public (it is in this repository), so load_demo
# refuses it with DEBUG off: a production site never gets accounts anyone could sign in to.
PORTAL_DEMO_PASSWORD_PUBLIC = "Werkconferentie-demo-2026"
PORTAL_DEMO_PASSWORD = env_str("PORTAL_DEMO_PASSWORD", PORTAL_DEMO_PASSWORD_PUBLIC)
