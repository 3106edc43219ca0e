"""Relevance cases for bench/search_bench.py: (query, kind, intended store categories).

A case passes when its top ten hits all belong to one of the intended
categories (the generator's store category slugs). A query naming one kind
of shoe intends that kind; a generic word ("boots") intends every kind it
covers. Layout cases are the same words typed with the Latin layout on.
"""

from search.convert import ukrainian_to_latin_layout as latin_keys

BOOTS = {"boots", "ankle-boots", "chelsea", "snow-boots", "uggs", "over-knee", "booties"}
SHOES = {"shoes", "pumps"}

_CASES = [
    # exact Ukrainian
    ("кросівки", "exact", {"sneakers"}), ("кеди", "exact", {"kedy"}), ("чоботи", "exact", {"boots"}),
    ("черевики", "exact", {"ankle-boots"}), ("туфлі", "exact", SHOES), ("ботильйони", "exact", {"booties"}),
    ("босоніжки", "exact", {"sandals"}), ("балетки", "exact", {"ballet-flats"}),
    ("шльопанці", "exact", {"flip-flops"}), ("ботфорти", "exact", {"over-knee"}),
    ("сліпони", "exact", {"slip-ons"}), ("сабо", "exact", {"clogs"}), ("мокасини", "exact", {"moccasins"}),
    ("лофери", "exact", {"loafers"}), ("дутики", "exact", {"snow-boots"}), ("челсі", "exact", {"chelsea"}),
    ("туфлі-човники", "exact", {"pumps"}),
    # typos
    ("кросівкі", "typo", {"sneakers"}), ("кросовки", "typo", {"sneakers"}), ("чобіти", "typo", {"boots"}),
    ("черевікі", "typo", {"ankle-boots"}), ("ботильони", "typo", {"booties"}),
    ("босоножкі", "typo", {"sandals"}), ("балеткі", "typo", {"ballet-flats"}),
    ("шлепанці", "typo", {"flip-flops"}), ("мокасіни", "typo", {"moccasins"}),
    ("лоферы", "typo", {"loafers"}),
    ("дутікі", "typo", {"snow-boots"}), ("сліпонм", "typo", {"slip-ons"}),
    # wrong keyboard layout
    (latin_keys("кросівки"), "layout", {"sneakers"}), (latin_keys("кеди"), "layout", {"kedy"}),
    (latin_keys("чоботи"), "layout", {"boots"}), (latin_keys("черевики"), "layout", {"ankle-boots"}),
    (latin_keys("босоніжки"), "layout", {"sandals"}), (latin_keys("мокасини"), "layout", {"moccasins"}),
    (latin_keys("лофери"), "layout", {"loafers"}), (latin_keys("балетки"), "layout", {"ballet-flats"}),
    # transliteration
    ("krosivky", "translit", {"sneakers"}), ("kedy", "translit", {"kedy"}),
    ("choboty", "translit", {"boots"}),
    ("cherevyky", "translit", {"ankle-boots"}), ("bosonizhky", "translit", {"sandals"}),
    ("baletky", "translit", {"ballet-flats"}), ("mokasyny", "translit", {"moccasins"}),
    ("lofery", "translit", {"loafers"}), ("slipony", "translit", {"slip-ons"}),
    ("krossovki", "translit", {"sneakers"}), ("botforty", "translit", {"over-knee"}),
    # Russian
    ("кроссовки", "russian", {"sneakers"}), ("кеды", "russian", {"kedy"}), ("сапоги", "russian", {"boots"}),
    ("ботинки", "russian", {"ankle-boots"}), ("туфли", "russian", SHOES),
    ("босоножки", "russian", {"sandals"}),
    ("шлепанцы", "russian", {"flip-flops"}), ("ботфорты", "russian", {"over-knee"}),
    ("слипоны", "russian", {"slip-ons"}), ("мокасины", "russian", {"moccasins"}),
    ("ботильоны", "russian", {"booties"}),
    # English
    ("sneakers", "english", {"sneakers"}), ("boots", "english", BOOTS),
    ("ankle boots", "english", {"ankle-boots"}), ("loafers", "english", {"loafers"}),
    ("moccasins", "english", {"moccasins"}), ("sandals", "english", {"sandals"}),
    ("clogs", "english", {"clogs"}), ("ballet flats", "english", {"ballet-flats"}),
    ("chelsea boots", "english", {"chelsea"}), ("snow boots", "english", {"snow-boots"}),
    # colour + type
    ("чорні кросівки", "colour+type", {"sneakers"}), ("білі кеди", "colour+type", {"kedy"}),
    ("червоні туфлі", "colour+type", SHOES), ("бежеві босоніжки", "colour+type", {"sandals"}),
    ("коричневі чоботи", "colour+type", {"boots"}), ("чорні черевики", "colour+type", {"ankle-boots"}),
    ("рожеві балетки", "colour+type", {"ballet-flats"}), ("black sneakers", "colour+type", {"sneakers"}),
    ("chorni krosivky", "colour+type", {"sneakers"}), ("черные сапоги", "colour+type", {"boots"}),
    ("білі кросівки шкіряні", "colour+type", {"sneakers"}), ("зимові чоботи", "colour+type", {"boots"}),
]

CASES = [(query, kind, frozenset(intended)) for query, kind, intended in _CASES]
