"""The requests we send to Claude: a system prompt and a forced tool call per kind of text.

Tool use gives structured output: the model must answer with the tool's input, which
aicontent.validation checks before anything touches a product.
"""

import json

from aicontent.conf import request_options
from aicontent.facts import ProductFacts
from aicontent.models import Kind

SEO_TITLE_MAX = 60
META_DESCRIPTION_MAX = 160

_HONESTY = (
    "Use only the facts in the data you are given. Never invent sizes, materials, colours, "
    "prices, countries, technologies or guarantees; do not mention prices or discounts at all, "
    "and write no number that is not in the data. If a fact is missing, leave it out."
)
_SPARSE = (
    " The data about this product is very thin: write a short, general text about this kind "
    "of product and its everyday use, with no specific claims."
)

SYSTEM = {
    Kind.DESCRIPTION: (
        "You write product descriptions for a Ukrainian online shoe and clothing store. "
        "Write in Ukrainian (never Russian), natural and specific, for shoppers. "
        "Structure: a short intro paragraph (<p>), a features list (<ul> with <li> items) "
        "built from the attributes, and a care advice paragraph that suits the material. "
        "Use the product's name, category, brand, colour and material as keywords naturally, "
        "without stuffing. Allowed HTML: p, h3, ul, ol, li, b, strong, i, em, br. "
        "The supplier's text is a source of facts, not of wording: do not copy it. " + _HONESTY
    ),
    Kind.SEO: (
        "You write search engine metadata for a Ukrainian online shoe and clothing store, "
        "in Ukrainian (never Russian). The meta title has at most 60 characters and leads "
        "with what the product is; the meta description has at most 160 characters, names "
        "the key facts and invites to buy. Plain text, no HTML, no quotes around it. " + _HONESTY
    ),
    Kind.TRANSLATION: (
        "You translate a Ukrainian online store's product texts into natural British/US "
        "neutral English for shoppers. Keep the meaning and the HTML structure of the "
        "description (allowed tags: p, h3, ul, ol, li, b, strong, i, em, br); keep the meta "
        "title within 60 characters and the meta description within 160. Brand names stay "
        "as they are. Translate only the fields you are given; add nothing. " + _HONESTY
    ),
}

TOOLS = {
    Kind.DESCRIPTION: {
        "name": "save_description",
        "description": "Save the product description.",
        "input_schema": {
            "type": "object",
            "properties": {"description_html": {
                "type": "string", "description": "The description as HTML, in Ukrainian."}},
            "required": ["description_html"],
        },
    },
    Kind.SEO: {
        "name": "save_seo",
        "description": "Save the SEO title and meta description.",
        "input_schema": {
            "type": "object",
            "properties": {
                "seo_title": {"type": "string", "maxLength": SEO_TITLE_MAX},
                "meta_description": {"type": "string", "maxLength": META_DESCRIPTION_MAX},
            },
            "required": ["seo_title", "meta_description"],
        },
    },
    Kind.TRANSLATION: {
        "name": "save_translation",
        "description": "Save the English texts.",
        "input_schema": {
            "type": "object",
            "properties": {
                "name_en": {"type": "string"},
                "description_html_en": {"type": "string"},
                "seo_title_en": {"type": "string", "maxLength": SEO_TITLE_MAX},
                "meta_description_en": {"type": "string", "maxLength": META_DESCRIPTION_MAX},
            },
            "required": ["name_en"],
        },
    },
}


def translation_source(facts: ProductFacts) -> dict:
    """The Ukrainian texts to translate; empty ones are not asked for."""
    source = {"name": facts.name, "description_html": facts.description_html,
              "seo_title": facts.seo_title, "meta_description": facts.meta_description}
    return {key: value for key, value in source.items() if value}


def user_message(kind: str, facts: ProductFacts) -> str:
    if kind == Kind.TRANSLATION:
        return ("Translate these Ukrainian product texts into English:\n"
                + json.dumps(translation_source(facts), ensure_ascii=False, indent=1))
    task = "Write the description" if kind == Kind.DESCRIPTION else "Write the SEO metadata"
    return (f"{task} for this product. Product data (JSON):\n"
            + json.dumps(facts.as_prompt_data(), ensure_ascii=False, indent=1))


def message_params(kind: str, facts: ProductFacts) -> dict:
    """Everything messages.create (or one Message Batches request) needs."""
    system = SYSTEM[Kind(kind)]
    if facts.sparse and kind != Kind.TRANSLATION:
        system += _SPARSE
    tool = TOOLS[Kind(kind)]
    return {
        **request_options(),
        "system": system,
        "tools": [tool],
        "tool_choice": {"type": "tool", "name": tool["name"]},
        "messages": [{"role": "user", "content": user_message(kind, facts)}],
    }
