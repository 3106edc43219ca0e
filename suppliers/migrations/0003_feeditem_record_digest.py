from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0002_sync_pipeline"),
    ]

    operations = [
        migrations.AddField(
            model_name="feeditem",
            name="record_digest",
            field=models.CharField(blank=True, max_length=40),
        ),
    ]
