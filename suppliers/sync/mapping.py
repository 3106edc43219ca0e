"""Supplier categories -> store categories, supplier parameters -> attribute options.

Both mappers observe the whole feed first (phase one of a run, no writes), so
the manager's lists of unmapped categories, parameters and unknown values
describe the latest feed, and the writes of phase two need no lookups.
"""

from __future__ import annotations

from collections import Counter

from django.db import transaction
from django.utils import timezone

from shop.models import AttributeDefinition
from shop.models.attributes import normalise_keyword
from suppliers.models import AttributeMapping, CategoryMapping, UnknownAttributeValue

# Stem in a parameter name (casefolded) -> the default attribute definition.
# Order matters: "Матеріал підкладки" is about the lining, not the upper.
PARAM_GUESSES = [
    (("підклад", "подклад", "lining", "утепл"), "lining"),
    (("колір", "цвет", "color", "colour"), "colour"),
    (("сезон", "season"), "season"),
    (("матеріал", "материал", "material", "upper", "верх"), "material"),
]


def guess_definition_slug(param: str) -> str | None:
    name = param.casefold()
    for stems, slug in PARAM_GUESSES:
        if any(stem in name for stem in stems):
            return slug
    return None


class CategoryMapper:
    def __init__(self, supplier):
        self.supplier = supplier
        self.targets: dict[str, int | None] = {}
        self.names: dict[str, str] = {}
        for key, name, category_id in CategoryMapping.objects.filter(supplier=supplier).values_list(
            "key", "name", "category_id"
        ):
            self.targets[key] = category_id
            self.names[key] = name
        self.seen: Counter[str] = Counter()
        self.seen_names: dict[str, str] = {}

    def observe(self, record) -> None:
        key = (record.category_key or "").strip()[:500]
        self.seen[key] += 1
        if record.category_name and key not in self.seen_names:
            self.seen_names[key] = record.category_name[:255]

    def category_id(self, record) -> int | None:
        return self.targets.get((record.category_key or "").strip()[:500])

    def save(self) -> None:
        """Create rows for new supplier categories, store how many models each has now."""
        now = timezone.now()
        with transaction.atomic():
            rows = {m.key: m for m in CategoryMapping.objects.filter(supplier=self.supplier)}
            new = [CategoryMapping(supplier=self.supplier, key=key, name=self.seen_names.get(key, ""),
                                   product_count=count, last_seen=now)
                   for key, count in self.seen.items() if key not in rows]
            CategoryMapping.objects.bulk_create(new, ignore_conflicts=True)
            changed = []
            for key, row in rows.items():
                count = self.seen.get(key, 0)
                name = self.seen_names.get(key, row.name)
                if (row.product_count, row.name) != (count, name):
                    row.product_count, row.name = count, name
                    row.last_seen = now if count else row.last_seen
                    changed.append(row)
            CategoryMapping.objects.bulk_update(changed, ["product_count", "name", "last_seen"])


class AttributeMapper:
    """Files a record's params under attribute options, remembering what it could not file."""

    def __init__(self, supplier):
        self.supplier = supplier
        self.definitions = {d.pk: d for d in AttributeDefinition.objects.prefetch_related("options")}
        by_slug = {d.slug: d for d in self.definitions.values()}
        self._by_slug = by_slug
        self.mapping: dict[str, int | None] = {}  # casefolded param name -> definition id
        self.known_params: set[str] = set()
        for param, definition_id in AttributeMapping.objects.filter(supplier=supplier).values_list(
            "param", "definition_id"
        ):
            self.known_params.add(param)
            self.mapping.setdefault(param.casefold(), definition_id)
        self.new_params: dict[str, int | None] = {}
        self._cache: dict[tuple[int, str], int | None] = {}
        self.unknown: Counter[tuple[int, str, str]] = Counter()  # (definition, param, value)

    def observe(self, record) -> None:
        for param in record.params:
            param = param[:255]
            if param in self.known_params or param in self.new_params:
                continue
            folded = param.casefold()
            if folded in self.mapping:
                definition_id = self.mapping[folded]
            else:
                guessed = self._by_slug.get(guess_definition_slug(param) or "")
                definition_id = guessed.pk if guessed else None
                self.mapping[folded] = definition_id
            self.new_params[param] = definition_id

    def options(self, record, count_unknown: bool = True) -> dict[int, tuple[int, str]]:
        """{option id: (definition id, raw value)} for the record's params, first value wins.

        Unknown values are counted for the manager's list once per model and run:
        the writer asks twice for a model it writes, the second time without counting.
        """
        out: dict[int, tuple[int, str]] = {}
        for param, value in record.params.items():
            definition_id = self.mapping.get(param[:255].casefold())
            if definition_id is None or not value:
                continue
            option_id = self.classify(definition_id, value)
            if option_id is None:
                if count_unknown:
                    self.unknown[(definition_id, param[:255], value[:255])] += 1
            elif option_id not in out:
                out[option_id] = (definition_id, value[:120])
        return out

    def classify(self, definition_id: int, value: str) -> int | None:
        key = (definition_id, normalise_keyword(value))
        if key not in self._cache:
            option = self.definitions[definition_id].classify(value)
            self._cache[key] = option.pk if option else None
        return self._cache[key]

    def mapped_definitions(self) -> set[int]:
        return {d for d in self.mapping.values() if d is not None}

    def save_params(self) -> None:
        now = timezone.now()
        AttributeMapping.objects.bulk_create(
            [AttributeMapping(supplier=self.supplier, param=p, definition_id=d, last_seen=now)
             for p, d in self.new_params.items()],
            ignore_conflicts=True,
        )

    def save_unknown(self) -> None:
        """Replace the supplier's list of unknown values with this run's."""
        now = timezone.now()
        merged: Counter[tuple[int, str]] = Counter()
        params: dict[tuple[int, str], str] = {}
        for (definition_id, param, value), count in self.unknown.items():
            merged[(definition_id, value)] += count
            params.setdefault((definition_id, value), param)
        with transaction.atomic():
            UnknownAttributeValue.objects.filter(supplier=self.supplier).delete()
            UnknownAttributeValue.objects.bulk_create([
                UnknownAttributeValue(supplier=self.supplier, definition_id=d, param=params[(d, v)],
                                      value=v, product_count=n, last_seen=now)
                for (d, v), n in merged.items()
            ])
