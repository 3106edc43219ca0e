"""Settings shared by every environment; everything site-specific comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "shop",
    "shop.orders",
    "shop.customers",
    "shop.aicontent",
    "suppliers",
    "search",
    "channels",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "ninja",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
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
    "config.middleware.StorefrontCSPMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The catalog lives in memory: a random read costs about what a sequential one
    # does, so the planner should probe indexes rather than scan whole tables; and
    # JIT compilation only slows the short queries a shop runs. See docs/benchmarks.md.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c random_page_cost=1.1 -c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache",
         "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        # The memory cache's default of 300 entries is less than one page of renditions,
        # tiles and counts: it would evict what the next request needs.
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
              "OPTIONS": {"MAX_ENTRIES": 50_000}}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Ukrainian first, English second. Pages translate through Wagtail locales,
# catalog texts keep both languages side by side (name / name_en).
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", "Українська"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Крок")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"png": "webp", "jpeg": "webp", "gif": "gif"}
WAGTAILIMAGES_WEBP_QUALITY = 85
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx", "xml", "yml"]

# Wagtail's own background work (reference index, renditions) runs through
# django-tasks; the immediate backend runs it in-process so it never needs a
# second queue beside django-q2. See docs/ARCHITECTURE.md.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

Q_CLUSTER = {
    "name": "kramnytsia",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 1800,
    "retry": 3700,
    "orm": "default",
    **({"redis": os.environ["REDIS_URL"]} if os.environ.get("REDIS_URL") else {}),
}

# Catalog pricing: rounding applied to every computed retail price.
SHOP_CURRENCY = "UAH"
SHOP_PRICE_ROUNDING = os.environ.get("SHOP_PRICE_ROUNDING", "unit")
SHOP_LISTING_PAGE_SIZE = 24

# Search (search/, docs/search.md): "database" (embedded, the default) or "meilisearch".
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
MEILISEARCH_URL = os.environ.get("MEILISEARCH_URL", "http://127.0.0.1:7700")
MEILISEARCH_API_KEY = os.environ.get("MEILISEARCH_API_KEY", "")
MEILISEARCH_INDEX = os.environ.get("MEILISEARCH_INDEX", "products")
SEARCH_MAX_HITS = 1000  # as Meilisearch's maxTotalHits: results and facets cover the best 1,000
SEARCH_RATE_LIMIT = int(os.environ.get("SEARCH_RATE_LIMIT", "120"))  # requests a minute per address
# Believe X-Forwarded-For (search and sign-in limits) only behind our own proxy that overwrites it;
# the older SEARCH_ name still works.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR") or env_bool("SEARCH_TRUST_X_FORWARDED_FOR")

# --- Security headers (storefront is strict; see config/middleware.py) ---
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
SESSION_COOKIE_HTTPONLY = True

from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# The Wagtail admin ships inline scripts and styles of its own; it gets a
# looser policy (see config/middleware.py) while the storefront stays strict.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "frame-ancestors": [SELF],
        "frame-src": [SELF],
        "connect-src": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Cart, checkout and orders (shop.orders) ---
# Where new-order notifications go (comma-separated in the environment).
ORDER_MANAGER_EMAILS = env_list("ORDER_MANAGER_EMAILS")
# A checkout left alone this long becomes an AbandonedCart (`manage.py expire_checkouts`).
ORDER_CHECKOUT_EXPIRY_MINUTES = int(os.environ.get("ORDER_CHECKOUT_EXPIRY_MINUTES", "120"))
# The most of one size a cart line may hold, whatever the stock.
ORDER_MAX_LINE_QUANTITY = 20

# --- AI content (shop/aicontent): Claude writes descriptions, SEO text and English
# translations as draft revisions. Without ANTHROPIC_API_KEY the AI actions show but are
# disabled. Prices are USD per million tokens, for the job's cost estimate only.
ANTHROPIC_API_KEY = os.environ.get("ANTHROPIC_API_KEY", "")
ANTHROPIC_BASE_URL = os.environ.get("ANTHROPIC_BASE_URL", "") or None  # tests point it at a local server
ANTHROPIC_MODEL = os.environ.get("ANTHROPIC_MODEL", "claude-sonnet-4-5")
ANTHROPIC_MAX_TOKENS = int(os.environ.get("ANTHROPIC_MAX_TOKENS", "2048"))
ANTHROPIC_TEMPERATURE = float(os.environ.get("ANTHROPIC_TEMPERATURE", "0.4"))
ANTHROPIC_MAX_RETRIES = int(os.environ.get("ANTHROPIC_MAX_RETRIES", "4"))  # the SDK's backoff on 429/5xx/529
ANTHROPIC_TIMEOUT = float(os.environ.get("ANTHROPIC_TIMEOUT", "120"))  # seconds per request
ANTHROPIC_PRICE_INPUT_PER_MTOK = os.environ.get("ANTHROPIC_PRICE_INPUT_PER_MTOK", "3.00")
ANTHROPIC_PRICE_OUTPUT_PER_MTOK = os.environ.get("ANTHROPIC_PRICE_OUTPUT_PER_MTOK", "15.00")
# Jobs of at least this many products go through the Message Batches API (half price,
# finished within minutes to hours); smaller ones call the Messages API one by one.
AICONTENT_BATCH_THRESHOLD = int(os.environ.get("AICONTENT_BATCH_THRESHOLD", "50"))
AICONTENT_BATCH_POLL_SECONDS = int(os.environ.get("AICONTENT_BATCH_POLL_SECONDS", "60"))

# --- Customers (shop/customers): accounts by e-mail, sign-in limits ---
LOGIN_URL = "customers:login"
LOGIN_REDIRECT_URL = "customers:account"
LOGOUT_REDIRECT_URL = "customers:login"
# The e-mail backend signs shoppers in; ModelBackend keeps usernames working for staff (admin).
AUTHENTICATION_BACKENDS = [
    "shop.customers.backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins allowed per window (attempts, seconds), per e-mail and per client address.
SIGN_IN_RATE_LIMITS = {"email": (5, 15 * 60), "address": (20, 15 * 60)}
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# --- Channels out (channels/): marketplace and shopping-engine feeds ---
# Where built feeds are kept (not under MEDIA_ROOT: they are served only at their secret URLs).
CHANNELS_FEED_ROOT = Path(os.environ.get("CHANNELS_FEED_ROOT", BASE_DIR / "var" / "feeds"))
# The storefront's absolute address in feeds; empty: the default Wagtail site's root URL.
CHANNELS_SITE_URL = os.environ.get("CHANNELS_SITE_URL", "")
CHANNELS_COMPANY = os.environ.get("CHANNELS_COMPANY", "")  # the seller's legal name in YML feeds
# A build lock older than this is taken over (a killed worker leaves no lock behind).
CHANNELS_LOCK_STALE_SECONDS = int(os.environ.get("CHANNELS_LOCK_STALE_SECONDS", "1800"))
# Prom.ua API pushes (channels/prom_push.py): price and stock between full feeds.
PROM_API_URL = os.environ.get("PROM_API_URL", "https://my.prom.ua/api/v1")
PROM_PUSH_BATCH = int(os.environ.get("PROM_PUSH_BATCH", "100"))
PROM_PUSH_RETRIES = int(os.environ.get("PROM_PUSH_RETRIES", "4"))
PROM_PUSH_BACKOFF_SECONDS = float(os.environ.get("PROM_PUSH_BACKOFF_SECONDS", "2"))
# IndexNow (channels/indexnow.py): changed product and category URLs to Bing, Yandex and others.
# Empty key: off. The key (8-128 of a-z A-Z 0-9 -) is served at /{key}.txt.
INDEXNOW_KEY = os.environ.get("INDEXNOW_KEY", "")
INDEXNOW_ENDPOINT = os.environ.get("INDEXNOW_ENDPOINT", "https://api.indexnow.org/indexnow")
INDEXNOW_BATCH = int(os.environ.get("INDEXNOW_BATCH", "10000"))
INDEXNOW_RETRIES = int(os.environ.get("INDEXNOW_RETRIES", "3"))
INDEXNOW_BACKOFF_SECONDS = float(os.environ.get("INDEXNOW_BACKOFF_SECONDS", "30"))
