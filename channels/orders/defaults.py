"""The safe default mapping of each marketplace's order statuses onto ours.

Safe means: nothing reaches fulfilment without our manager (a channel's "being processed" keeps
an order new), nothing is restocked before the goods are back (a cancel or a return after
shipment asks for a return, it does not cancel), and a status we do not know is flagged, not
guessed. Managers change it under Channels -> Order statuses.

Prom: the order statuses of its orders API. Rozetka: the statuses of its seller API's order
status dictionary (`/order-statuses/search`); 47 and 61 are named as Rozetka integrations use them
(a planned call back; handed over for the carrier, where the waybill goes). Codes Rozetka sends
that are not listed here are added as "not mapped yet" the first time an order has them.
"""

from shop.orders.models import Order

S = Order.State
KEEP = "keep"

# code, label, target, push_for, cancel_reason
PROM = [
    ("pending", "Нове", S.NEW, "", False),
    ("received", "Прийнято", S.CONFIRMED, S.CONFIRMED, False),
    ("delivered", "Виконано", S.DELIVERED, S.DELIVERED, False),
    ("canceled", "Скасовано", S.CANCELLED, S.CANCELLED, False),
    ("paid", "Оплачено", KEEP, "", False),
    ("draft", "Чернетка", KEEP, "", False),
]

ROZETKA_CANCELLED = [
    ("10", "Відправлення протерміновано", False),
    ("11", "Не забрано посилку", False),
    ("12", "Відмова від товару", False),
    ("13", "Скасовано адміністратором", False),
    ("17", "Скасування. Не влаштовує оплата", True),
    ("18", "Скасування. Не вдалося зв'язатися з покупцем", True),
    ("28", "Некоректні контактні дані", True),
    ("29", "Скасування. Некоректна ціна на сайті", True),
    ("31", "Скасування. Замовлення відновлено", False),
    ("32", "Скасування. Не влаштовує розгрупування замовлення", False),
    ("33", "Скасування. Не влаштовує вартість доставки", True),
    ("34", "Скасування. Не влаштовує перевізник, спосіб доставки", False),
    ("35", "Скасування. Не влаштовує термін доставки", False),
    ("36", "Скасування. Клієнт хоче безготівкову оплату. У продавця немає такої можливості", False),
    ("38", "Скасування. Не влаштовує якість товару", True),
    ("39", "Скасування. Не підійшли характеристики товару (колір, розмір)", False),
    ("40", "Скасування. Клієнт передумав", True),
    ("41", "Скасування. Придбав на іншому сайті", False),
    ("42", "Немає в наявності", True),
    ("43", "Брак", True),
    ("44", "Скасування. Фейкове замовлення", False),
    ("45", "Скасовано покупцем", False),
    ("49", "Скасування. Дубль замовлення", True),
    ("71", "Скасування. Товар повернувся", False),
]
ROZETKA = [
    ("1", "Нове замовлення", S.NEW, "", False),
    ("26", "Обробляється менеджером", S.NEW, S.CONFIRMED, False),
    ("46", "Відновлено під час продзвонювання", S.NEW, "", False),
    ("47", "Заплановано дзвінок", KEEP, "", False),
    ("2", "Комплектується. Дані підтверджені", S.CONFIRMED, "", False),
    ("61", "Заплановано передачу перевізникові", S.SHIPPED, S.SHIPPED, False),
    ("3", "Передано до служби доставки", S.SHIPPED, "", False),
    ("4", "Доставляється", S.SHIPPED, "", False),
    ("5", "Очікує в пункті самовивозу", S.SHIPPED, "", False),
    ("6", "Посилку отримано", S.DELIVERED, "", False),
    ("19", "Повернення", S.RETURNED, "", False),
    *[(code, label, S.CANCELLED, "", reason) for code, label, reason in ROZETKA_CANCELLED],
]

DEFAULTS = {"prom": PROM, "rozetka": ROZETKA}


def seed_status_mappings(channel, mapping_model=None):
    """Give a channel the default table (rows it already has are left as the manager set them)."""
    if mapping_model is None:
        from channels.models import StatusMapping as mapping_model
    kind = {"prom_yml": "prom", "rozetka_yml": "rozetka"}.get(channel.kind)
    have = set(mapping_model.objects.filter(channel_id=channel.pk).values_list("code", flat=True))
    taken = set(
        mapping_model.objects.filter(channel_id=channel.pk)
        .exclude(push_for="")
        .values_list("push_for", flat=True)
    )
    rows = []
    for code, label, target, push_for, reason in DEFAULTS.get(kind, []):
        if code in have:
            continue
        push = str(push_for) if push_for and push_for not in taken else ""
        rows.append(
            mapping_model(
                channel_id=channel.pk,
                code=code,
                label=label,
                target=str(target),
                push_for=push,
                cancel_reason=reason,
            )
        )
    mapping_model.objects.bulk_create(rows)
    return len(rows)
