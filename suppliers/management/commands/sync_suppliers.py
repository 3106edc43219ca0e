"""python manage.py sync_suppliers --all [--dry-run] [--force] [--no-images] | --schedules

Syncs every active supplier one after another, one summary line each. Exit
code: 0 when all are done, else the highest of 1 failed, 2 rejected, 3 busy, 4 unpublishing held back.
--schedules (re)creates the django-q schedules of all suppliers.
"""

from django.core.management.base import BaseCommand, CommandError

from suppliers.models import Supplier
from suppliers.sync.runner import EXIT_DONE, run_one

from .sync_supplier import add_sync_options


class Command(BaseCommand):
    help = "Sync every active supplier, or refresh their schedules."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="sync every active supplier")
        parser.add_argument("--schedules", action="store_true",
                            help="create or update the django-q schedule of every supplier")
        add_sync_options(parser)

    def handle(self, all=False, schedules=False, dry_run=False, force=False, no_images=False, **options):
        if not (all or schedules):
            raise CommandError("say --all to sync every active supplier, or --schedules")
        if schedules:
            for supplier in Supplier.objects.all():
                schedule = supplier.sync_schedule()
                self.stdout.write(f"{supplier.slug}: "
                                  f"{schedule.get_schedule_type_display() if schedule else 'no schedule'}")
            if not all:
                return
        worst, lines = EXIT_DONE, []
        for supplier in Supplier.objects.filter(active=True).exclude(dialect=""):
            code, line, _run = run_one(supplier, dry_run=dry_run, force=force, images=not no_images)
            worst = max(worst, code)
            lines.append(line)
            self.stdout.write(line)
        if worst != EXIT_DONE:
            raise CommandError(f"{sum(1 for _ in lines)} suppliers synced, not all done", returncode=worst)
