"""Who is a visitor, without knowing who they are.

The key is a hash of the client address, the browser's user agent and a random salt that lives
one day in the cache: the same browser counts once a day, and once the salt is gone nobody, us
included, can tell which address a key came from. No IP address is stored and no cookie is set.
Not the session key: the storefront starts a session only at the first cart add, so a visit
would turn into a second visitor exactly where the funnel needs it to stay one.
"""

import hashlib
import re
import secrets

from django.core.cache import cache
from django.utils import timezone

from core.ratelimit import client_address

# Crawlers, link previewers, monitors and scripts: their visits are not shoppers'.
BOT_PATTERN = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|pingdom|uptime|"
    r"lighthouse|headless|python-requests|python-urllib|curl|wget|httpclient|okhttp|go-http|java/|"
    r"scrapy|phantomjs|yandex|bingpreview|semrush|ahrefs|mj12|dataforseo|petalsearch",
    re.IGNORECASE)

_salts: dict = {}  # day -> salt, so a process asks the cache once a day


def is_bot(request) -> bool:
    agent = request.META.get("HTTP_USER_AGENT", "")
    return not agent or bool(BOT_PATTERN.search(agent))


def daily_salt(day) -> str:
    salt = _salts.get(day)
    if salt is None:
        key = f"analytics:salt:{day.isoformat()}"
        cache.add(key, secrets.token_hex(16), 2 * 24 * 3600)  # every process takes the first one made
        salt = cache.get(key) or secrets.token_hex(16)
        _salts.clear()
        _salts[day] = salt
    return salt


def visitor_key(request, day=None) -> str:
    salt = daily_salt(day or timezone.localdate())
    agent = request.META.get("HTTP_USER_AGENT", "")
    return hashlib.sha256(f"{salt}\n{client_address(request)}\n{agent}".encode()).hexdigest()[:16]
