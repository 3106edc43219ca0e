"""The AI content app moved from shop/aicontent/ to aicontent/: its label and tables stay, but
django-q2 schedules (a batch's next poll) name the task by its dotted path, so those rows
follow the move."""

from django.db import migrations

OLD, NEW = "shop.aicontent.", "aicontent."


def rename(apps, old, new):
    Schedule = apps.get_model("django_q", "Schedule")
    for schedule in Schedule.objects.filter(func__startswith=old):
        schedule.func = new + schedule.func[len(old):]
        schedule.save(update_fields=["func"])


class Migration(migrations.Migration):
    dependencies = [
        ("aicontent", "0001_initial"),
        ("django_q", "0018_task_success_index"),
    ]

    operations = [
        migrations.RunPython(lambda apps, editor: rename(apps, OLD, NEW),
                             lambda apps, editor: rename(apps, NEW, OLD)),
    ]
