"""Shipping labels: one 100×100 mm page per order, text in an embedded Cyrillic TrueType font."""

import io

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT = "KramnytsiaLabel"
SIZE = (100 * mm, 100 * mm)
MARGIN = 6 * mm
MAX_ITEM_ROWS = 6


def _font() -> str:
    """Registered once per process. The standard PDF fonts have no Cyrillic, so a TrueType font
    is embedded (subset): the label reads the same on any printer."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, settings.FULFILMENT_LABEL_FONT))
    return FONT


class _Writer:
    """Writes lines down the page, wrapping to its width."""

    def __init__(self, pdf):
        self.pdf, self.y = pdf, SIZE[1] - MARGIN

    def text(self, text, size=9, gap=1.5):
        width = SIZE[0] - 2 * MARGIN
        for part in simpleSplit(str(text), FONT, size, width) or [""]:
            self.y -= size + gap
            self.pdf.setFont(FONT, size)
            self.pdf.drawString(MARGIN, self.y, part)

    def rule(self):
        self.y -= 4
        self.pdf.line(MARGIN, self.y, SIZE[0] - MARGIN, self.y)


def _label(pdf, group, supplier_name):
    order = group.order
    write = _Writer(pdf)
    sender = " ".join(part for part in (settings.FULFILMENT_SENDER_NAME, settings.FULFILMENT_SENDER_PHONE)
                      if part)
    write.text(_("Sender: %(sender)s") % {"sender": sender}, size=8)
    write.text(_("Order No. %(number)s") % {"number": order.number}, size=15, gap=4)
    write.rule()
    write.text(_("Recipient:"), size=8)
    write.text(order.name, size=13, gap=3)
    write.text(order.phone, size=11)
    write.text(f"{order.delivery_name}: {order.city}", size=10, gap=3)
    if group.delivery_point:
        write.text(group.delivery_point, size=10)
    write.rule()
    pairs = _("Pairs: %(pairs)s · supplier: %(supplier)s") % {
        "pairs": group.quantity, "supplier": supplier_name}
    write.text(pairs, size=8, gap=3)
    for line in group.lines[:MAX_ITEM_ROWS]:
        write.text(pgettext("label line", "%(sku)s · size %(size)s × %(quantity)s") % {
            "sku": line.sku or "—", "size": line.size, "quantity": line.quantity}, size=8)
    if len(group.lines) > MAX_ITEM_ROWS:
        write.text(_("… and %(count)s more") % {"count": len(group.lines) - MAX_ITEM_ROWS}, size=8)


def labels_pdf(groups, supplier_name="") -> bytes:
    _font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=SIZE, pageCompression=1, initialFontName=FONT)
    pdf.setTitle(f"Labels {supplier_name}")
    for group in groups:
        _label(pdf, group, supplier_name)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
