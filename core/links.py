"""Links an editor types: only web pages, relative paths, e-mail and phone links.

A `javascript:` or `data:` link in a banner or a menu runs in every shopper's browser, so
forms refuse them and templates drop any that older content still holds. Browsers ignore
tabs, newlines and other control characters inside a scheme ("java\\tscript:"), so the
scheme is read the way they read it.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def link_scheme(url: str) -> str:
    """The scheme a browser would see in `url`, lower-cased; "" for a relative link."""
    match = _SCHEME.match(_IGNORED.sub("", url or ""))
    return match.group(1).lower() if match else ""


def is_safe_link(url: str) -> bool:
    return link_scheme(url) in SAFE_SCHEMES or not link_scheme(url)


def safe_href(url: str) -> str:
    """`url` when it is safe to put in an href, else "" (the link is not rendered)."""
    return (url or "").strip() if is_safe_link(url) else ""


def validate_link(url: str) -> None:
    if url and not is_safe_link(url):
        raise ValidationError(
            _("Links may be web addresses (http, https), paths on this site such as /catalog/, "
              "mailto: or tel:; “%(scheme)s:” links are not allowed."),
            code="unsafe_link", params={"scheme": link_scheme(url)})
