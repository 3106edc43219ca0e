"""What the model may say about a product: the facts we hold, and nothing else.

The facts come from the product as the editor currently sees it (its latest draft, so a
translation starts from the Ukrainian text awaiting review) plus its sizes.
"""

import json
import re
from dataclasses import dataclass, field

import bleach
from django.utils.html import strip_tags
from django.utils.text import Truncator

SUPPLIER_TEXT_LIMIT = 3000  # characters of the supplier's description sent to the model
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass
class ProductFacts:
    name: str
    category: str = ""
    brand: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    sizes: list[str] = field(default_factory=list)
    supplier_text: str = ""
    # The Ukrainian texts, for translation.
    description_html: str = ""
    seo_title: str = ""
    meta_description: str = ""

    @property
    def sparse(self) -> bool:
        """Almost nothing to go on: the model must stay general rather than invent."""
        known = [bool(self.category), bool(self.brand), len(self.attributes) >= 2,
                 len(self.supplier_text) >= 80]
        return sum(known) < 2

    def as_prompt_data(self) -> dict:
        data = {
            "name": self.name, "category": self.category, "brand": self.brand,
            "attributes": self.attributes, "sizes": self.sizes,
            "supplier_text": self.supplier_text,
        }
        return {key: value for key, value in data.items() if value}

    def known_numbers(self) -> set[str]:
        """Every number the data states; a generated text may use these and no others."""
        text = json.dumps(self.as_prompt_data(), ensure_ascii=False) + " " + self.description_html
        text += " " + self.seo_title + " " + self.meta_description
        return {normalise_number(n) for n in NUMBER.findall(text)}


def normalise_number(text: str) -> str:
    return text.replace(",", ".")


def plain_text(html: str) -> str:
    text = strip_tags(bleach.clean(html or "", tags=set(), strip=True, strip_comments=True))
    return " ".join(text.split())


def product_facts(product) -> ProductFacts:
    """Facts of `product` (its latest draft); a few queries, fine for a background job."""
    draft = product.get_latest_revision_as_object()
    attributes = {}
    for attribute in draft.attributes.all():
        option = attribute.option
        label = option.definition.name
        value = option.value
        if attribute.raw_value and attribute.raw_value.lower() != value.lower():
            value = f"{value} ({attribute.raw_value})"
        attributes[label] = f"{attributes[label]}, {value}" if label in attributes else value
    category = draft.category
    return ProductFacts(
        name=draft.name,
        category=category.title if category else "",
        brand=draft.brand,
        attributes=attributes,
        sizes=list(product.variants.values_list("size", flat=True)),
        supplier_text=Truncator(plain_text(draft.description)).chars(SUPPLIER_TEXT_LIMIT),
        description_html=draft.description or "",
        seo_title=draft.seo_title,
        meta_description=draft.meta_description,
    )
