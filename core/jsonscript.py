"""JSON inside a <script> element (JSON-LD), escaped as Django's json_script escapes it.

Replacing only "</" is not enough: "<!--<script>" in a product name puts the HTML parser
into a state where the closing </script> no longer ends the element, and the rest of the
page disappears. Escaping <, > and & as \\u003C, \\u003E, \\u0026 keeps the JSON identical
for a JSON parser and inert for the HTML one.
"""

import json

from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026",
            ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def script_json(value) -> SafeString:
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
