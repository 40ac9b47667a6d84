"""Settings for Moments CMS.

Everything that differs between a laptop, CI and production comes from the
environment: ``DATABASE_URL``, ``SECRET_KEY``, ``DEBUG``, ``ALLOWED_HOSTS``,
``MEDIA_ROOT``, ``BASE_URL`` and the serving settings the README lists. With none set, the project runs on an
embedded SQLite database in debug mode.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-for-moments-cms"

# Shared with the brand's member system, which signs member tokens (JWT, HS256) with it.
MOMENTS_MEMBER_TOKEN_SECRET = os.environ.get("MOMENTS_MEMBER_TOKEN_SECRET", "")
if not MOMENTS_MEMBER_TOKEN_SECRET:
    if not DEBUG:
        raise ImproperlyConfigured("MOMENTS_MEMBER_TOKEN_SECRET must be set when DEBUG is off.")
    MOMENTS_MEMBER_TOKEN_SECRET = "insecure-development-member-token-secret-for-moments"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    # Ours, lowest layer first: each uses only those above it in this list.
    "cms",
    "campaigns",
    "calendars",
    "delivery",
    "search",
    "webhooks",
    "frontend_api",
    "demo",
    "wagtail.contrib.settings",
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
    "django_filters",
    "graphene_django",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every cacheable GET, and 304 when the client already holds it (never for no-store answers).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:  # static files from the app server, compressed and cacheable; in debug, runserver serves them
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "moments.urls"
WSGI_APPLICATION = "moments.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Workers keep their connection between requests (opening one to PostgreSQL costs
        # more than a cached answer); runserver's thread per request would only leak them.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers at once (the server's threads, the task worker): in WAL mode readers go on
    # during a write, and each transaction takes the write lock as it begins (in WAL,
    # EXCLUSIVE is IMMEDIATE), waiting for it, rather than failing "database is locked"
    # when two try to upgrade a read lock at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="EXCLUSIVE", timeout=20, init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Moment answers and rate-limit counters live in the cache: per process in local
# memory by default; shared by every server process in Redis when REDIS_URL is
# set (e.g. redis://127.0.0.1:6379/0). A Redis outage degrades, never fails.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "moments.redis_cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("MOMENTS_CACHE_PREFIX", "moments"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work through django-tasks, the queue Wagtail itself puts search and
# reference-index updates on: cleaning members' photos, renditions, webhook
# deliveries and their retries, scheduled go-live and expiry. MOMENTS_TASKS picks where tasks wait:
# - "rq" (the default when REDIS_URL is set): RQ on Redis, run by `make worker`;
# - "database" (the default otherwise): a table, run by `manage.py task_worker`
#   (django-tasks' db_worker), which `make run` starts beside the server, so
#   trying it needs only Python;
# - "immediate": in the process that enqueues, at once (the test suite's default).
MOMENTS_TASKS = os.environ.get("MOMENTS_TASKS", "rq" if REDIS_URL else "database")
MEMBERS_TASK_QUEUE = "members"  # first: RQ's worker empties each queue before the next
TASK_QUEUES = [MEMBERS_TASK_QUEUE, "default", "webhooks"]
TASK_BACKENDS = {
    "rq": "django_tasks_rq.RQBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if MOMENTS_TASKS not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"MOMENTS_TASKS={MOMENTS_TASKS!r}: use one of {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[MOMENTS_TASKS], "QUEUES": TASK_QUEUES}}
RQ_QUEUES = {name: {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 600} for name in TASK_QUEUES}

# Publish webhooks (webhooks/): each attempt's timeout, how many attempts, and the first
# retry's delay, doubled for each one after.
MOMENTS_WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("MOMENTS_WEBHOOK_TIMEOUT_SECONDS", "5"))
MOMENTS_WEBHOOK_ATTEMPTS = int(os.environ.get("MOMENTS_WEBHOOK_ATTEMPTS", "6"))
MOMENTS_WEBHOOK_RETRY_SECONDS = int(os.environ.get("MOMENTS_WEBHOOK_RETRY_SECONDS", "30"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Editors work in China; the product's dates (seasons, festivals, campaign
# windows) are local dates in this zone unless a region says otherwise.
# Our strings are written in English, the source language, and translated in each
# app's locale/zh_Hans catalogue; editors pick 简体中文 in their account, and the
# app's members are answered in Chinese unless it asks for English (MOMENTS_API_LANGUAGES).
LANGUAGE_CODE = "en"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Date pickers in the admin, whatever the language: ISO dates, never mm/dd/yyyy.
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Gzip and Brotli copies made by collectstatic. Not the manifest storage: Wagtail
    # already versions its admin assets, and every page would fail without a manifest.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Images and photos: served by Django only when asked (a one-box setup, `make serve`);
# behind a reverse proxy, let the proxy serve MEDIA_ROOT at MEDIA_URL instead. An hour:
# a member's photo must leave caches soon after its post is rejected or consent ends,
# and an unchanged file revalidates with a 304.
MOMENTS_SERVE_MEDIA = env_flag("MOMENTS_SERVE_MEDIA", DEBUG)
MOMENTS_MEDIA_CACHE_SECONDS = int(os.environ.get("MOMENTS_MEDIA_CACHE_SECONDS", str(60 * 60)))
# More than one machine: media in an S3-compatible object store (AWS S3, Aliyun OSS,
# Tencent COS, MinIO) through django-storages, credentials from boto3's usual
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, served from MOMENTS_S3_CUSTOM_DOMAIN (a CDN)
# when set. Documents still go through Wagtail's view, which checks their privacy.
MOMENTS_S3_BUCKET = os.environ.get("MOMENTS_S3_BUCKET", "")
if MOMENTS_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MOMENTS_S3_BUCKET,
            "endpoint_url": os.environ.get("MOMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MOMENTS_S3_REGION") or None,
            "custom_domain": os.environ.get("MOMENTS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # images are public; documents never get a bucket URL (below)
            "file_overwrite": False,
            "object_parameters": {"CacheControl": f"public, max-age={MOMENTS_MEDIA_CACHE_SECONDS}"},
        },
    }
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Behind a reverse proxy that ends TLS: believe its X-Forwarded-Proto and -Host.
if env_flag("MOMENTS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
CSRF_TRUSTED_ORIGINS = [origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin.strip()]
# Served over HTTPS: secure cookies, plain HTTP redirected (not the balancer's health probe), and HSTS once asked.
if env_flag("MOMENTS_HTTPS", False):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("MOMENTS_HSTS_SECONDS", "0"))

# Wagtail's page editor posts many fields for pages with long inline panels.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Moments CMS"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.MomentsImage"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
# Search: Wagtail's database backend with our Chinese normalisation (cms.search), and
# OpenSearch when MOMENTS_SEARCH_URL names a node (search/; README, "Search"). The
# database's index is kept beside the engine's, and answers whenever the engine does not.
MOMENTS_SEARCH_URL = os.environ.get("MOMENTS_SEARCH_URL", "")
MOMENTS_SEARCH_INDEX = os.environ.get("MOMENTS_SEARCH_INDEX", "moments")  # the prefix of every index name
MOMENTS_SEARCH_TIMEOUT_SECONDS = float(os.environ.get("MOMENTS_SEARCH_TIMEOUT_SECONDS", "2"))
MOMENTS_SEARCH_INDEXING_TIMEOUT_SECONDS = float(os.environ.get("MOMENTS_SEARCH_INDEXING_TIMEOUT_SECONDS", "30"))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search"}}
if MOMENTS_SEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.admin_backend",
            "URLS": [MOMENTS_SEARCH_URL],
            "INDEX_PREFIX": f"{MOMENTS_SEARCH_INDEX}-admin-",
            "TIMEOUT": MOMENTS_SEARCH_TIMEOUT_SECONDS,
            "OPTIONS": {"max_retries": 0},
        },
        "database": {"BACKEND": "cms.search"},
    }
# cms.search.segmented() rebuilds Page's search fields to segment Chinese, and this
# check looks for Page's own field objects; tests/test_models.py checks the names instead.
SILENCED_SYSTEM_CHECKS = ["wagtailsearch.W001"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "pdf", "pptx", "txt", "xlsx"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # opensearch-py logs every failed request, the 404s of Wagtail's index rebuilds included;
    # search/engine.py says once, in a sentence, when the engine stops answering.
    "loggers": {"opensearch": {"level": "ERROR"}},
}

# Workflow notifications (a campaign submitted for review, approved, rejected).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "moments-cms@localhost")
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

GRAPHENE = {"SCHEMA": "frontend_api.schema.schema"}

# The delivery API (frontend_api). Each setting can be tuned without code changes.
MOMENTS_DEFAULT_CHANNEL = os.environ.get("MOMENTS_DEFAULT_CHANNEL", "app-home")
MOMENTS_DEFAULT_REGION = os.environ.get("MOMENTS_DEFAULT_REGION", "CN")
# Rendition sizes and formats the app may ask for; nothing else is ever rendered.
# Every one of them is made when an image is saved (cms/renditions.py); 750 and 1080 are common phone widths.
MOMENTS_IMAGE_WIDTHS = [160, 320, 480, 640, 750, 960, 1080, 1280]
# Shapes (width, height) an image may be cropped to around its focal point, at the widths cards and thumbnails use.
MOMENTS_IMAGE_CROPS = {"square": (1, 1), "portrait": (3, 4), "wide": (16, 9)}
MOMENTS_IMAGE_CROP_WIDTHS = [160, 320, 480, 750]
# Off for a bulk import that runs `manage.py make_renditions --queue` once it is done.
MOMENTS_RENDITIONS_ON_SAVE = env_flag("MOMENTS_RENDITIONS_ON_SAVE", True)
MOMENTS_API_LIMITS = {
    "max_depth": 10,
    "max_aliases": 20,
    "max_fields": 250,  # field selections in one query, fragments expanded
    "max_tokens": 2_000,  # parsing stops past this many; GraphiQL's introspection query has 183
    "max_cost": 100_000,  # see frontend_api/limits.py for how cost is counted
    "max_page_size": 100,  # `first` on connections and `moment`
    "max_body_bytes": 64 * 1024,
}
# Seconds a CDN may cache a successful GET query.
MOMENTS_API_CACHE_SECONDS = int(os.environ.get("MOMENTS_API_CACHE_SECONDS", "60"))
# How long a query text registered by hash (automatic persisted queries) is kept; the app re-sends a lapsed one.
MOMENTS_PERSISTED_QUERY_SECONDS = int(os.environ.get("MOMENTS_PERSISTED_QUERY_SECONDS", str(7 * 24 * 60 * 60)))
# The longest a cached `moment` answer lives (delivery/cache.py); 0 turns the cache off.
MOMENTS_MOMENT_CACHE_SECONDS = int(os.environ.get("MOMENTS_MOMENT_CACHE_SECONDS", "300"))
# How `moment` ranks content: see delivery/matching.py.
MOMENTS_MATCHING_WEIGHTS = {
    "scene": 3.0,
    "persona": 2.5,
    "in_season": 2.0,
    "peak": 1.0,
    "campaign": 1.5,
    "campaign_priority": 0.5,
    "query": 1.0,
    "local": 1.0,
    "freshness": 1.0,
    "freshness_half_life_days": 14.0,
}
# How deep `moment` reads each of its signals in the delivery index: the newest this many
# live items per scene, persona, region, in-season item and live campaign are scored.
MOMENTS_MATCHING_POOL = 50
# How long a draft preview link for the app stays valid.
MOMENTS_PREVIEW_TTL_SECONDS = int(os.environ.get("MOMENTS_PREVIEW_TTL_SECONDS", str(60 * 60)))
# Where the app opens a draft preview; {token} is replaced with a signed token.
MOMENTS_APP_PREVIEW_URL = os.environ.get("MOMENTS_APP_PREVIEW_URL", "moments://preview?token={token}")
# Where the app opens at a moment (the admin's app preview shows it as a QR code); {query} is the moment's
# arguments as a query string: at, region, personas, channel, first.
MOMENTS_APP_MOMENT_URL = os.environ.get("MOMENTS_APP_MOMENT_URL", "moments://moment?{query}")

# Languages the API answers members in, chosen by Accept-Language alone (frontend_api/languages.py);
# the first when the app names none of them, and for what a task tells a member later.
MOMENTS_API_LANGUAGES = ["zh-hans", "en"]

# Member posts (UGC) sent from the app: see delivery/intake.py.
MOMENTS_UGC = {
    "max_photos": 9,
    "max_photo_bytes": 10 * 1000 * 1000,
    "max_photo_pixels": 24 * 1000 * 1000,  # checked from the header, before decoding: a 6000 × 4000 phone photo
    "max_photo_side": 4096,  # photos are kept at most this long; the app shows them at up to 1,280 pixels wide
    "max_text_chars": 1000,
    "collection": "UGC 会员投稿",  # where their photos go in the image library
}
# Experiment events the app reports (campaigns/experiment_events.py): events per reportEvents request,
# and the days raw events are kept before `manage.py prune_experiment_events` deletes them (daily counts stay).
MOMENTS_EXPERIMENT_EVENTS = {
    "max_batch": 500,
    "max_body_bytes": 256 * 1024,  # a request with an API key may be this long: 500 events of about 250 bytes, and room
    "retention_days": int(os.environ.get("MOMENTS_EXPERIMENT_EVENT_RETENTION_DAYS", "90")),
}
# Member tokens: how long `member_token` makes them last, and clock skew tolerated.
MOMENTS_MEMBER_TOKEN_TTL_SECONDS = 24 * 60 * 60
MOMENTS_MEMBER_TOKEN_LEEWAY_SECONDS = 30
MOMENTS_MEMBER_TOKEN_MAX_TTL_SECONDS = 30 * 24 * 60 * 60  # tokens lasting longer are refused
# Who signs member tokens (iss) and for whom (aud): tokens of other services sharing the secret are refused.
MOMENTS_MEMBER_TOKEN_ISSUER = os.environ.get("MOMENTS_MEMBER_TOKEN_ISSUER", "member-system")
MOMENTS_MEMBER_TOKEN_AUDIENCE = os.environ.get("MOMENTS_MEMBER_TOKEN_AUDIENCE", "moments-cms")
# (requests, seconds) per window; replays of an idempotency key do not count.
MOMENTS_RATE_LIMITS = {
    "submit_post_per_member": (10, 60 * 60),
    "submit_post_per_ip": (60, 60 * 60),
    "report_events_per_member": (60, 60),  # an app flushes its events every half minute or so
    "report_events_per_ip": (600, 60),  # many phones share an office's or a campus's address
}
# The request header carrying the client's address when a trusted proxy sets
# it (e.g. "X-Real-IP"); empty to use the connection's address.
MOMENTS_CLIENT_IP_HEADER = os.environ.get("MOMENTS_CLIENT_IP_HEADER", "")
