"""Product photos for the sample feeds: a shoe silhouette of the right kind and
colour on a light studio background, so the demo shop looks like a shop.
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from .catalog import Model

SIZE = 800
# Outlines in a 100x100 box, heel on the left, toe on the right.
_LOW = [(12, 72), (11, 62), (20, 58), (36, 57), (50, 55), (63, 52), (76, 54), (87, 60),
        (91, 67), (91, 72)]
_SPORTY = [(10, 70), (10, 50), (18, 44), (29, 46), (42, 49), (55, 47), (69, 53), (83, 57),
           (91, 64), (91, 70)]
_HEELED = [(13, 36), (22, 38), (30, 48), (44, 54), (58, 53), (74, 57), (87, 63), (92, 72),
           (90, 75), (70, 75), (50, 71), (33, 64), (17, 58)]
_ANKLE = [(12, 72), (12, 30), (33, 30), (35, 50), (50, 54), (64, 53), (78, 56), (88, 62),
          (91, 72)]
_HEELED_ANKLE = [(13, 56), (13, 24), (32, 24), (35, 50), (50, 60), (70, 63), (86, 66),
                 (91, 73), (70, 74), (48, 69), (30, 62), (16, 60)]
_TALL = [(12, 72), (11, 8), (35, 8), (35, 50), (50, 54), (64, 53), (78, 56), (88, 62),
         (91, 72)]
_FLUFFY = [(10, 74), (8, 27), (37, 25), (39, 52), (56, 54), (75, 56), (88, 62), (92, 74)]

SHAPES = {  # shape -> (upper outline, sole box or None, heel block or None)
    "low": (_LOW, (10, 72, 92, 76), None),
    "sporty": (_SPORTY, (8, 70, 93, 80), None),
    "heeled": (_HEELED, None, (14, 54, 20, 82)),
    "ankle": (_ANKLE, (10, 72, 92, 78), (12, 72, 22, 82)),
    "heeled-ankle": (_HEELED_ANKLE, None, (13, 58, 20, 82)),
    "tall": (_TALL, (10, 72, 92, 78), (11, 72, 22, 82)),
    "fluffy": (_FLUFFY, (8, 74, 93, 82), None),
    "strappy": ([], (10, 70, 92, 75), (13, 58, 19, 82)),
}


def _xy(points, scale=7.2, offset=40):
    return [(offset + x * scale, offset + y * scale) for x, y in points]


def _shade(rgb, factor):
    return tuple(max(0, min(255, int(c * factor))) for c in rgb)


def _pattern(model: Model, rng: random.Random) -> Image.Image | None:
    """Leopard spots or colour stripes for the 'multi' colours."""
    if model.colour.group != "multi":
        return None
    layer = Image.new("RGB", (SIZE, SIZE), model.colour.rgb)
    draw = ImageDraw.Draw(layer)
    if model.colour.en == "leopard":
        for _ in range(90):
            x, y, r = rng.randrange(SIZE), rng.randrange(SIZE), rng.randint(8, 20)
            draw.ellipse((x - r, y - r * 0.7, x + r, y + r * 0.7), fill=(50, 32, 18))
    else:
        palette = [(220, 60, 70), (250, 200, 60), (70, 160, 90), (80, 120, 220), (160, 80, 180)]
        for i, x in enumerate(range(-SIZE, SIZE, 60)):
            draw.polygon([(x, SIZE), (x + 60, SIZE), (x + SIZE + 60, 0), (x + SIZE, 0)],
                         fill=palette[i % len(palette)])
    return layer


def draw_shoe(model: Model, view: int) -> Image.Image:
    rng = random.Random(f"{model.supplier.slug}|{model.code}|{view}")
    tint = rng.randint(236, 248)
    img = Image.new("RGB", (SIZE, SIZE), (tint, tint, tint - 4))
    draw = ImageDraw.Draw(img)
    upper, sole, heel = SHAPES[model.kind.shape]
    colour = model.colour.rgb
    outline = _shade(colour, 0.55) if sum(colour) > 120 else (90, 90, 96)
    draw.ellipse(_xy([(8, 80), (94, 88)]), fill=(tint - 28,) * 3)  # floor shadow
    sole_colour = (245, 245, 242) if model.kind.shape == "sporty" else _shade(colour, 0.45)
    if heel:
        draw.rectangle(_xy([heel[:2], heel[2:]]), fill=sole_colour, outline=outline)
    if sole:
        draw.rounded_rectangle(_xy([sole[:2], sole[2:]]), radius=14, fill=sole_colour,
                               outline=outline, width=3)
    if upper:
        pattern = _pattern(model, rng)
        if pattern is not None:
            mask = Image.new("L", (SIZE, SIZE), 0)
            ImageDraw.Draw(mask).polygon(_xy(upper), fill=255)
            img.paste(pattern, mask=mask)
            draw.polygon(_xy(upper), outline=outline, width=4)
        else:
            draw.polygon(_xy(upper), fill=colour, outline=outline, width=4)
    else:  # sandals: straps over the sole
        for strap in ([(20, 70), (30, 48)], [(30, 48), (44, 68)], [(55, 70), (70, 58)],
                      [(70, 58), (86, 69)], [(16, 56), (34, 52)]):
            draw.line(_xy(strap), fill=colour, width=26)
    if model.kind.shape == "sporty":  # laces make a sneaker read as a sneaker
        for x in range(44, 70, 6):
            draw.line(_xy([(x, 50 + (x - 44) / 5), (x + 4, 56 + (x - 44) / 5)]),
                      fill=(250, 250, 250), width=6)
    if model.kind.shape == "fluffy":
        draw.rounded_rectangle(_xy([(7, 22), (39, 30)]), radius=20, fill=(236, 226, 206))
    if view % 2 == 0:
        img = ImageOps.mirror(img)
    if view == 3:
        img = img.rotate(7, fillcolor=(tint, tint, tint - 4))
    return img


def draw_photos(model: Model, folder: Path, names: list[str]) -> int:
    """Draw the model's photos that are not there yet; returns how many were drawn."""
    drawn = 0
    for view, name in enumerate(names, start=1):
        path = folder / name
        if path.exists():  # day N reuses day N-1's photos
            continue
        image = draw_shoe(model, view)
        if name.endswith(".png"):
            image.save(path, compress_level=1)
        else:
            image.save(path, quality=84)
        drawn += 1
    return drawn
