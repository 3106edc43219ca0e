"""HTML sanitizing with bleach: one policy per source of HTML."""

import bleach

# Editors, suppliers and the AI write product and page HTML: formatting,
# lists, links, tables, images. Never scripts, handlers or javascript: URLs.
EDITOR_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "img", "figure",
    "figcaption", "span", "div", "hr", "small", "sup", "sub",
}
EDITOR_ATTRIBUTES = {
    "a": ["href", "title", "rel", "target"],
    "img": ["src", "alt", "title", "width", "height", "loading"],
    "th": ["colspan", "rowspan", "scope"],
    "td": ["colspan", "rowspan"],
    "*": ["class"],
}
# Shoppers (reviews, comments): text with the barest formatting.
SHOPPER_TAGS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li"}

def clean_editor_html(html: str) -> str:
    return bleach.clean(
        html or "", tags=EDITOR_TAGS, attributes=EDITOR_ATTRIBUTES,
        protocols={"http", "https", "mailto", "tel"}, strip=True, strip_comments=True,
    )


def clean_shopper_html(html: str) -> str:
    return bleach.clean(html or "", tags=SHOPPER_TAGS, attributes={}, strip=True,
                        strip_comments=True)
