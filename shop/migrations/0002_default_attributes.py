from django.db import migrations


def install_defaults(apps, schema_editor):
    from shop.default_attributes import install

    install(apps.get_model("shop", "AttributeDefinition"), apps.get_model("shop", "AttributeOption"))


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.RunPython(install_defaults, migrations.RunPython.noop)]
