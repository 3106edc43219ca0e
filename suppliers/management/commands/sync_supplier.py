"""python manage.py sync_supplier SLUG [--source PATH_OR_URL] [--dry-run] [--force] [--no-images]
                                     [--full | --incremental]

Prints one summary line. Exit codes: 0 done, 1 failed, 2 feed rejected
(nothing changed), 3 another sync of that supplier is running, 4 done but products that
left the feed were kept because they were over the safety share (check, then --force).
"""

from django.core.management.base import BaseCommand, CommandError

from suppliers.models import Supplier
from suppliers.sync.runner import EXIT_DONE, run_one


def add_sync_options(parser):
    parser.add_argument("--dry-run", action="store_true",
                        help="read the feed and count what would change; write nothing")
    parser.add_argument("--force", action="store_true",
                        help="unpublish past the safety share and ignore ETag/Last-Modified")
    parser.add_argument("--no-images", action="store_true", help="leave photos alone")


class Command(BaseCommand):
    help = ("Sync one supplier's feed into the catalog. Exit codes: 0 done, 1 failed, 2 feed rejected "
            "(nothing changed), 3 another sync of the supplier is running, 4 done but unpublishing "
            "was held back (more products left the feed than the safety share allows).")

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--source", help="a URL, file:// URL or local path instead of the "
                                             "supplier's configured feed")
        add_sync_options(parser)
        modes = parser.add_mutually_exclusive_group()
        modes.add_argument("--full", action="store_const", const="full", dest="mode",
                           help="a store connector reads every product (and may unpublish)")
        modes.add_argument("--incremental", action="store_const", const="incremental", dest="mode",
                           help="a store connector reads only what changed since its watermark")

    def handle(self, slug, source=None, dry_run=False, force=False, no_images=False, mode=None, **options):
        supplier = Supplier.objects.filter(slug=slug).first()
        if supplier is None:
            raise CommandError(f"no supplier with slug {slug!r}")
        code, line, _run = run_one(supplier, source=source, dry_run=dry_run, force=force,
                                   images=not no_images, mode=mode)
        if code != EXIT_DONE:
            raise CommandError(line, returncode=code)
        self.stdout.write(line)
