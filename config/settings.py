"""KAM Desk settings, read once from the environment.

``KAM_ENV`` is ``demo``, ``test`` or ``production`` (the default). Outside demo and
test a ``SECRET_KEY`` and field-encryption keys are required.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("KAM_VAR_DIR", str(BASE_DIR / "var")))

KAM_ENV = env_str("KAM_ENV", "production")
IS_RELAXED = KAM_ENV in {"demo", "test"}

if IS_RELAXED:
    SECRET_KEY = env_str("SECRET_KEY", f"kamdesk-{KAM_ENV}-only-not-secret-0123456789abcdef")
else:
    SECRET_KEY = env_str("SECRET_KEY")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "crontask",
    "kamdesk.core",
    "kamdesk.users",
    "kamdesk.audit",
    "kamdesk.security",
    "kamdesk.customers",
    "kamdesk.calendars",
    "kamdesk.notifications",
    "kamdesk.files",
    "kamdesk.tickets",
    "kamdesk.usage",
    "kamdesk.visits",
    "kamdesk.commitments",
    "kamdesk.orders",
    "kamdesk.risk",
    "kamdesk.knowledge",
    "kamdesk.advisor",
    "kamdesk.prospects",
    "kamdesk.statements",
    "kamdesk.scorecards",
    "kamdesk.learning",
    "kamdesk.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kamdesk.core.middleware.SessionTouchMiddleware",
    "kamdesk.core.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kamdesk.audit.context.AuditContextMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "kamdesk.security.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kamdesk.core.middleware.NoStoreMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["kamdesk.core.templatetags.kam"],
        },
    }
]

# Database: an embedded SQLite file by default, PostgreSQL through DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'kamdesk.sqlite3'}"
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite), conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
# Activity keeps a session alive: kamdesk.core.middleware.SessionTouchMiddleware saves it
# at most once a minute instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not IS_RELAXED)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0)
# Production settings for `kam check --deploy` are in docs/security.md.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not IS_RELAXED)
# The load balancer probes health over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Content Security Policy: nothing inline, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Language and time: Chinese first, English available; shown in Asia/Shanghai.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kamdesk" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kam_language"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise warns when STATIC_ROOT is missing; demo and tests serve from the finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private")},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if IS_RELAXED
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = IS_RELAXED

# Background work: django.tasks on the database, schedules by django-crontask.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if KAM_ENV == "test"
        else "django_tasks_db.DatabaseBackend"
    }
}
# The scheduler's lock lives in Redis when REDIS_URL is set; run exactly one scheduler.
REDIS_URL = env_str("REDIS_URL", "") or None
CRONTASK = {"REDIS_URL": REDIS_URL}

# Field encryption: "kid:base64key,kid2:base64key"; the first key encrypts, all decrypt.
_keys_env = env_str("KAM_FIELD_KEYS", "") if not IS_RELAXED else env_str("KAM_FIELD_KEYS", "-")
if _keys_env in {"", "-"}:
    if not IS_RELAXED:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("KAM_FIELD_KEYS must be set outside demo and test.")
    _derived = hashlib.sha256(f"field-key:{SECRET_KEY}".encode()).digest()
    _keys_env = f"dev1:{base64.b64encode(_derived).decode()}"
FIELD_ENCRYPTION_KEYS: dict[str, bytes] = {
    kid: base64.b64decode(key) for kid, key in (item.split(":", 1) for item in _keys_env.split(","))
}
FIELD_HASH_KEY = hashlib.sha256(
    f"lookup-hash:{env_str('KAM_LOOKUP_HASH_KEY', SECRET_KEY)}".encode()
).digest()

API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)

# Confidentiality (docs/security.md). Field cipher: aes-gcm (AES-256-GCM) or sm4-gcm;
# keyed lookup hashes: sha256 or sm3 (HMAC). Both are recorded with each value.
FIELD_CIPHER = env_str("KAM_FIELD_CIPHER", "aes-gcm")
HASH_ALGORITHM = env_str("KAM_HASH_ALGORITHM", "sha256")
if FIELD_CIPHER not in {"aes-gcm", "sm4-gcm"} or HASH_ALGORITHM not in {"sha256", "sm3"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "KAM_FIELD_CIPHER is aes-gcm or sm4-gcm; KAM_HASH_ALGORITHM is sha256 or sm3."
    )
# The audit chain stays SHA-256 unless set; a change is recorded in the chain itself.
AUDIT_HASH_ALGORITHM = env_str("AUDIT_HASH_ALGORITHM", "sha256")
# The chain's latest hash, also kept outside the database; "-" turns it off (tests).
AUDIT_HEAD_FILE = env_str(
    "AUDIT_HEAD_FILE", "-" if KAM_ENV == "test" else str(VAR_DIR / "audit-head.json")
).removeprefix("-")
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180)
if AUDIT_RETENTION_DAYS < 180:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("AUDIT_RETENTION_DAYS must be at least 180 (six months).")
# The PostgreSQL role the application serves as; migrations revoke its UPDATE/DELETE on
# the audit trail when it exists.
DB_SERVING_ROLE = env_str("DB_SERVING_ROLE", "kamdesk_app")

# Sign-in: lock-out after repeated failures, per user and per client address.
AUTHENTICATION_BACKENDS = ["kamdesk.security.backends.LockoutModelBackend"]
LOCKOUT_FAILURES = env_int("LOCKOUT_FAILURES", 5)
LOCKOUT_ADDRESS_FAILURES = env_int("LOCKOUT_ADDRESS_FAILURES", 5)
LOCKOUT_WINDOW_MINUTES = env_int("LOCKOUT_WINDOW_MINUTES", 15)
LOCKOUT_MINUTES = env_int("LOCKOUT_MINUTES", 15)
# TOTP second factor: required for these roles, optional (once enrolled, asked) for others.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", ["auditor", "security_admin", "system_admin"])
MFA_ISSUER = env_str("MFA_ISSUER", "KAM Desk")

# Single sign-on through the operator's 4A by OIDC: on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid profile")
    OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", True)
    OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
    AUTHENTICATION_BACKENDS.append("kamdesk.security.oidc.FourAOidcBackend")
# Claims that name the staff member: the staff id first, then the username.
OIDC_STAFF_ID_CLAIM = env_str("OIDC_STAFF_ID_CLAIM", "staff_id")
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_CREATE_USER = False  # accounts and roles are provisioned in KAM Desk, never by 4A
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"

# Usage analytics (docs/usage.md): the Parquet warehouse, the engine that aggregates it
# ("duckdb" on one machine, "spark" for a cluster) and how long itemised records stay.
ANALYTICS_ENGINE = env_str("KAM_ANALYTICS_ENGINE", "duckdb")
if ANALYTICS_ENGINE not in {"duckdb", "spark"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("KAM_ANALYTICS_ENGINE must be duckdb or spark.")
WAREHOUSE_DIR = Path(env_str("KAM_WAREHOUSE_DIR", str(VAR_DIR / "warehouse")))
USAGE_RETENTION_MONTHS = env_int("KAM_USAGE_RETENTION_MONTHS", 6)
SPARK_MASTER = env_str("KAM_SPARK_MASTER", "local[2]")
DUCKDB_MEMORY_LIMIT = env_str("KAM_DUCKDB_MEMORY_LIMIT", "3GB")
PAGE_SIZE = 25

# Requests, notifications and files (issue 5). Links in e-mails and SMS start with
# KAM_SITE_URL; e-mail goes through Django's SMTP backend.
KAM_SITE_URL = env_str("KAM_SITE_URL", "http://127.0.0.1:8000")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "KAM Desk <kamdesk@localhost>")
if KAM_ENV == "demo" and not env_str("EMAIL_HOST", ""):
    # The demo sends nowhere: e-mails are printed by the worker that sends them.
    MAILERS["default"] = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
FILES_MAX_BYTES = env_int("FILES_MAX_BYTES", 10 * 1024 * 1024)
SURVEY_RESPONSE_DAYS = env_int("SURVEY_RESPONSE_DAYS", 7)
# `kam mail fetch`: the request intake mailbox (IMAP).
MAIL_FETCH_HOST = env_str("KAM_MAIL_HOST", "")
MAIL_FETCH_PORT = env_int("KAM_MAIL_PORT", 993)
MAIL_FETCH_USER = env_str("KAM_MAIL_USER", "")
MAIL_FETCH_PASSWORD = env_str("KAM_MAIL_PASSWORD", "")
MAIL_FETCH_MAILBOX = env_str("KAM_MAIL_MAILBOX", "INBOX")
MAIL_FETCH_SSL = env_bool("KAM_MAIL_SSL", True)
# SMS to customers (kamdesk/notifications/sms.py): "gateway" posts to the operator's SMS
# gateway; "local" (demo, test) keeps them in the outbox only; "hold" queues them.
KAM_SMS_BACKEND = env_str("KAM_SMS_BACKEND", "local" if IS_RELAXED else "hold")
KAM_SMS_GATEWAY_URL = env_str("KAM_SMS_GATEWAY_URL", "")
KAM_SMS_GATEWAY_TOKEN = env_str("KAM_SMS_GATEWAY_TOKEN", "")
# The ``local`` backend's file outbox: one JSON line per SMS "sent" (demo; empty: none).
KAM_SMS_OUTBOX_FILE = env_str(
    "KAM_SMS_OUTBOX_FILE", "" if KAM_ENV == "test" else str(VAR_DIR / "sms-outbox.jsonl")
)
# Bills and statements (kamdesk/statements): the operator's name and logo (a PNG path)
# printed on every document.
KAM_OPERATOR_NAME = env_str("KAM_OPERATOR_NAME", "中国移动通信集团")
KAM_STATEMENT_LOGO = env_str("KAM_STATEMENT_LOGO", "")
# One-time codes sent by SMS: minutes valid, wrong guesses allowed.
OTP_VALID_MINUTES = env_int("KAM_OTP_VALID_MINUTES", 10)
OTP_MAX_ATTEMPTS = env_int("KAM_OTP_MAX_ATTEMPTS", 5)
# Controlled unmasking (docs/security.md): how long a grant lasts, how long a request
# waits for its code or approval, which authorisations each kind of data accepts, and
# the group of designated vault-mode approvers (besides the requester's supervisor).
UNMASK_GRANT_MINUTES = env_int("KAM_UNMASK_GRANT_MINUTES", 15)
UNMASK_REQUEST_MINUTES = env_int("KAM_UNMASK_REQUEST_MINUTES", 30)
UNMASK_METHODS = env_str("KAM_UNMASK_METHODS", "identity:sms+vault,call_record:sms+vault")
UNMASK_APPROVER_GROUP = env_str("KAM_UNMASK_APPROVER_GROUP", "unmask-approvers")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

if KAM_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
