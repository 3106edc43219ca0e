"""`python manage.py search_reindex`: apply the backend's index settings, then index every product."""

import time

from django.core.management.base import BaseCommand

from search import embedded
from search.backends import get_backend
from search.indexing import BATCH, reindex_all


class Command(BaseCommand):
    help = "Apply the search index settings and (re)index every product in batches."

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="Drop every document first.")
        parser.add_argument("--settings-only", action="store_true",
                            help="Only apply the index settings (ranking, synonyms...).")
        parser.add_argument("--batch", type=int, default=BATCH)

    def handle(self, *args, clear=False, settings_only=False, batch=BATCH, verbosity=1, **options):
        backend = get_backend()
        backend.configure()
        if settings_only:
            self.stdout.write(f"{backend.name}: settings applied")
            return
        if clear:
            backend.clear()
            embedded.clear()
        started = time.perf_counter()

        def progress(done, total):
            if verbosity > 1:
                self.stdout.write(f"  {done}/{total}")

        indexed, removed = reindex_all(batch=max(1, batch), progress=progress)
        self.stdout.write(f"{backend.name}: indexed {indexed} products, removed {removed}, "
                          f"{time.perf_counter() - started:.1f} s")
