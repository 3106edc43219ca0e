"""Sensible defaults an editor can change: Nova Poshta branch, courier, pickup; cash on delivery, bank transfer."""

from decimal import Decimal

from django.db import migrations

DELIVERY = [
    {"code": "nova-poshta-branch", "name": "Нова пошта, відділення", "name_en": "Nova Poshta, branch",
     "needs": "branch", "price": Decimal("80"), "free_over": Decimal("3000"), "sort_order": 10},
    {"code": "courier", "name": "Кур'єр за адресою", "name_en": "Courier to the door",
     "needs": "address", "price": Decimal("150"), "free_over": Decimal("5000"), "sort_order": 20},
    {"code": "pickup", "name": "Самовивіз із магазину", "name_en": "Pickup at the shop",
     "needs": "nothing", "price": Decimal("0"), "free_over": None, "sort_order": 30},
]
PAYMENT = [
    {"code": "cash-on-delivery", "name": "Оплата при отриманні", "name_en": "Cash on delivery",
     "kind": "cod", "sort_order": 10,
     "instructions": "Оплачуйте замовлення при отриманні."},
    {"code": "bank-transfer", "name": "Переказ на рахунок", "name_en": "Bank transfer", "kind": "bank",
     "sort_order": 20,
     "instructions": "Реквізити для оплати менеджер надішле після підтвердження замовлення."},
]


def create(apps, schema_editor):
    DeliveryMethod = apps.get_model("orders", "DeliveryMethod")
    PaymentMethod = apps.get_model("orders", "PaymentMethod")
    for row in DELIVERY:
        DeliveryMethod.objects.get_or_create(code=row["code"], defaults=row)
    for row in PAYMENT:
        PaymentMethod.objects.get_or_create(code=row["code"], defaults=row)


def remove(apps, schema_editor):
    apps.get_model("orders", "DeliveryMethod").objects.filter(code__in=[r["code"] for r in DELIVERY]).delete()
    apps.get_model("orders", "PaymentMethod").objects.filter(code__in=[r["code"] for r in PAYMENT]).delete()


class Migration(migrations.Migration):
    dependencies = [("orders", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
