"""Attributes every shoe shop needs, shipped with the product (installed by a data migration).

Keywords are what feeds actually write; they file free text under a group a
shopper can filter by. Each entry: (slug, Ukrainian, English, CSS swatch, keywords).
"""

COLOUR_GROUPS = [
    ("black", "чорний", "black", "#111111",
     "чорн, черн, black, графіт чорн, антрацит, нуар"),
    ("white", "білий", "white", "#ffffff",
     "біл, бел, white, айворі, айвори, ivory, молочн, milk, перлин, снігов"),
    ("beige", "бежевий", "beige", "#d8c3a5",
     "беж, beige, капучино, cappuccino, пісочн, песочн, кремов, крем, cream, нюд, nude, "
     "тілесн, телесн, карамел, латте, візон, визон, тауп, taupe, кемел, camel"),
    ("brown", "коричневий", "brown", "#6b4226",
     "коричн, brown, шоколад, chocolate, коньяч, коньяк, cognac, рудий, руді, рыж, "
     "гірчично-коричн, кава, кофе, coffee, тютюн, табак, мокко"),
    ("grey", "сірий", "grey", "#8e8e8e",
     "сір, сер, grey, gray, графіт, графит, срібн, серебр, silver, мокрий асфальт, антрацит"),
    ("red", "червоний", "red", "#c62828",
     "червон, красн, red, бордо, бордов, burgundy, марсала, вишнев, cherry, винн, теракот"),
    ("pink", "рожевий", "pink", "#f48fb1",
     "рожев, розов, pink, пудров, пудра, powder, фукс, fuchsia, малинов, персик, peach"),
    ("blue", "синій", "blue", "#1e3a8a",
     "син, blue, темно-син, navy, електрик, індиго, индиго, джинс, denim, кобальт"),
    ("light-blue", "блакитний", "light blue", "#81d4fa",
     "блакит, голуб, light blue, бірюз, бирюз, turquoise, лазур"),
    ("green", "зелений", "green", "#2e7d32",
     "зелен, green, хакі, хаки, khaki, олив, olive, смарагд, изумруд, фісташк, фисташк, м'ятн, мятн, mint"),
    ("yellow", "жовтий", "yellow", "#fdd835",
     "жовт, желт, yellow, гірчичн, горчичн, mustard, лимон, золот, gold"),
    ("purple", "фіолетовий", "purple", "#7b1fa2",
     "фіолет, фиолет, purple, бузков, сирен, лаванд, lavender, ліловий, лилов, виноград"),
    ("multi", "мультиколор", "multicolour", "",
     "мульти, multi, різнокольор, разноцвет, принт, print, леопард, зебра, комбін, комбин"),
]

SEASONS = [
    ("demi-season", "демісезон", "demi-season", "",
     "демісезон, демисезон, весна-осінь, весна, осінь, осень, spring, autumn, fall"),
    ("summer", "літо", "summer", "", "літо, лето, літн, летн, summer"),
    ("winter", "зима", "winter", "", "зима, зимн, winter"),
    ("all-season", "всесезон", "all-season", "", "всесезон, all-season, круглий рік"),
]

MATERIALS = [
    ("leather", "натуральна шкіра", "leather", "",
     "натуральна шкіра, натуральная кожа, шкіра, кожа, leather"),
    ("suede", "замша", "suede", "", "замш, suede, велюр"),
    ("nubuck", "нубук", "nubuck", "", "нубук, nubuck"),
    ("patent", "лак", "patent leather", "", "лак, лаков, patent"),
    ("textile", "текстиль", "textile", "", "текстил, textile, сітка, сетка, mesh, трикотаж, knit"),
    ("eco-leather", "еко-шкіра", "faux leather", "",
     "еко-шкір, эко-кож, екошкір, экокож, штучна шкіра, искусственная кожа, faux, pu"),
    ("rubber", "гума", "rubber", "", "гума, резин, rubber, eva"),
]

LININGS = [
    ("fur", "хутро", "fur", "", "хутр, мех, fur, овчин, цигейк"),
    ("wool", "вовна", "wool", "", "вовн, шерст, wool, байк, фліс, флис"),
    ("leather-lining", "шкіра", "leather", "", "шкір, кож, leather"),
    ("textile-lining", "текстиль", "textile", "", "текстил, textile"),
]

# (slug, Ukrainian, English, filterable, show on tile, options)
DEFINITIONS = [
    ("colour", "Колір", "Colour", True, True, COLOUR_GROUPS),
    ("season", "Сезон", "Season", True, False, SEASONS),
    ("material", "Матеріал", "Material", True, True, MATERIALS),
    ("lining", "Підкладка", "Lining", True, False, LININGS),
]


def install(AttributeDefinition, AttributeOption):
    """Create the default definitions and options that do not exist yet; never overwrite."""
    for order, (slug, name, name_en, filterable, on_tile, options) in enumerate(DEFINITIONS):
        definition, _ = AttributeDefinition.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_en": name_en, "filterable": filterable,
                      "show_on_tile": on_tile, "sort_order": order},
        )
        for position, (o_slug, value, value_en, swatch, keywords) in enumerate(options):
            AttributeOption.objects.get_or_create(
                definition=definition, slug=o_slug,
                defaults={"value": value, "value_en": value_en, "swatch": swatch,
                          "keywords": keywords, "sort_order": position},
            )
