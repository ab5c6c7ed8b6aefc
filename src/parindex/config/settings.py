"""One settings file for every environment, driven by environment variables.

Every variable is optional: with none set, the app runs on SQLite in ``./var`` with
local media files, which is what ``parindex demo`` uses. See README.md for the list.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def data_dir() -> Path:
    """Where the SQLite database, media files and the generated secret key live."""
    return Path(os.environ.get("PARINDEX_DATA_DIR", "var")).resolve()


def secret_key(directory: Path) -> str:
    """``SECRET_KEY`` from the environment, else one generated once into the data directory."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = directory / "secret_key"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


DATA_DIR = data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "parindex.apps.accounts",
    "parindex.apps.audit",
    "parindex.apps.frameworks",
    "parindex.apps.assessments",
    "parindex.apps.reports",
    "parindex.apps.indices",
    "parindex.apps.planner",
    "parindex.apps.surveys",
    "parindex.apps.results",
    "parindex.apps.plans",
    "parindex.apps.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "parindex.config.urls"
WSGI_APPLICATION = "parindex.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "parindex.apps.core.navigation.navigation",
                "parindex.apps.assessments.banner.deadline_banner",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'parindex.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# PostgreSQL: parameters bound by the server, and a statement run a few times on a
# connection (PREPARE_THRESHOLD, 5) kept prepared, so that the reads every page makes
# (session, user, the revisions behind the cached pages) are not planned again each time.
# DB_PREPARED_STATEMENTS=0 turns both off (behind a pooler in transaction mode, such as
# PgBouncer without max_prepared_statements).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and env_bool(
    "DB_PREPARED_STATEMENTS", default=True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=int(os.environ.get("PREPARE_THRESHOLD", "5")),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# Sessions expire: after SESSION_COOKIE_AGE seconds (8 hours by default) and when the
# browser closes. Cookies are HTTP-only; set SECURE_COOKIES=1 when served over HTTPS.
# Django's database sessions and model backend, each reading its row in a written-out
# statement (accounts/fast_reads.py: every signed-in request makes both reads).
SESSION_ENGINE = "parindex.apps.accounts.fast_reads"
AUTHENTICATION_BACKENDS = ["parindex.apps.accounts.fast_reads.Backend"]
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Sign-in security (accounts) -------------------------------------------------------
# Failed sign-ins within SIGNIN_FAILURE_WINDOW seconds: at SIGNIN_FAILURES_PER_USERNAME
# for one username (or one user's two-step code), or SIGNIN_FAILURES_PER_ADDRESS from one
# client address (higher: a whole office may share one address), that username or address
# is locked for SIGNIN_LOCKOUT seconds. Counted in the default cache, which must then be
# shared by all worker processes. Behind a reverse proxy, SIGNIN_CLIENT_ADDRESS_HEADER
# names the header it sets to the client's address (e.g. X-Real-IP); empty: REMOTE_ADDR.
SIGNIN_FAILURES_PER_USERNAME = int(os.environ.get("SIGNIN_FAILURES_PER_USERNAME", "5"))
SIGNIN_FAILURES_PER_ADDRESS = int(os.environ.get("SIGNIN_FAILURES_PER_ADDRESS", "20"))
SIGNIN_FAILURE_WINDOW = int(os.environ.get("SIGNIN_FAILURE_WINDOW", str(15 * 60)))
SIGNIN_LOCKOUT = int(os.environ.get("SIGNIN_LOCKOUT", str(15 * 60)))
SIGNIN_CLIENT_ADDRESS_HEADER = os.environ.get("SIGNIN_CLIENT_ADDRESS_HEADER", "")
# The name authenticator apps show beside the account of a two-step (TOTP) secret.
TOTP_ISSUER = os.environ.get("TOTP_ISSUER", "ParIndex")
# --- end of sign-in security -----------------------------------------------------------

# The cache counts sign-in failures, so several worker processes must share it:
# CACHE_URL=redis://127.0.0.1:6379/1 (needs the "production" extra) or file:///path/to/dir.
# Without it, each process keeps its own in memory (fine for one process and for tests).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES: dict[str, dict[str, object]]
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
elif CACHE_URL.startswith("file://"):
    # A file cache culls a third of its files when it holds MAX_ENTRIES: raised so that
    # sessions never push the sign-in failure counters out.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# With a shared cache, sessions are read from it and written through to the database
# (a signed-in request then needs no query for its session); a cache of each process's
# own memory could keep a signed-out session alive in another process, so not then.
if CACHE_URL:
    SESSION_ENGINE = "parindex.apps.accounts.cached_sessions"

# The rendered heavy part of the self-scoring page and of the appraiser's queue, keyed by
# the revisions of what they show (assessments/page_cache.py), and each user's roles,
# menu and banner (accounts/access_revision.py): in the shared cache of CACHE_URL under
# its own prefix (a file cache: in its own folder, so that culling it never touches the
# sign-in counters or the sessions), else in each process's memory (at most
# PAGE_CACHE_ENTRIES entries, apart from the sign-in counters). PAGE_CACHE_SECONDS=0
# turns the cache off. After restoring a database backup, clear a shared cache and
# restart the application (each process keeps what it served last: PAGE_MEMO_MB).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 60 * 60)))
# What each process keeps itself of the pages it served last, in front of CACHES["pages"]
# (assessments.page_cache.Memo), in bytes.
PAGE_MEMO_BYTES = int(os.environ.get("PAGE_MEMO_MB", "32")) * 1024 * 1024
PAGES_CACHE: dict[str, object]
DEFAULT_CACHE_BACKEND = str(CACHES["default"]["BACKEND"])
if DEFAULT_CACHE_BACKEND.endswith("LocMemCache"):
    PAGES_CACHE = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "300"))},
    }
elif DEFAULT_CACHE_BACKEND.endswith("FileBasedCache"):
    PAGES_CACHE = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": f"{CACHES['default']['LOCATION']}/pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "20000"))},
    }
else:
    PAGES_CACHE = {**CACHES["default"], "KEY_PREFIX": "pages"}
CACHES["pages"] = PAGES_CACHE

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]  # each named in its own language
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # filled by collectstatic, for a front web server
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": f"/{MEDIA_URL}"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Evidence files (assessments) -----------------------------------------------------
# The largest evidence file a unit may upload, in megabytes (PDF, DOCX, XLSX, PNG, JPEG;
# the type is read from the file's content).
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_MB", "20")) * 1024 * 1024
# --- end of evidence files -------------------------------------------------------------

# --- Reports (reports) ----------------------------------------------------------------
# The header of the province's reports (Nghị định 30/2020/NĐ-CP layout): the province, the
# body that issues them and its symbol (Số: …/BC-SNV), the place on the date line and who
# signs. A unit's own report names the unit itself.
PARINDEX_PROVINCE = os.environ.get("PARINDEX_PROVINCE", "Quảng Trị")
REPORT_ISSUER = os.environ.get("REPORT_ISSUER", "Sở Nội vụ")
REPORT_SYMBOL = os.environ.get("REPORT_SYMBOL", "BC-SNV")
REPORT_PLACE = os.environ.get("REPORT_PLACE", "") or PARINDEX_PROVINCE
REPORT_SIGNER_TITLE = os.environ.get("REPORT_SIGNER_TITLE", "Giám đốc")
REPORT_SIGNER_NAME = os.environ.get("REPORT_SIGNER_NAME", "")
# --- end of reports --------------------------------------------------------------------
# --- Surveys: the public ballot form and ballot imports (surveys) ---------------------------
# At most SURVEY_BALLOTS_PER_ADDRESS ballots from one client address per SURVEY_BALLOT_WINDOW
# seconds (a one-stop office may share one address); a ballot sent sooner than
# SURVEY_MIN_FILL_SECONDS after the form was shown is refused as automated. Imports run in
# a thread of the web process unless TASKS names a worker backend.
SURVEY_BALLOTS_PER_ADDRESS = int(os.environ.get("SURVEY_BALLOTS_PER_ADDRESS", "30"))
SURVEY_BALLOT_WINDOW = int(os.environ.get("SURVEY_BALLOT_WINDOW", str(60 * 60)))
SURVEY_MIN_FILL_SECONDS = int(os.environ.get("SURVEY_MIN_FILL_SECONDS", "5"))
# --- end of surveys ------------------------------------------------------------------------
# --- E-mail (plans: reminders of overdue tasks) ---------------------------------------
# Printed to the console unless EMAIL_BACKEND names another backend; for SMTP
# (django.core.mail.backends.smtp.EmailBackend) EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
# EMAIL_HOST_PASSWORD, EMAIL_USE_TLS or EMAIL_USE_SSL and EMAIL_TIMEOUT say how to reach
# the server. SITE_URL starts the links in e-mails.
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILER_OPTIONS: dict[str, object] = {}
if EMAIL_BACKEND_PATH == SMTP_BACKEND:
    MAILER_OPTIONS = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "use_ssl": env_bool("EMAIL_USE_SSL"),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
    }
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": MAILER_OPTIONS}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ParIndex <parindex@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# --- end of e-mail ----------------------------------------------------------------------

# WhiteNoise serves the static files straight from the installed apps: no collectstatic
# step is needed, whichever way the app is started.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
