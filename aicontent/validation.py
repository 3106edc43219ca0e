"""Checks a model answer must pass before it may touch a product.

Each validator takes the tool input and the product's facts and returns the product
fields to write, or raises InvalidAnswer with a reason a manager can read.
"""

import re

import bleach
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from aicontent.facts import NUMBER, ProductFacts, normalise_number, plain_text
from aicontent.models import Kind
from aicontent.prompts import META_DESCRIPTION_MAX, SEO_TITLE_MAX, TOOLS
from core.sanitize import clean_editor_html

# What a product description may hold: the editor policy (core.sanitize) first, then
# only what the description's rich text editor offers.
DESCRIPTION_TAGS = {"p", "h3", "ul", "ol", "li", "b", "strong", "i", "em", "br"}
DESCRIPTION_MIN_CHARS = 120
DESCRIPTION_MAX_CHARS = 6000
NAME_MAX = 255
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
RUSSIAN_ONLY = set("ыэъёЫЭЪЁ")
UKRAINIAN_ONLY = set("іїєґІЇЄҐ")


class InvalidAnswer(Exception):
    """The model's answer cannot be used; the message says why."""


def tool_input(message, kind: str) -> dict:
    """The arguments of the forced tool call in a Messages API answer."""
    if getattr(message, "stop_reason", None) == "max_tokens":
        raise InvalidAnswer(_("The answer was cut off at the token limit."))
    name = TOOLS[Kind(kind)]["name"]
    for block in getattr(message, "content", None) or []:
        if getattr(block, "type", None) == "tool_use" and block.name == name:
            if not isinstance(block.input, dict):
                break
            return block.input
    raise InvalidAnswer(_("The answer has no structured result."))


def validate(kind: str, data: dict, facts: ProductFacts) -> dict:
    return VALIDATORS[Kind(kind)](data, facts)


def validate_description(data, facts):
    html = sanitize_description(_required_text(data, "description_html"))
    _check_description_shape(html)
    text = plain_text(html)
    _check_ukrainian(text, pgettext("aicontent", "description"))
    _check_numbers(text, facts, pgettext("aicontent", "description"))
    return {"description": html}


def validate_seo(data, facts):
    title = _plain_field(data, "seo_title", SEO_TITLE_MAX)
    meta = _plain_field(data, "meta_description", META_DESCRIPTION_MAX)
    _check_ukrainian(title, pgettext("aicontent", "meta title"))
    _check_ukrainian(meta, pgettext("aicontent", "meta description"))
    _check_numbers(f"{title} {meta}", facts, _("SEO text"))
    return {"seo_title": title, "meta_description": meta}


def validate_translation(data, facts):
    fields = {"name_en": _plain_field(data, "name_en", NAME_MAX)}
    if facts.description_html:
        html = sanitize_description(_required_text(data, "description_html_en"))
        _check_english(plain_text(html), pgettext("aicontent", "English description"))
        fields["description_en"] = html
    if facts.seo_title:
        fields["seo_title_en"] = _plain_field(data, "seo_title_en", SEO_TITLE_MAX)
    if facts.meta_description:
        fields["meta_description_en"] = _plain_field(data, "meta_description_en", META_DESCRIPTION_MAX)
    for name, value in fields.items():
        if name != "description_en":
            _check_english(value, name)
    all_text = " ".join(plain_text(v) for v in fields.values())
    _check_numbers(all_text, facts, pgettext("aicontent", "translation"))
    return fields


VALIDATORS = {
    Kind.DESCRIPTION: validate_description,
    Kind.SEO: validate_seo,
    Kind.TRANSLATION: validate_translation,
}


def sanitize_description(html: str) -> str:
    # bleach strips tags but keeps their text; a script's or style's text must go too.
    html = SCRIPT_OR_STYLE.sub("", html)
    html = clean_editor_html(html)
    html = bleach.clean(html, tags=DESCRIPTION_TAGS, attributes={}, strip=True, strip_comments=True)
    return html.strip()


def _required_text(data, name) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidAnswer(_("The answer lacks %(field)s.") % {"field": name})
    return value.strip()


def _plain_field(data, name, max_length) -> str:
    value = _required_text(data, name)
    if "<" in value or ">" in value:
        raise InvalidAnswer(_("%(field)s must be plain text, not HTML.") % {"field": name})
    value = " ".join(value.split())
    if len(value) > max_length:
        raise InvalidAnswer(
            _("%(field)s has %(length)d characters; at most %(max)d are allowed.")
            % {"field": name, "length": len(value), "max": max_length}
        )
    return value


def _check_description_shape(html):
    text = plain_text(html)
    if len(text) < DESCRIPTION_MIN_CHARS:
        raise InvalidAnswer(_("The description is too short (%(length)d characters).")
                            % {"length": len(text)})
    if len(text) > DESCRIPTION_MAX_CHARS:
        raise InvalidAnswer(_("The description is too long (%(length)d characters).")
                            % {"length": len(text)})
    if not re.search(r"<(ul|ol)>\s*<li>", html):
        raise InvalidAnswer(_("The description has no list of features."))


def _letters(text):
    return [ch for ch in text if ch.isalpha()]


def _check_ukrainian(text, what):
    letters = _letters(text)
    cyrillic = [ch for ch in letters if "\u0400" <= ch <= "\u04ff"]
    if not letters or len(cyrillic) / len(letters) < 0.6:
        raise InvalidAnswer(_("Not in Ukrainian: %(what)s.") % {"what": what})
    if RUSSIAN_ONLY & set(cyrillic) or (len(cyrillic) > 40 and not UKRAINIAN_ONLY & set(cyrillic)):
        raise InvalidAnswer(_("Russian rather than Ukrainian: %(what)s.") % {"what": what})


def _check_english(text, what):
    letters = _letters(text)
    cyrillic = [ch for ch in letters if "\u0400" <= ch <= "\u04ff"]
    if not letters or len(cyrillic) / len(letters) > 0.1:
        raise InvalidAnswer(_("Not in English: %(what)s.") % {"what": what})


def _check_numbers(text, facts, what):
    """No number the data does not state: sizes, percentages and prices must be real."""
    invented = sorted({normalise_number(n) for n in NUMBER.findall(text)} - facts.known_numbers())
    if invented:
        raise InvalidAnswer(
            _("Numbers that are not in the product data (%(what)s): %(numbers)s.")
            % {"what": what, "numbers": ", ".join(invented)}
        )
