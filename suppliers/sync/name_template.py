"""A supplier's name template: bare titles completed from the record's facts.

Suppliers differ in what their titles say: one writes "Кеди жіночі руді з
еко-замші", another only "Кеди руді". A template such as

    {type} {audience} {colour} {name}[ з {material}]

puts the facts every name should carry in one order for all suppliers. The
facts are the type noun (the store category the supplier's category is mapped
to, else the supplier's own category name), the audience (a parameter such as
"Стать", else a word of the category path like "Жінкам"), the colour and the
material (the parameters the attribute mapping files as colour and material).

It is applied only when the cleaned title lacks a known fact. A fact the title
already has keeps the title's own word (its grammatical form agrees with the
title) and moves to its slot; {name} is what is left of the title. A part in
[brackets] disappears when a fact inside it is unknown.
"""

from __future__ import annotations

import re

FIELDS = ("name", "type", "audience", "colour", "material")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
WORD = re.compile(r"[\w'’ʼ-]+")
EDGE = " \t-–—,.;:|/\\_+*"

# The audience said in a category or parameter, as the plural adjective shoe names take.
AUDIENCES = [(("жін", "женск", "women", "woman", "lady", "ladies"), "жіночі"),
             (("чолов", "мужск", "men", "man"), "чоловічі"),
             (("дит", "детск", "kid", "child", "дівч", "хлопч"), "дитячі"),
             (("унісекс", "унисекс", "unisex"), "унісекс")]
AUDIENCE_PARAMS = ("стать", "пол", "для кого", "gender", "аудитор", "audience")


class TemplateError(ValueError):
    pass


def check(template: str) -> None:
    """TemplateError naming what is wrong: an unknown {field}, or no {name} (the title would be lost)."""
    fields = PLACEHOLDER.findall(template or "")
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise TemplateError(f"unknown field {{{unknown[0]}}}; the fields are "
                            + ", ".join(f"{{{f}}}" for f in FIELDS))
    if template.strip() and "name" not in fields:
        raise TemplateError("the template must contain {name}, where the rest of the title goes")


def audience_of(params: dict[str, str], category: str) -> str:
    for param, value in params.items():
        if value and any(stem in param.casefold() for stem in AUDIENCE_PARAMS):
            return _audience_word(value) or value.strip()
    return _audience_word(category)


def _audience_word(text: str) -> str:
    for word in WORD.findall((text or "").casefold()):
        for stems, adjective in AUDIENCES:
            if any(word.startswith(stem) for stem in stems):
                return adjective
    return ""


def _stem(word: str) -> str:
    """Enough of a word to match its other forms: "руді" ~ "рудий", "жіночі" ~ "жіноча"."""
    word = word.casefold()
    return word[:max(3, len(word) - 2)]


def _find(title_words: list[str], fact: str) -> list[int] | None:
    """Indexes of the title's words that say `fact` (every word of it), or None."""
    found = []
    for fact_word in WORD.findall(fact):
        stem = _stem(fact_word)
        index = next((i for i, word in enumerate(title_words)
                      if i not in found and word.casefold().startswith(stem)), None)
        if index is None:
            return None
        found.append(index)
    return found or None


class NameTemplate:
    def __init__(self, template: str = ""):
        self.template = (template or "").strip()
        check(self.template)

    def apply(self, title: str, facts: dict[str, str]) -> str:
        """The title completed by the template, or the title itself when it lacks no fact."""
        known = {key: " ".join(value.split()) for key, value in facts.items()
                 if key in FIELDS and key != "name" and value and value.strip()}
        if not self.template or not known:
            return title
        words = WORD.findall(title)
        found = {key: _find(words, value) for key, value in known.items()}
        if all(found.values()):
            return title  # the title already says all the record knows
        slots, used = {}, set()
        for key, value in known.items():
            if found[key] and not used & set(found[key]):
                slots[key] = " ".join(words[i] for i in sorted(found[key]))
                used |= set(found[key])
            else:
                slots[key] = value.casefold() if key != "type" else value
        slots["name"] = _without(title, [words[i] for i in sorted(used)], lower_first=0 not in used)
        return self.render(slots)

    def render(self, slots: dict[str, str]) -> str:
        def optional(match):
            part = match[1]
            return part if all(slots.get(f) for f in PLACEHOLDER.findall(part)) else ""

        text = OPTIONAL.sub(optional, self.template)
        text = PLACEHOLDER.sub(lambda m: slots.get(m[1], ""), text)
        text = " ".join(text.split()).strip(EDGE)
        text = re.sub(r"\s+([,.;:])", r"\1", text)
        return text[:1].upper() + text[1:]


def record_facts(record, *, type_name: str, slug_of) -> dict[str, str]:
    """The facts of one FeedRecord; `slug_of(param)` is the attribute definition a param is filed
    under (the supplier's attribute mapping), `type_name` the title of its store category."""
    facts = {"type": type_name or (record.category_name or "").replace(":", "/").split("/")[-1].strip(),
             "audience": audience_of(record.params, f"{record.category_key} {record.category_name}")}
    for param, value in record.params.items():
        slug = slug_of(param)
        if slug in ("colour", "material") and value and slug not in facts:
            facts[slug] = value
    return facts


def _without(title: str, words: list[str], *, lower_first: bool) -> str:
    """The title less one occurrence of each of `words` (whole words only). `lower_first`: the
    rest begins with the title's first word, whose capital was the title's, not its own."""
    for word in words:
        title = re.sub(rf"(?<![\w'’ʼ-]){re.escape(word)}(?![\w'’ʼ-])", " ", title, count=1)
    rest = " ".join(title.split()).strip(EDGE)
    if lower_first and rest[:1].isupper() and rest[1:2].islower():
        rest = rest[:1].lower() + rest[1:]
    return rest


class Namer:
    """One per run: the supplier's template with the store categories' titles, read once."""

    def __init__(self, supplier, categories, attributes):
        self.template = supplier.compiled_name_template()
        self.categories = categories
        self.attributes = attributes
        self._titles: dict[int, str] | None = None

    def name(self, title: str, record) -> str:
        if not self.template.template or not title:
            return title
        return self.template.apply(title, record_facts(record, type_name=self._type(record),
                                                       slug_of=self._slug))

    def _type(self, record) -> str:
        if self._titles is None:
            from shop.models import CategoryPage

            ids = {i for i in self.categories.targets.values() if i}
            self._titles = dict(CategoryPage.objects.filter(pk__in=ids).values_list("pk", "title"))
        return self._titles.get(self.categories.category_id(record) or 0, "")

    def _slug(self, param: str) -> str | None:
        definition_id = self.attributes.mapping.get(param[:255].casefold())
        definition = self.attributes.definitions.get(definition_id) if definition_id else None
        return definition.slug if definition else None
