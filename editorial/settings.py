"""Settings for editorial, read from the environment.

Local work needs nothing set: DEBUG defaults to on, the database is a SQLite file in the project
folder. Production sets DEBUG=0, which makes SECRET_KEY and ALLOWED_HOSTS required and turns on
the secure defaults that ``manage.py check --deploy`` asks for.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from editorial.company_sign_in.config import settings_from as company_sign_in_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def webauthn_rp_id(site_url: str) -> str:
    """The host name of the site's address, or "localhost" for an IP address (a relying party
    of WebAuthn is a domain)."""
    host = urlsplit(site_url).hostname or "localhost"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host
    return "localhost"


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off, set SECRET_KEY in the environment to a long "
            "random value (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "django-insecure-local-development-only-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. With DEBUG off, list the site's host names, comma-separated."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, signing in on the site's login page (editorial.admin_site).
    "editorial.admin_site.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    # Sign-in, sign-out, password reset and change, second factors (TOTP, recovery codes,
    # WebAuthn passkeys) and company sign-in: django-allauth (editorial/accounts.py).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    # Company sign-in (editorial/company_sign_in/): allauth's OpenID Connect provider.
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "editorial",
    "references",
    "articles",
    "api",
]

MIDDLEWARE = [
    # Public pages for anonymous readers, from the cache before anything else runs.
    "editorial.caching.PublicPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "editorial.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a page comes from its path only (/es/...; the default language has no
    # prefix): never from Accept-Language or a cookie, so a URL is one page in one language
    # for the page cache and the proxies (editorial.languages).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A guest reviewer's session reaches their one invitation only (editorial.guest_access).
    "editorial.guest_access.GuestScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "editorial.security.UnencodableInputMiddleware",
    # Staff are signed out after STAFF_IDLE_TIMEOUT_MINUTES without a request.
    "editorial.sessions.StaffIdleTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Editors and board members add a second factor before anything else, when required.
    "editorial.factors.RequireSecondFactorMiddleware",
]

ROOT_URLCONF = "editorial.urls"
WSGI_APPLICATION = "editorial.wsgi.application"

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
                "editorial.context_processors.publisher",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}

AUTH_USER_MODEL = "editorial.User"
# What the board reviews, named the way AUTH_USER_MODEL names the user: the review's records
# (editorial) point at the content through these settings, never at an app above them. The
# reviewed model inherits editorial.workflow.ReviewWorkflow, its revisions
# editorial.models.ReviewedRevision (a system check says so when they do not).
EDITORIAL_REVIEWED_MODEL = "articles.Article"
EDITORIAL_REVISION_MODEL = "articles.ArticleRevision"
# axes's backend first: it refuses a locked-out username and address before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Staff sign in through company sign-in when password sign-in is off for them.
    "editorial.company_sign_in.backends.StaffPasswordOff",
    "django.contrib.auth.backends.ModelBackend",
    # A guest reviewer's sign-in link (editorial.guest_links): a token scoped to one invitation.
    "sesame.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One sign-in for the site and the admin: django-allauth's, at /accounts/login/ (the admin's
# /admin/login/ leads there, so no login page skips a second factor).
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "authoring:dashboard"
LOGOUT_REDIRECT_URL = "articles:list"

# The languages of the site (editorial.languages): code:name pairs, comma-separated, e.g.
# "en:English,es:Spanish". The first is the site's language (LANGUAGE_CODE): the original
# articles are written in it, its public pages are at today's URLs, and the admin and the
# authors' pages speak it. Translations are in the others, whose public pages are under their
# code (/es/...). The site's own words come from the gettext catalogues in locale/ (`make
# install` compiles them; a system check refuses a language without one); dates and numbers are
# formatted for the language (editorial/formats/ where ours differ from Django's).
LANGUAGES = [
    (code.strip(), name.strip())
    for code, _, name in (item.partition(":") for item in env_list("LANGUAGES"))
] or [("en", "English"), ("es", "Spanish")]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["editorial.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Email. Nothing is sent during a request or a cron command: messages are queued in the outbox
# (editorial/outbox.py) with a task that the worker (`manage.py db_worker`) runs, retrying
# transient failures with backoff. Locally the console backend prints them.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "editorial@localhost")
EDITORIAL_EMAIL_MAX_ATTEMPTS = env_int("EDITORIAL_EMAIL_MAX_ATTEMPTS", 8)
EDITORIAL_EMAIL_RETRY_SECONDS = env_int("EDITORIAL_EMAIL_RETRY_SECONDS", 60)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The cache: Redis, shared by every app process, when REDIS_URL is set (production: `make
# serve` requires it); this process's memory otherwise. A request never waits long on it.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "editorial")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "editorial.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 60 * 60 * 24,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": CACHE_KEY_PREFIX,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

# Public pages (editorial/caching.py): whole pages cached for anonymous readers, rebuilt on the
# next request after the published state changes (an approval, a policy version, the board, a
# topic). Browsers may keep a page PAGE_MAX_AGE seconds, shared caches (the reverse proxy)
# PAGE_S_MAXAGE seconds: the longest a reader may wait to see an approval behind a proxy.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60 * 60 * 24)
PAGE_MAX_AGE = env_int("PAGE_MAX_AGE", 60)
# The HTTP caches in front of the app (Varnish with xkey: deploy/varnish.vcl) are told what each
# public response shows in these headers (xkey for Varnish, Surrogate-Key for Fastly, Cache-Tag
# for Cloudflare), and a change is purged there by key: the worker sends a PURGE request with
# the keys in HTTP_CACHE_PURGE_HEADER to each of HTTP_CACHE_PURGE_URLS, again while one does
# not answer (after HTTP_CACHE_PURGE_RETRY_SECONDS, doubled each time up to ..._MAX_SECONDS).
# With purges, a proxy may keep a page a day.
HTTP_CACHE_KEY_HEADERS = env_list("HTTP_CACHE_KEY_HEADERS") or ["xkey"]
HTTP_CACHE_PURGE_URLS = env_list("HTTP_CACHE_PURGE_URLS")
HTTP_CACHE_PURGE_HEADER = os.environ.get("HTTP_CACHE_PURGE_HEADER", "xkey-purge")
HTTP_CACHE_PURGE_TIMEOUT = env_int("HTTP_CACHE_PURGE_TIMEOUT", 5)
HTTP_CACHE_PURGE_RETRY_SECONDS = env_int("HTTP_CACHE_PURGE_RETRY_SECONDS", 2)
HTTP_CACHE_PURGE_RETRY_MAX_SECONDS = env_int("HTTP_CACHE_PURGE_RETRY_MAX_SECONDS", 60)
PAGE_S_MAXAGE = env_int("PAGE_S_MAXAGE", 60 * 60 * 24 if HTTP_CACHE_PURGE_URLS else 10)
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 60)

# The history of every audited model is read-only: nothing restores an old row.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_EDIT = False

# The publisher named on every page and in the professional medical disclaimer.
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", "Editorial Medical Publishing")

SESSION_COOKIE_HTTPONLY = True
# Staff (users with admin access) are signed out after this many minutes without a request
# (editorial/sessions.py).
STAFF_IDLE_TIMEOUT_MINUTES = env_int("STAFF_IDLE_TIMEOUT_MINUTES", 30)
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "editorial.errors.csrf_failure"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # SECURE_SSL_REDIRECT=0: plain HTTP from a TLS-terminating proxy in front (which should send
    # X-Forwarded-Proto); check --deploy then no longer warns about it, the operator chose it.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    # The proxy's and the load balancer's health checks come over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
}

# Login throttling (editorial/throttling.py, django-axes): LOGIN_FAILURE_LIMIT failed sign-ins
# for one username from one address lock that pair out for LOGIN_LOCKOUT_MINUTES, on the site's
# login and the admin's; password reset requests count per address. Behind reverse proxies, set
# TRUSTED_PROXIES to how many of them append to X-Forwarded-For (nginx alone: 1); with 0 the
# header is ignored and the address is REMOTE_ADDR.
# Wider nets, counted over the same LOGIN_LOCKOUT_MINUTES: LOGIN_ADDRESS_FAILURE_LIMIT failures
# from one address over any usernames (password spraying) lock that address out, and
# LOGIN_USERNAME_FAILURE_LIMIT failures for one username from any addresses lock that username
# out. One mechanism: axes's backend and its handler (editorial.throttling.ThrottleHandler).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
LOGIN_USERNAME_FAILURE_LIMIT = env_int("LOGIN_USERNAME_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "editorial.throttling.ThrottleHandler"
AXES_USERNAME_CALLABLE = "editorial.throttling.attempted_username"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "editorial.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "editorial.throttling.lockout_response"
AXES_VERBOSE = False  # no banner at every start; failures and lockouts are still logged
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

# django-allauth (editorial/accounts.py). Accounts are made by editors (no sign-up); people sign
# in with their username; axes is the one throttle (the block above), so allauth's own rate
# limits are off: a failed sign-in is counted once, by axes's backend.
ACCOUNT_ADAPTER = "editorial.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True  # as Django's login did: the session lasts SESSION_COOKIE_AGE
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # no mail to an address nobody has
ACCOUNT_RATE_LIMITS = False
ACCOUNT_FORMS = {"reset_password": "editorial.throttling.ThrottledResetPasswordForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""  # the subjects name the publisher themselves
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
MFA_RATE_LIMITS = False
# Second factors (editorial/factors.py): TOTP with recovery codes, and WebAuthn passkeys, which
# also sign in alone. EDITORIAL_REQUIRE_MFA (on by default with DEBUG off) makes every editor
# and board member add one before reaching anything else; under DEBUG (`make run`, the demo
# accounts) it is off unless set. Passkeys belong to EDITORIAL_WEBAUTHN_RP_ID, the site's host
# name (by default the host of EDITORIAL_SITE_URL; "localhost" when that is an IP address,
# which WebAuthn refuses): browsers use them only on that host (or its subdomains) over HTTPS,
# or http://localhost.
EDITORIAL_REQUIRE_MFA = env_bool("EDITORIAL_REQUIRE_MFA", not DEBUG)
MFA_ADAPTER = "editorial.factors.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = PUBLISHER_NAME
MFA_ALLOW_UNVERIFIED_EMAIL = True  # accounts are made by editors, with their address
MFA_FORMS = {
    "authenticate": "editorial.factors.ThrottledAuthenticateForm",
    "reauthenticate": "editorial.factors.ThrottledReauthenticateForm",
    "authenticate_webauthn": "editorial.factors.ThrottledAuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "editorial.factors.ThrottledReauthenticateWebAuthnForm",
    "login_webauthn": "editorial.factors.ThrottledLoginWebAuthnForm",
}

# Company sign-in (OIDC, editorial/company_sign_in/): staff sign in through the company's
# identity provider, and their roles follow its groups at each sign-in. From OIDC_ISSUER,
# OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME, OIDC_SCOPES, OIDC_GROUPS_CLAIM and
# OIDC_ROLE_MAP: SOCIALACCOUNT_PROVIDERS (allauth's openid_connect provider, its app from here,
# never the database), OIDC_GROUPS_CLAIM and OIDC_ROLE_MAP ({provider group: our group}).
_company_sign_in = company_sign_in_settings(os.environ)
SOCIALACCOUNT_PROVIDERS = _company_sign_in["SOCIALACCOUNT_PROVIDERS"]
OIDC_GROUPS_CLAIM = _company_sign_in["OIDC_GROUPS_CLAIM"]
OIDC_ROLE_MAP = _company_sign_in["OIDC_ROLE_MAP"]
# With company sign-in on, EDITORIAL_STAFF_PASSWORD_SIGN_IN=0 refuses passwords to staff (editors,
# board members, superusers): they sign in through the provider. EDITORIAL_EMERGENCY_ACCOUNT
# names the one account that keeps its password, for when the provider is down.
EDITORIAL_STAFF_PASSWORD_SIGN_IN = env_bool("EDITORIAL_STAFF_PASSWORD_SIGN_IN", True)
EDITORIAL_EMERGENCY_ACCOUNT = os.environ.get("EDITORIAL_EMERGENCY_ACCOUNT", "").strip()
# Accounts made at a first company sign-in take their username and email from the provider
# (the one way an account is made other than by an editor).
SOCIALACCOUNT_ADAPTER = "editorial.company_sign_in.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

# The board's review rules (editorial/workflow.py reads them when it decides). A system check
# (editorial/checks.py) refuses values out of range at start-up.
EDITORIAL_REVIEW_DUE_DAYS = env_int("EDITORIAL_REVIEW_DUE_DAYS", 14)
EDITORIAL_APPROVAL_QUORUM = env_int("EDITORIAL_APPROVAL_QUORUM", 2)
EDITORIAL_BOARD_MEMBERS_MAY_DECIDE = env_bool("EDITORIAL_BOARD_MEMBERS_MAY_DECIDE", True)
EDITORIAL_REREVIEW_MONTHS = env_int("EDITORIAL_REREVIEW_MONTHS", 12)
EDITORIAL_REMINDER_DAYS_BEFORE_DUE = env_int("EDITORIAL_REMINDER_DAYS_BEFORE_DUE", 3)
# Approval needs every cited claim marked supported by a reviewer (claim-by-claim sign-off).
EDITORIAL_CLAIM_SIGNOFF = env_bool("EDITORIAL_CLAIM_SIGNOFF", True)

# Guest reviewers (editorial.guests): specialists from outside the board, invited by an editor.
# Their sign-in link opens one invitation, for EDITORIAL_GUEST_LINK_DAYS after it is sent;
# whether their approving reviews count toward EDITORIAL_APPROVAL_QUORUM is a choice of policy.
EDITORIAL_GUEST_LINK_DAYS = env_int("EDITORIAL_GUEST_LINK_DAYS", 21)
EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM = env_bool("EDITORIAL_GUESTS_COUNT_TOWARD_QUORUM", False)
# Where the links in emails point: the public address of the site (in production, by default,
# https:// and the first of ALLOWED_HOSTS).
EDITORIAL_SITE_URL = os.environ.get(
    "EDITORIAL_SITE_URL",
    "http://127.0.0.1:8000"
    if DEBUG or ALLOWED_HOSTS[0] == "*"
    else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")
# Webhooks (editorial.webhooks): deliveries are sent by the worker, each attempt bounded by
# EDITORIAL_WEBHOOK_CONNECT_TIMEOUT / _READ_TIMEOUT and _TOTAL_TIMEOUT seconds; a failed one is
# tried again after EDITORIAL_WEBHOOK_RETRY_SECONDS, doubled each time up to _RETRY_MAX_SECONDS,
# up to EDITORIAL_WEBHOOK_MAX_ATTEMPTS attempts; an endpoint whose last
# EDITORIAL_WEBHOOK_DISABLE_AFTER attempts all failed is disabled and the editors are told.
EDITORIAL_WEBHOOK_MAX_ATTEMPTS = env_int("EDITORIAL_WEBHOOK_MAX_ATTEMPTS", 8)
EDITORIAL_WEBHOOK_RETRY_SECONDS = env_int("EDITORIAL_WEBHOOK_RETRY_SECONDS", 30)
EDITORIAL_WEBHOOK_RETRY_MAX_SECONDS = env_int("EDITORIAL_WEBHOOK_RETRY_MAX_SECONDS", 6 * 3600)
EDITORIAL_WEBHOOK_DISABLE_AFTER = env_int("EDITORIAL_WEBHOOK_DISABLE_AFTER", 20)
EDITORIAL_WEBHOOK_CONNECT_TIMEOUT = env_int("EDITORIAL_WEBHOOK_CONNECT_TIMEOUT", 3)
EDITORIAL_WEBHOOK_READ_TIMEOUT = env_int("EDITORIAL_WEBHOOK_READ_TIMEOUT", 5)
EDITORIAL_WEBHOOK_TOTAL_TIMEOUT = env_int("EDITORIAL_WEBHOOK_TOTAL_TIMEOUT", 10)
# Outbound requests to addresses others chose (editorial.outbound_http): https only, and never
# to a loopback, private, link-local, multicast, reserved or metadata address, unless the
# address is in one of EDITORIAL_OUTBOUND_ALLOWED_NETWORKS (CIDRs, comma-separated). Plain http
# is for tests and local work only. EDITORIAL_OUTBOUND_CA_FILE: extra certificate authorities
# to trust (a private PKI; the tests' own), besides the system's.
EDITORIAL_OUTBOUND_ALLOW_HTTP = env_bool("EDITORIAL_OUTBOUND_ALLOW_HTTP", False)
EDITORIAL_OUTBOUND_ALLOWED_NETWORKS = env_list("EDITORIAL_OUTBOUND_ALLOWED_NETWORKS")
EDITORIAL_OUTBOUND_CA_FILE = os.environ.get("EDITORIAL_OUTBOUND_CA_FILE", "")
# The relying party of passkeys (WebAuthn): see MFA_ above.
EDITORIAL_WEBAUTHN_RP_ID = os.environ.get("EDITORIAL_WEBAUTHN_RP_ID", "").strip() or (
    webauthn_rp_id(EDITORIAL_SITE_URL)
)
SESAME_MAX_AGE = EDITORIAL_GUEST_LINK_DAYS * 24 * 3600
SESAME_ONE_TIME = False  # a guest comes back to the same link until it expires or is revoked

# Citation checks: warn reviewers about guidelines and research older than this many years.
REFERENCES_GUIDELINE_MAX_AGE_YEARS = env_int("REFERENCES_GUIDELINE_MAX_AGE_YEARS", 5)
REFERENCES_RESEARCH_MAX_AGE_YEARS = env_int("REFERENCES_RESEARCH_MAX_AGE_YEARS", 10)

# The read API (api/, /api/v1/): read-only, anonymous by default, JSON only. Each client (its
# address, as TRUSTED_PROXIES says) may make API_RATE_LIMIT requests a minute; a partner's API
# key (X-API-Key header; editors issue them in the admin) has its own limit. Errors under these
# paths are JSON (editorial/errors.py).
JSON_ERROR_PATH_PREFIXES = ["/api/"]
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120)
API_KEY_RATE_LIMIT = env_int("API_KEY_RATE_LIMIT", 1200)
API_RATE_WINDOW_SECONDS = env_int("API_RATE_WINDOW_SECONDS", 60)
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 20)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 100)
# How long a process trusts what it read of an API key (a revoked key stops within this time).
API_KEY_CACHE_SECONDS = env_int("API_KEY_CACHE_SECONDS", 30)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JSONOnly",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "URL_FORMAT_OVERRIDE": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "editorial read API",
    "DESCRIPTION": (
        "What the Medical Advisory Board approved, as JSON: articles (their live revision only), "
        "their references, the review behind each, topics, the board, change logs and search. "
        "Read-only and anonymous; partners may send an API key (X-API-Key) for a higher limit."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's validator badge would load an image from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "APPEND_COMPONENTS": {
        "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}
    },
    # Anonymous by default; a partner's key only raises the rate limit.
    "SECURITY": [{"ApiKey": []}],  # and {} (none), as every view allows anyone
}
