"""Settings shared by every environment.

Everything that differs between machines comes from environment variables, read
once here through django-environ. With no variables at all the portal runs on the
embedded default: SQLite in WAL mode and Celery on kombu's filesystem transport,
both under ``var/``. Setting ``DATABASE_URL`` and ``REDIS_URL`` moves the same code
onto PostgreSQL and Redis.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE
from kombu import Queue

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Runtime state of the embedded default (database, broker, private files) lives here.
VAR_DIR = Path(env.str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))


def public_base_url(value: str) -> str:
    """``value`` checked as the site's public address: scheme and host (and port), nothing else.

    Every absolute link the portal prints (PDF links and QR codes, e-mails, sitemap,
    canonical and hreflang links, the Wagtail site) is built on it, so a typo here would
    put dead links on paper: refuse it at start-up instead.
    """
    parts = urlsplit(value.strip())
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL must be the site's public address, like https://dtt.example.gov.vn "
            f"(scheme and host, optionally a port, no path); got {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


# The public address of the site. The embedded default derives it from PORT (what
# `make run` serves on); production requires it (portal/settings/production.py).
PORTAL_BASE_URL = public_base_url(
    env.str("PORTAL_BASE_URL", default="") or f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "portal",
    "portal.workspace",
    "portal.center",
    "portal.advisors",
    "portal.accounts",
    "cms",
    "assessment",
    "recommendations",
    "csp",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # The request being served, so the content version is read once per request.
    "cms.content.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, before anything that reads the user or the session:
    # a hit for an anonymous reader skips them all (cms/page_cache.py).
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in for staff: django-otp marks a session verified (request.user).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Cache-Control: no-store, private on pages with a token or personal data.
    "portal.middleware.PrivatePagesMiddleware",
    # Content-Security-Policy (a looser one for Wagtail's admin) and Permissions-Policy.
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    # Staff who need a second step go to the code (or enrolment) page before any /admin/
    # page; after the header middlewares so its redirects carry their headers too.
    "portal.accounts.two_factor.StaffTwoFactorMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.locality",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite in WAL mode lets the web process read while the worker writes; IMMEDIATE
# transactions make writers queue for the lock instead of failing with "locked".
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The same backend, checking a kept connection without a round trip (see there).
        DATABASES["default"]["ENGINE"] = "portal.db.postgresql"
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Parameters sent apart from the SQL, and a statement run five times on a connection
        # is prepared there: the flow's lookups are planned once per connection, not once
        # per request (a fifth of PostgreSQL's time in the whole flow). Turn it off
        # behind a pooler in transaction mode (PgBouncer before 1.21).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, cache and results on separate databases ------------------------------
# The broker must never be evicted; the cache may be. Keeping them in separate Redis
# databases (and, in production, separate servers) means a cache flush or an eviction
# policy can never drop a queued job.
REDIS_URL = env.str("REDIS_URL", default="")


def _redis_db(url: str, db: int) -> str:
    """Return ``url`` pointing at Redis database ``db``."""
    base = url.rstrip("/")
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{db}"


if REDIS_URL:
    CACHES = {
        "default": {
            # Optional at run time: a Redis outage makes every lookup a miss, never an
            # error page (portal/cache.py). Short timeouts keep a hung Redis from
            # holding pages up.
            "BACKEND": "portal.cache.ForgivingRedisCache",
            # Production may give the cache a Redis of its own with an eviction policy.
            "LOCATION": env.str(
                "REDIS_CACHE_URL",
                default=_redis_db(REDIS_URL, env.int("REDIS_CACHE_DB", default=1)),
            ),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": env.float("REDIS_CACHE_CONNECT_TIMEOUT", default=0.25),
                "SOCKET_TIMEOUT": env.float("REDIS_CACHE_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Sessions read from the cache (one Redis GET instead of a query on every request of the
# questionnaire), written to both: a Redis outage or eviction falls back on the table.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Whole public pages for anonymous readers (cms/page_cache.py); off to measure the pages
# themselves (bench/http_bench.py).
PORTAL_PAGE_CACHE = env.bool("PORTAL_PAGE_CACHE", default=True)

# --- Celery ---------------------------------------------------------------------------------
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = env.str(
        "CELERY_BROKER_URL", default=_redis_db(REDIS_URL, env.int("REDIS_BROKER_DB", default=0))
    )
    CELERY_RESULT_BACKEND = env.str(
        "CELERY_RESULT_BACKEND",
        default=_redis_db(REDIS_URL, env.int("REDIS_RESULT_DB", default=2)),
    )
    # A message not acknowledged within this many seconds is handed to another worker.
    # It must stay above the task time limit, or a slow task would run twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    }
else:
    # kombu's filesystem transport with atomic writes (portal/broker.py).
    CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="atomicfs://")
    CELERY_RESULT_BACKEND = env.str(
        "CELERY_RESULT_BACKEND", default=f"file://{VAR_DIR / 'celery-results'}"
    )
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "staging_folder": str(BROKER_DIR / "staging"),
        "store_processed": False,
        # Poll often: the filesystem transport has no push, and a plan should be
        # ready about a second after it was requested.
        "polling_interval": 0.1,
    }

CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
# Long, idempotent jobs: acknowledge only after the work is done and put the
# message back when a worker dies, so no requested job is lost; every task must
# therefore claim its work before doing it (see recommendations/jobs.py).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_TRACK_STARTED = True
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing must not hang a web request when the broker is down: fail fast, and
# let the periodic sweep re-enqueue the job later.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beat's housekeeping has a queue of its own, which every worker consumes too (the
# queues below are a worker's default): kombu takes its queues in turn, so a backlog of
# plans delays a sweep by one task at most instead of starving it until it expires.
# A deployment may add a worker of its own with `-Q housekeeping`.
HOUSEKEEPING_QUEUE = "housekeeping"
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (
    Queue(HOUSEKEEPING_QUEUE, routing_key=HOUSEKEEPING_QUEUE),
    Queue(CELERY_TASK_DEFAULT_QUEUE, routing_key=CELERY_TASK_DEFAULT_QUEUE),
)
CELERY_TASK_ROUTES = {
    "recommendations.sweep_stuck_plans": {"queue": HOUSEKEEPING_QUEUE},
    "portal.tasks.heartbeat": {"queue": HOUSEKEEPING_QUEUE},
    "cms.tasks.publish_scheduled": {"queue": HOUSEKEEPING_QUEUE},
    "cms.tasks.check_external_links": {"queue": HOUSEKEEPING_QUEUE},
    "cms.tasks.send_review_digest": {"queue": HOUSEKEEPING_QUEUE},
    "center.refresh_statistics": {"queue": HOUSEKEEPING_QUEUE},
    "center.copy_pending_statistics": {"queue": HOUSEKEEPING_QUEUE},
}
PLAN_SWEEP_SECONDS = env.float("PLAN_SWEEP_SECONDS", default=10.0)
HEARTBEAT_SECONDS = 30.0
# How often beat copies new submissions into the dashboard's statistics (facts.copy_pending).
STATISTICS_COPY_SECONDS = env.float("STATISTICS_COPY_SECONDS", default=5.0)
CELERY_BEAT_SCHEDULE = {
    # How often beat sweeps up plans whose lease expired or whose message was lost.
    "sweep-stuck-plans": {
        "task": "recommendations.sweep_stuck_plans",
        "schedule": PLAN_SWEEP_SECONDS,
        "options": {"expires": PLAN_SWEEP_SECONDS},
    },
    # Submissions of the last seconds into the dashboard's copies (portal/center/tasks.py).
    "center-copy-pending-statistics": {
        "task": "center.copy_pending_statistics",
        "schedule": STATISTICS_COPY_SECONDS,
        "options": {"expires": STATISTICS_COPY_SECONDS},
    },
    # Beat's and a worker's sign of life, judged by /healthz (portal/health.py).
    "worker-heartbeat": {
        "task": "portal.tasks.heartbeat",
        "schedule": HEARTBEAT_SECONDS,
        "options": {"expires": HEARTBEAT_SECONDS},
    },
    # Sign-ups never confirmed stop holding their address once the link has expired.
    "purge-unverified-accounts": {
        "task": "portal.accounts.purge_unverified_accounts",
        "schedule": 3600.0,
        "options": {"expires": 3500},
    },
    # Wagtail's scheduled publishing: pages go live (or expire) within a minute of their time.
    "cms-publish-scheduled": {
        "task": "cms.tasks.publish_scheduled",
        "schedule": 60.0,
        "options": {"expires": 60},
    },
    # Monday morning (after the production link check): editors get by e-mail what is
    # due for review and which links are broken (cms.digest); nothing when nothing is due.
    "cms-review-digest": {
        "task": "cms.tasks.send_review_digest",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
        "options": {"expires": 12 * 3600},
    },
    # The statistics copies rewritten in full and the cached open data rebuilt, nightly
    # (portal/center/tasks.py): the receivers keep the copies current during the day, so
    # this only repairs drift from bulk changes, and it rewrites about a million rows
    # (3 minutes on 100,000 assessments): too heavy to run every few minutes.
    "center-refresh-statistics": {
        "task": "center.refresh_statistics",
        "schedule": crontab(hour=2, minute=40),
        "options": {"expires": 3600},
    },
}
# Weekly check that the content's external links still answer (cms.linkcheck). Only the
# production settings add it to the schedule: a laptop or CI never calls out to the web.
CELERY_BEAT_LINK_CHECK = {
    "task": "cms.tasks.check_external_links",
    "schedule": crontab(day_of_week="mon", hour=3, minute=17),
    "options": {"expires": 24 * 3600},
}

# --- Content review -------------------------------------------------------------------
# Guidance pages, rules, links and legal references not reviewed for this many months
# are listed in the admin's staleness report (cms.staleness).
PORTAL_REVIEW_AFTER_MONTHS = env.int("PORTAL_REVIEW_AFTER_MONTHS", default=12)

# --- Support inbox (portal/center/inbox.py) ----------------------------------------------
# A support request that staff have neither answered nor touched (status, assignee, a note)
# this many working days (Monday to Friday, less the public holidays the center enters in the
# admin: center.PublicHoliday) after it was filed is overdue.
SUPPORT_OVERDUE_WORKING_DAYS = env.int("SUPPORT_OVERDUE_WORKING_DAYS", default=5)

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# One date format, 30/11/2026, in both languages (portal/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["portal.formats"]

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Generated plans and other files that must never be reachable by URL: served only
# through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Generated plans on S3-compatible object storage (django-storages, the "s3" extra):
# private objects, no public URL; the download view streams them after its checks.
PRIVATE_STORAGE_BUCKET = env.str("PRIVATE_STORAGE_BUCKET", default="")
if PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
            "location": "private",
        },
    }

# --- Wagtail ----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Đánh giá mức độ sẵn sàng chuyển đổi số"

# --- Two-factor sign-in for staff (portal/accounts/two_factor.py) -------------------------
# Superusers and these groups (by name; "Kiểm duyệt" is cms.editorial.MODERATORS) must enter
# a code from an authenticator app before any page under OTP_PROTECTED_PREFIX; other staff
# may enrol, and then they must too.
OTP_REQUIRED_GROUPS = env.list("OTP_REQUIRED_GROUPS", default=["Kiểm duyệt"])
OTP_PROTECTED_PREFIX = "/admin/"
# The name the authenticator app shows next to the codes.
OTP_TOTP_ISSUER = "Cổng đánh giá chuyển đổi số"
# Wagtail's own e-mails (moderation, password reset) link to the same public address.
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
# "simple": no English stemming or stop words on PostgreSQL ("so", "do", "can" are Vietnamese
# syllables: số, đô, cần). SQLite's FTS5 has no such setting and ignores it. After changing
# it, rebuild the index on PostgreSQL: `manage.py update_index`.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# ASCII slugs: "Mở gian hàng" becomes mo-gian-hang, not a percent-encoded address.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt", "zip"]

# --- Auth -------------------------------------------------------------------------------
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard:home"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses before a password is even checked once locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: 5 wrong passwords for one account from one address pause logging
# in for 15 minutes (a whole co-op office behind one address is not locked out).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The real client address behind the proxies listed here (addresses or CIDR ranges of
# the TLS proxy in front of gunicorn); see cms/clientip.py and README "Production".
PORTAL_TRUSTED_PROXIES: list[str] = env.list("PORTAL_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "cms.clientip.client_ip"
# A softer limit per account across all addresses: past this many failures within the
# cool-off, the account accepts one attempt per ACCOUNT_SOFT_DELAY_SECONDS. Others can
# slow logging in to this account, never lock its owner out.
ACCOUNT_SOFT_FAILURE_LIMIT = env.int("ACCOUNT_SOFT_FAILURE_LIMIT", default=20)
ACCOUNT_SOFT_DELAY_SECONDS = env.int("ACCOUNT_SOFT_DELAY_SECONDS", default=10)
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# A sign-up confirmation link works this long; an account not confirmed by then is deleted.
ACCOUNT_VERIFY_MAX_AGE = env.int("ACCOUNT_VERIFY_MAX_AGE", default=3 * 24 * 3600)
SESSION_COOKIE_AGE = 14 * 24 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Limits on cheap writes (cms/ratelimits.py) -------------------------------------------
# "count/period" per client address (ip), per account or assessment link (account) and
# per e-mail recipient (email). Generous for a co-op office sharing one address, far
# below what a script needs to fill the database or someone's inbox.
# When the cache (the counters' home) is unreachable, let requests through rather than
# refuse everyone: no page may fail because a cache is down (see portal/cache.py).
RATELIMIT_FAIL_OPEN = True
RATE_LIMITS: dict[str, dict[str, str]] = {
    "assessment-create": {"ip": "30/h", "account": "30/h"},
    "assessment-submit": {"ip": "30/h", "account": "5/h"},
    "plan-regenerate": {"ip": "30/h", "account": "5/h"},
    "support-request": {"ip": "10/h", "account": "5/h"},
    "invitation": {"ip": "30/h", "account": "10/h"},
    "signup": {"ip": "10/h", "email": "3/h"},
    "password-reset": {"ip": "10/h", "email": "3/h"},
    "page-password": {"ip": "10/h"},
    # Two-factor codes for /admin/ (portal/staff_otp): django-otp also slows each device
    # down after a wrong code; this bounds the guesses per account and per address.
    "otp-verify": {"ip": "30/h", "account": "10/h"},
    # Sending an assessment's resume link to an address the visitor types.
    "resume-email": {"ip": "10/h", "account": "5/h", "email": "3/h"},
    # Confirmation e-mails for claiming an assessment from another browser.
    "claim-confirm": {"ip": "10/h", "account": "3/h"},
    # Typing in a claim code an advisor handed over (portal/advisors/claim.py): a 60-bit
    # code cannot be guessed at these rates.
    "claim-code": {"ip": "20/h", "account": "10/h"},
}

# --- Assisted assessments (portal/advisors) -------------------------------------------
# Days a claim code handed to an organisation stays valid (assessment/claimcodes.py).
CLAIM_CODE_DAYS = env.int("CLAIM_CODE_DAYS", default=30)

# --- Plausibility of public figures -------------------------------------------------------
# Public figures (home page) and peer benchmarks (results) count only submitted
# assessments filled in over at least this many seconds, from creation to submission
# (AssessmentQuerySet.plausible): a script posting answers in a burst does not count.
PLAUSIBLE_MIN_SECONDS = env.int("PLAUSIBLE_MIN_SECONDS", default=120)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging ----------------------------------------------------------------------------
# Every handler masks capability tokens (resume, share, verification, invitation and
# reset links) in the message: reading the log must not hand out keys (cms/logmask.py).
# Content-Security-Policy (django-csp): scripts and styles only from our own static
# files, never inline (F12). Guidance pages may embed YouTube or Vimeo videos.
_SITE_CSP = {
    "default-src": [CSP_SELF],
    "script-src": [CSP_SELF],
    "style-src": [CSP_SELF],
    "img-src": [CSP_SELF, "data:"],
    "font-src": [CSP_SELF],
    "connect-src": [CSP_SELF],
    "frame-src": [
        "https://www.youtube.com",
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
    ],
    "frame-ancestors": [CSP_NONE],
    "form-action": [CSP_SELF],
    "base-uri": [CSP_SELF],
    "object-src": [CSP_NONE],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": _SITE_CSP}
# Wagtail's admin writes inline scripts and styles and previews pages in a frame of
# its own (portal/middleware.py: ContentSecurityPolicyMiddleware).
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_SITE_CSP,
        "script-src": [CSP_SELF, CSP_UNSAFE_INLINE],
        "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
        # Wagtail shows staff avatars from Gravatar.
        "img-src": [CSP_SELF, "data:", "blob:", "https://www.gravatar.com"],
        "frame-src": [CSP_SELF, *_SITE_CSP["frame-src"]],
        "frame-ancestors": [CSP_SELF],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_tokens": {"()": "cms.logmask.TokenMaskingFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_tokens"],
        },
        # runserver's access log (make run), as Django configures it, plus the mask.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # Replaces Django's default handlers of "django" (a second, unmasked console
        # handler under DEBUG; mail to ADMINS, which are not set): records go to root.
        "django": {"level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs its search-index and reference-index updates through
        # django-tasks' immediate backend and logs every one of them.
        "django_tasks": {"level": "WARNING"},
        # The filesystem transport has no host; kombu warns about that on every connection.
        "kombu.connection": {"level": "WARNING" if REDIS_URL else "ERROR"},
    },
}

# Request-size caps (F17). Form bodies are small: 2 MiB and 1,000 fields leave room for a
# long Wagtail page. Uploaded files above 1 MiB go to a temporary file instead of memory;
# the TLS proxy caps the whole body (client_max_body_size, README "Production").
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)

# Action plans (see recommendations/jobs.py). A plan still queued after the grace
# period was never picked up (the broker was down): the beat sweep enqueues it again.
# A plan running longer than the stale bound lost its worker; the bound stays above the
# task time limit so a slow but living task is never run twice.
PLAN_QUEUED_GRACE_SECONDS = env.int("PLAN_QUEUED_GRACE_SECONDS", default=60)
PLAN_STALE_AFTER_SECONDS = env.int("PLAN_STALE_AFTER_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
# One cap on tries for a plan, counted by every claim: the task's retries after a
# transient error and the sweep's rescues after a lost worker.
PLAN_MAX_ATTEMPTS = env.int("PLAN_MAX_ATTEMPTS", default=5)
# A worker's claim on a plan holds this long unless renewed; the worker renews it three
# times per period while rendering. When it dies, the plan is free again this soon.
PLAN_LEASE_SECONDS = env.int("PLAN_LEASE_SECONDS", default=15)


# /healthz (portal/health.py): all checks together answer within this many seconds.
HEALTHZ_DEADLINE_SECONDS = env.float("HEALTHZ_DEADLINE_SECONDS", default=0.9)
# Beat's heartbeat (every HEARTBEAT_SECONDS) older than this means beat or every worker is gone.
HEALTHZ_HEARTBEAT_MAX_AGE_SECONDS = env.int("HEALTHZ_HEARTBEAT_MAX_AGE_SECONDS", default=150)
# A plan queued longer than this means users wait for ever ("being prepared").
HEALTHZ_OLDEST_QUEUED_MAX_SECONDS = env.int("HEALTHZ_OLDEST_QUEUED_MAX_SECONDS", default=300)
# Who sees the detailed checks: callers sending this token in X-Healthz-Token, and
# direct (unproxied) callers from these networks. Everyone else gets only ok / not ok.
HEALTHZ_TOKEN = env.str("HEALTHZ_TOKEN", default="")
HEALTHZ_INTERNAL_NETWORKS: list[str] = env.list(
    "HEALTHZ_INTERNAL_NETWORKS", default=["127.0.0.0/8", "::1/128"]
)
