"""The admin's progress bar moves during a run: reading, each batch's photos, writing."""

from __future__ import annotations

from itertools import groupby
from unittest import mock

from suppliers.models import SyncRun
from suppliers.sync import progress as progress_module
from suppliers.sync.progress import Progress

from .conftest import make_sample, make_supplier, premap, sync


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def stored(run):
    return SyncRun.objects.values_list("phase", "progress_done", "progress_total").get(pk=run.pk)


def test_progress_is_written_at_most_once_a_second_but_each_phase_change_at_once(db):
    from suppliers.models import Supplier

    run = SyncRun.objects.create(supplier=Supplier.objects.create(name="A", slug="a"))
    clock = Clock()
    progress = Progress(run, clock=clock)

    progress.start(SyncRun.Phase.READING)
    progress.advance(10)
    assert stored(run) == ("reading", 0, 0)  # within the second: not written yet
    clock.now = 1.5
    progress.advance(5)
    assert stored(run) == ("reading", 15, 0)

    progress.start(SyncRun.Phase.WRITING, total=40)
    progress.advance(20)
    with progress.interlude(SyncRun.Phase.PHOTOS, total=8):
        assert stored(run) == ("photos", 0, 8)
        clock.now = 3.0
        progress.advance(8)
        assert stored(run) == ("photos", 8, 8)
    assert stored(run) == ("writing", 20, 40)  # the batch's photos done, writing resumes


def test_a_run_reports_reading_photos_and_writing_as_it_goes(feed_server, store_categories, settings):
    served = make_sample(feed_server.root, models=24, images=True, base_url=feed_server.url)
    supplier = make_supplier(served, "solomoda")
    premap(supplier, served.feed("solomoda"), store_categories)
    settings.SUPPLIER_SYNC_BATCH = 2
    seen: list[tuple[str, int, int]] = []
    save = Progress.save

    def watch(self, force=False):
        save(self, force)
        seen.append(stored(self.run))  # what the admin's status poll would read at this moment

    with mock.patch.object(progress_module, "EVERY", 0), mock.patch.object(Progress, "save", watch):
        code, line = sync("solomoda", "--source", f"{feed_server.url}/solomoda/catalog.xml")

    assert code == 0, line
    run = SyncRun.objects.get(supplier=supplier)
    phases = [phase for phase, _ in groupby(row[0] for row in seen)]
    assert phases[:3] == ["reading", "writing", "photos"]
    assert phases.count("photos") >= 2  # one interlude per batch of 2 models that needs photos
    reading = [done for phase, done, _ in seen if phase == "reading"]
    assert reading == sorted(reading) and reading[-1] == run.records  # counts up while reading
    photos = [(done, total) for phase, done, total in seen if phase == "photos"]
    assert all(0 < total for _, total in photos) and sum(d == t for d, t in photos) >= 2
    writing = [done for phase, done, total in seen if phase == "writing"]
    assert max(writing) >= 2 and {total for phase, _, total in seen if phase == "writing"} == {
        run.progress_total}
    assert run.progress_done == run.progress_total > 0
