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
    "aicontent",
    "payments",
    "suppliers",
    "search",
    "fulfilment",
    "channels",
    "analytics",
    "demo",
    "core",
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
    "core.middleware.RejectNulMiddleware",
    "core.middleware.PrivatePagesMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo runs web requests and the django-q2 cluster on one file. WAL lets pages read while
    # a sync writes; IMMEDIATE takes the write lock when a transaction starts, so two writers
    # queue for the busy timeout instead of one failing at once with "database is locked" when
    # it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 30, "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"})
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
# No remote avatars: the admin CSP keeps images on our origin, and a gravatar request would tell a
# third party who opens the admin. Users upload an avatar in their account settings instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
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
    # SQLite has one writer at a time: one worker there, so tasks queue instead of contending.
    "workers": int(os.environ.get("Q_WORKERS", "1" if "sqlite" in DATABASES["default"]["ENGINE"] else "2")),
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
# The client's address for rate limits (core/ratelimit.py): a header our own proxy overwrites
# (CLIENT_ADDRESS_HEADER, e.g. X-Real-IP), else the number of proxies appending to
# X-Forwarded-For (TRUSTED_PROXY_HOPS; the older SEARCH_TRUST_X_FORWARDED_FOR=1 means one),
# else REMOTE_ADDR.
CLIENT_ADDRESS_HEADER = os.environ.get("CLIENT_ADDRESS_HEADER", "")
TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS",
                                        "1" if env_bool("SEARCH_TRUST_X_FORWARDED_FOR") else "0"))
API_DOCS = env_bool("API_DOCS", True)  # /api/docs; production.py turns it off by default
# Pages with a shopper's own data: never cached (core.middleware.PrivatePagesMiddleware).
PRIVATE_URL_NAMESPACES = ["orders", "customers"]
PRIVATE_API_ROUTES = ["api/orders/", "api/customers/"]

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
# Analytics (analytics/): events wait in memory and are written in bulk; raw events are kept this
# many days, the daily aggregates the reports read are kept for good.
ANALYTICS_RECORDING = os.environ.get("ANALYTICS_RECORDING", "1") == "1"  # "0": record nothing
ANALYTICS_BUFFER_SIZE = int(os.environ.get("ANALYTICS_BUFFER_SIZE", "200"))
ANALYTICS_BUFFER_SECONDS = int(os.environ.get("ANALYTICS_BUFFER_SECONDS", "10"))
ANALYTICS_RETENTION_DAYS = int(os.environ.get("ANALYTICS_RETENTION_DAYS", "90"))

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

# --- AI content (aicontent): Claude writes descriptions, SEO text and English
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
    "shop.customers.backends.SignInLimitBackend",  # every sign-in form is rate-limited
    "shop.customers.backends.EmailBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed sign-ins allowed per window (attempts, seconds), per e-mail and per client address.
SIGN_IN_RATE_LIMITS = {"email": (5, 15 * 60), "address": (20, 15 * 60)}
# Password reset e-mails allowed per hour (attempts, seconds), per e-mail and per client address.
PASSWORD_RESET_RATE_LIMITS = {"email": (3, 3600), "address": (10, 3600)}
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Apps above shop adapt the checkout form through these (see shop/orders/extensions.py).
ORDER_CHECKOUT_FORM_EXTENSIONS = ["fulfilment.checkout.NovaPoshtaBranchPicker"]

# --- Fulfilment (fulfilment/): supplier dispatches, shipments, Nova Poshta ---
# Local times at which confirmed lines are mailed to their suppliers (django-q2 schedules).
FULFILMENT_DISPATCH_TIMES = env_list("FULFILMENT_DISPATCH_TIMES", "09:00,15:00")
FULFILMENT_DISPATCH_MAX_ATTEMPTS = int(os.environ.get("FULFILMENT_DISPATCH_MAX_ATTEMPTS", "6"))
FULFILMENT_DISPATCH_RETRY_MINUTES = int(os.environ.get("FULFILMENT_DISPATCH_RETRY_MINUTES", "30"))
# A send that has not finished after this long (a crashed worker) may be tried again.
FULFILMENT_DISPATCH_STALE_MINUTES = 15
# The TrueType font embedded in the PDF labels (it must cover Cyrillic); DejaVu Sans ships with the app.
FULFILMENT_LABEL_FONT = os.environ.get("FULFILMENT_LABEL_FONT",
                                       str(BASE_DIR / "fulfilment/fonts/DejaVuSans.ttf"))
FULFILMENT_SENDER_NAME = os.environ.get("FULFILMENT_SENDER_NAME", WAGTAIL_SITE_NAME)
FULFILMENT_SENDER_PHONE = os.environ.get("FULFILMENT_SENDER_PHONE", "")

# Nova Poshta API 2.0. Without a key the directory refresh, waybills and tracking do nothing.
NOVA_POSHTA_API_URL = os.environ.get("NOVA_POSHTA_API_URL", "https://api.novaposhta.ua/v2.0/json/")
NOVA_POSHTA_PRINT_URL = os.environ.get("NOVA_POSHTA_PRINT_URL", "https://my.novaposhta.ua")
NOVA_POSHTA_API_KEY = os.environ.get("NOVA_POSHTA_API_KEY", "")
NOVA_POSHTA_TIMEOUT = float(os.environ.get("NOVA_POSHTA_TIMEOUT", "30"))
NOVA_POSHTA_PAGE_SIZE = int(os.environ.get("NOVA_POSHTA_PAGE_SIZE", "500"))
NOVA_POSHTA_DIRECTORY_TIMES = env_list("NOVA_POSHTA_DIRECTORY_TIMES", "04:30")
NOVA_POSHTA_TRACKING_MINUTES = int(os.environ.get("NOVA_POSHTA_TRACKING_MINUTES", "120"))
# Delivery methods (by code) whose branch is picked from the Nova Poshta directory.
NOVA_POSHTA_DELIVERY_CODES = env_list("NOVA_POSHTA_DELIVERY_CODES", "nova-poshta-branch")
# Our sender account (refs from the Nova Poshta cabinet) for waybills.
NOVA_POSHTA_SENDER = {
    "ref": os.environ.get("NOVA_POSHTA_SENDER_REF", ""),
    "contact_ref": os.environ.get("NOVA_POSHTA_SENDER_CONTACT_REF", ""),
    "city_ref": os.environ.get("NOVA_POSHTA_SENDER_CITY_REF", ""),
    "address_ref": os.environ.get("NOVA_POSHTA_SENDER_ADDRESS_REF", ""),
    "phone": os.environ.get("NOVA_POSHTA_SENDER_PHONE", ""),
}
NOVA_POSHTA_WEIGHT_PER_ITEM = os.environ.get("NOVA_POSHTA_WEIGHT_PER_ITEM", "1.0")  # kg, a pair in its box
NOVA_POSHTA_CARGO_DESCRIPTION = os.environ.get("NOVA_POSHTA_CARGO_DESCRIPTION", "Взуття")

# --- Online payments (payments/): LiqPay, WayForPay, Monobank acquiring. A provider is offered
# once its credentials are set; editors pick one per "card online" payment method.
ORDER_ONLINE_PAYMENTS = "payments.gateway.gateway"  # shop.orders' extension point (online_payment.py)
# Sandbox: LiqPay test payments count as paid. config/settings/production.py refuses it.
PAYMENTS_SANDBOX = env_bool("PAYMENTS_SANDBOX")
# Where providers send callbacks and shoppers back (absolute, public).
PAYMENTS_BASE_URL = os.environ.get("PAYMENTS_BASE_URL", WAGTAILADMIN_BASE_URL)
# A "card online" order not paid this long after it was placed is cancelled and its stock returned.
PAYMENTS_UNPAID_EXPIRY_MINUTES = int(os.environ.get("PAYMENTS_UNPAID_EXPIRY_MINUTES", "60"))
LIQPAY_PUBLIC_KEY = os.environ.get("LIQPAY_PUBLIC_KEY", "")
LIQPAY_PRIVATE_KEY = os.environ.get("LIQPAY_PRIVATE_KEY", "")
LIQPAY_CHECKOUT_URL = os.environ.get("LIQPAY_CHECKOUT_URL", "https://www.liqpay.ua/api/3/checkout")
LIQPAY_API_URL = os.environ.get("LIQPAY_API_URL", "https://www.liqpay.ua/api/request")  # status checks
WAYFORPAY_MERCHANT_ACCOUNT = os.environ.get("WAYFORPAY_MERCHANT_ACCOUNT", "")
WAYFORPAY_SECRET_KEY = os.environ.get("WAYFORPAY_SECRET_KEY", "")
WAYFORPAY_DOMAIN = os.environ.get("WAYFORPAY_DOMAIN", "")  # default: PAYMENTS_BASE_URL's host
WAYFORPAY_PAY_URL = os.environ.get("WAYFORPAY_PAY_URL", "https://secure.wayforpay.com/pay")
WAYFORPAY_API_URL = os.environ.get("WAYFORPAY_API_URL", "https://api.wayforpay.com/api")  # CHECK_STATUS
MONOBANK_TOKEN = os.environ.get("MONOBANK_TOKEN", "")
MONOBANK_API_URL = os.environ.get("MONOBANK_API_URL", "https://api.monobank.ua")
# --- Store connectors (suppliers/connectors/): WooCommerce, Shopify, Magento as suppliers ---
# Fernet keys for the stores' secrets, comma-separated: the first encrypts, all decrypt (rotation).
# Empty: a key derived from SECRET_KEY (deploy/env.example). Limits: suppliers/sync/conf.py.
SUPPLIER_CREDENTIALS_KEYS = os.environ.get("SUPPLIER_CREDENTIALS_KEYS", "")
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
# Marketplace orders in (channels/orders/): polling Prom.ua and Rozetka, pushes back.
ROZETKA_API_URL = os.environ.get("ROZETKA_API_URL", "https://api-seller.rozetka.com.ua")
CHANNEL_ORDERS_PAGE_SIZE = int(os.environ.get("CHANNEL_ORDERS_PAGE_SIZE", "100"))  # Prom's limit per page
CHANNEL_ORDERS_MAX_PAGES = int(os.environ.get("CHANNEL_ORDERS_MAX_PAGES", "200"))  # Rozetka pages per run
# Each run asks for orders changed since the last good run's start minus this overlap.
CHANNEL_ORDERS_OVERLAP_MINUTES = int(os.environ.get("CHANNEL_ORDERS_OVERLAP_MINUTES", "15"))
CHANNEL_ORDERS_FIRST_DAYS = int(os.environ.get("CHANNEL_ORDERS_FIRST_DAYS", "7"))  # a channel's first run
CHANNEL_API_RETRIES = int(os.environ.get("CHANNEL_API_RETRIES", "3"))  # 429/5xx within one import call
CHANNEL_API_BACKOFF_SECONDS = float(os.environ.get("CHANNEL_API_BACKOFF_SECONDS", "2"))
CHANNEL_PUSH_MAX_ATTEMPTS = int(os.environ.get("CHANNEL_PUSH_MAX_ATTEMPTS", "12"))
# Pushes back to the channels: the wait doubles per attempt, up to the maximum delay.
CHANNEL_PUSH_BACKOFF_SECONDS = int(os.environ.get("CHANNEL_PUSH_BACKOFF_SECONDS", "60"))
CHANNEL_PUSH_MAX_DELAY_SECONDS = int(os.environ.get("CHANNEL_PUSH_MAX_DELAY_SECONDS", "21600"))
# IndexNow (channels/indexnow.py): changed product and category URLs to Bing, Yandex and others.
# Empty key: off. The key (8-128 of a-z A-Z 0-9 -) is served at /{key}.txt.
INDEXNOW_KEY = os.environ.get("INDEXNOW_KEY", "")
INDEXNOW_ENDPOINT = os.environ.get("INDEXNOW_ENDPOINT", "https://api.indexnow.org/indexnow")
INDEXNOW_BATCH = int(os.environ.get("INDEXNOW_BATCH", "10000"))
# A URL is submitted once it has not changed for this long (one notification per burst of edits).
INDEXNOW_QUIET_SECONDS = int(os.environ.get("INDEXNOW_QUIET_SECONDS", "600"))
INDEXNOW_BACKOFF_SECONDS = float(os.environ.get("INDEXNOW_BACKOFF_SECONDS", "300"))  # doubles per failure
