"""A "card online" payment method, inactive until an editor turns it on (and the provider's
credentials are set): the home page promises card payment on the site."""

from django.db import migrations

CODE = "card-online"


def create(apps, schema_editor):
    apps.get_model("orders", "PaymentMethod").objects.get_or_create(code=CODE, defaults={
        "name": "Оплата карткою онлайн", "name_en": "Card online", "kind": "card", "provider": "liqpay",
        "active": False, "sort_order": 5,
        "instructions": "Після оформлення ви перейдете на сторінку оплати."})


def remove(apps, schema_editor):
    apps.get_model("orders", "PaymentMethod").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0002_expire_unpaid_schedule"),
        ("orders", "0004_paymentmethod_provider_alter_paymentmethod_kind"),
    ]

    operations = [migrations.RunPython(create, remove)]
