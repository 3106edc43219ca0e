"""Words and numbers the sample catalog is made of: women's footwear only."""

from __future__ import annotations

from typing import NamedTuple


class Kind(NamedTuple):
    slug: str  # the store's category slug
    uk: str  # Ukrainian noun, as a shop would title it
    ru: str
    en: str
    seasons: tuple[str, ...]
    shape: str  # silhouette family for the picture


KINDS = (
    Kind("sneakers", "Кросівки", "Кроссовки", "sneakers", ("демісезон", "літо"), "sporty"),
    Kind("shoes", "Туфлі", "Туфли", "shoes", ("демісезон",), "heeled"),
    Kind("ankle-boots", "Черевики", "Ботинки", "ankle boots", ("демісезон", "зима"), "ankle"),
    Kind("boots", "Чоботи", "Сапоги", "boots", ("зима", "демісезон"), "tall"),
    Kind("sandals", "Босоніжки", "Босоножки", "sandals", ("літо",), "strappy"),
    Kind("loafers", "Лофери", "Лоферы", "loafers", ("демісезон",), "low"),
    Kind("ballet-flats", "Балетки", "Балетки", "ballet flats", ("літо", "демісезон"), "low"),
    Kind("slip-ons", "Сліпони", "Слипоны", "slip-ons", ("літо", "демісезон"), "sporty"),
    Kind("chelsea", "Челсі", "Челси", "Chelsea boots", ("демісезон", "зима"), "ankle"),
    Kind("uggs", "Уггі", "Угги", "UGG boots", ("зима",), "fluffy"),
    Kind("moccasins", "Мокасини", "Мокасины", "moccasins", ("літо", "демісезон"), "low"),
    Kind("booties", "Ботильйони", "Ботильоны", "booties", ("демісезон",), "heeled-ankle"),
)


class Colour(NamedTuple):
    uk: str  # free text, as suppliers write it (plural adjective or a noun)
    ru: str
    en: str
    group: str  # one of COLOUR_GROUPS
    rgb: tuple[int, int, int]


COLOURS = (
    Colour("чорні", "черные", "black", "black", (28, 28, 30)),
    Colour("графіт", "графит", "graphite", "grey", (68, 70, 76)),
    Colour("сірі", "серые", "grey", "grey", (138, 138, 142)),
    Colour("білі", "белые", "white", "white", (252, 252, 250)),
    Colour("айворі", "айвори", "ivory", "white", (250, 244, 225)),
    Colour("молочні", "молочные", "milky", "white", (245, 240, 228)),
    Colour("бежеві", "бежевые", "beige", "beige", (214, 192, 155)),
    Colour("капучино", "капучино", "cappuccino", "beige", (170, 132, 100)),
    Colour("пісочні", "песочные", "sand", "beige", (204, 176, 128)),
    Colour("коричневі", "коричневые", "brown", "brown", (105, 66, 38)),
    Colour("шоколад", "шоколад", "chocolate", "brown", (74, 45, 28)),
    Colour("коньячні", "коньячные", "cognac", "brown", (154, 82, 30)),
    Colour("червоні", "красные", "red", "red", (196, 28, 36)),
    Colour("бордо", "бордо", "burgundy", "red", (108, 20, 42)),
    Colour("рожеві", "розовые", "pink", "pink", (238, 140, 172)),
    Colour("пудра", "пудра", "powder pink", "pink", (228, 188, 182)),
    Colour("сині", "синие", "blue", "blue", (32, 62, 158)),
    Colour("темно-сині", "темно-синие", "navy", "blue", (22, 32, 82)),
    Colour("блакитні", "голубые", "light blue", "light-blue", (140, 190, 234)),
    Colour("м'ятні", "мятные", "mint", "green", (150, 214, 180)),
    Colour("хакі", "хаки", "khaki", "green", (112, 110, 62)),
    Colour("зелені", "зеленые", "green", "green", (42, 128, 62)),
    Colour("жовті", "желтые", "yellow", "yellow", (242, 200, 44)),
    Colour("гірчичні", "горчичные", "mustard", "yellow", (198, 158, 40)),
    Colour("лавандові", "лавандовые", "lavender", "purple", (178, 160, 220)),
    Colour("фіолетові", "фиолетовые", "purple", "purple", (108, 48, 150)),
    Colour("леопард", "леопард", "leopard", "multi", (192, 142, 72)),
    Colour("мультиколор", "мультиколор", "multicolour", "multi", (90, 150, 200)),
)
COLOUR_GROUPS = ("black", "white", "beige", "brown", "grey", "red", "pink", "blue",
                 "light-blue", "green", "yellow", "purple", "multi")


class Material(NamedTuple):
    uk: str  # the noun suppliers put in a "material" field
    adjective: str  # how it reads inside a Ukrainian product name
    ru: str
    en: str


MATERIALS = (
    Material("натуральна шкіра", "шкіряні", "кожаные", "leather"),
    Material("замша", "замшеві", "замшевые", "suede"),
    Material("текстиль", "текстильні", "текстильные", "textile"),
    Material("лак", "лаковані", "лаковые", "patent"),
    Material("нубук", "нубукові", "нубуковые", "nubuck"),
    Material("еко-шкіра", "еко-шкіряні", "эко-кожаные", "faux leather"),
)

SIZES = tuple(range(35, 42))


class Supplier(NamedTuple):
    slug: str
    brand: str
    dialect: str
    file: str
    encoding: str
    delimiter: str | None
    share: float  # of the day-0 catalog
    markup: int  # percent the shop is advised to add


SUPPLIERS = (
    Supplier("kalyna", "Kalyna", "yml_grouped", "feed.xml", "utf-8", None, 0.3, 35),
    Supplier("vzuttia", "VZUTTIA", "yml_models", "feed.xml", "utf-8", None, 0.3, 30),
    Supplier("solomoda", "Solo Moda", "custom_xml", "catalog.xml", "utf-8", None, 0.25, 40),
    Supplier("lorena", "LORENA", "csv_table", "price.csv", "windows-1251", ";", 0.15, 25),
)
