"""Synonyms every shoe shop needs, installed by a data migration; managers edit them in the admin.

Each entry: (terms, one_way). One-way entries lead Russian, English and slang
words to the catalog's Ukrainian word (the first), and not back: "чоботи"
should not also find every "Ankle boots" or "Snow boots". Two-way entries
join forms that should find each other.
"""

DEFAULT_SYNONYMS = [
    # kinds of shoes
    ("кросівки, кроссовки, кроси, sneakers, sneaker, trainers", True),
    ("кеди, кеды, keds", True),
    ("чоботи, сапоги, сапожки, чобітки, boots", True),
    ("черевики, ботинки, ботінки, ankle boots", True),
    ("туфлі, туфли, shoes", True),
    ("човники, лодочки, pumps", True),
    ("босоніжки, босоножки, sandals", True),
    ("сандалі, сандалии, сандали", True),
    ("шльопанці, шлепанцы, шльопки, сланці, сланцы, вьетнамки, вʼєтнамки, flip flops, slides", True),
    ("капці, тапочки, тапки, slippers", True),
    ("балетки, ballet flats, flats", True),
    ("лофери, лоферы, loafers", True),
    ("мокасини, мокасины, moccasins", True),
    ("сліпони, слипоны, slip ons", True),
    ("ботфорти, ботфорты, over the knee boots", True),
    ("ботильйони, ботильоны, ботильони, booties", True),
    ("челсі, челси, chelsea", True),
    ("уггі, угги, уги, ugg, uggs", True),
    ("дутики, дутыши, snow boots, moon boots", True),
    ("сабо, клоги, clogs", True),
    ("еспадрильї, эспадрильи, espadrilles", True),
    ("гумові чоботи, резиновые сапоги, rain boots, wellingtons", True),
    # colours (Ukrainian forms meet through typo tolerance: чорні ~ чорний)
    ("чорні, черные, черный, black", True),
    ("білі, белые, белый, white", True),
    ("червоні, красные, красный, red", True),
    ("сині, синие, синий, blue", True),
    ("коричневі, коричневые, коричневый, brown", True),
    ("сірі, серые, серый, grey, gray", True),
    ("рожеві, розовые, розовый, pink", True),
    ("зелені, зеленые, зеленый, green", True),
    ("жовті, желтые, желтый, yellow", True),
    ("бежеві, бежевые, бежевый, beige", True),
    ("блакитні, голубые, голубой, light blue", True),
    ("фіолетові, фиолетовые, фиолетовый, purple", True),
    # who, material, season
    ("жіночі, женские, women, womens", True),
    ("чоловічі, мужские, men, mens", True),
    ("дитячі, детские, kids, children", True),
    ("шкіряні, шкіра", False),
    ("шкіряні, кожаные, кожа, leather", True),
    ("замшеві, замша", False),
    ("замшеві, замшевые, suede", True),
    ("зимові, зима", False),
    ("зимові, зимние, winter", True),
    ("літні, літо", False),
    ("літні, летние, лето, summer", True),
    ("демісезонні, демісезон", False),
    ("демісезонні, демисезонные, демисезон, весна, осінь, осень, spring, autumn", True),
]
