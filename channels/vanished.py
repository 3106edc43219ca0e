"""Offers that left the feed stay in it as not available for a few builds, then drop.

A marketplace keeps selling an item that silently disappears from a feed, so a gone offer is
sent with available=false (Google: out_of_stock) for `channel.vanished_grace_builds` builds.
What went out last time is read back from the live file itself (streaming), so nothing else has
to remember every offer; only the gone ones are kept, as VanishedOffer rows with their XML. A
sidecar list of the live file's offer ids tells at once whether anything left, so a build where
nothing did never parses the previous file.
Changes to those rows are collected while the new file is written and saved only when the
file is published: a rejected build changes nothing.
"""

from __future__ import annotations

import gzip
import os

from lxml import etree

from channels.models import VanishedOffer


class CarryOver:
    def __init__(self, channel, writer, previous_path):
        self.channel = channel
        self.writer = writer
        self.previous_path = previous_path
        self.grace = channel.vanished_grace_builds
        self.kept = self.dropped = 0
        self._updates: list[VanishedOffer] = []
        self._new: list[VanishedOffer] = []
        self._gone: list[int] = []
        self.written_ids: set[str] = set()

    def write(self, xf, current_ids: set[str]) -> None:
        """Write the offers that are gone from `current_ids`, marked unavailable."""
        self.written_ids = current_ids  # grows by the kept offers; no copy of a 250k-id set
        known = {}
        for row in VanishedOffer.objects.filter(channel=self.channel).iterator():
            known[row.offer_id] = row
            if row.offer_id in current_ids:  # came back
                self._gone.append(row.pk)
            elif row.missing_builds + 1 > self.grace:
                self._gone.append(row.pk)
                self.dropped += 1
            else:
                row.missing_builds += 1
                self._updates.append(row)
                xf.write(etree.fromstring(row.element))
                self.written_ids.add(row.offer_id)
                self.kept += 1
        if self.grace == 0 or not self._newly_gone(current_ids, known):
            return
        for element in self._previous_offers():
            offer_id = self.writer.offer_id(element)
            if offer_id in current_ids or offer_id in known:
                continue
            self.writer.mark_unavailable(element)
            xml = etree.tostring(element, encoding="unicode")
            self._new.append(VanishedOffer(channel=self.channel, offer_id=offer_id[:100],
                                           element=xml, missing_builds=1))
            xf.write(element)
            self.written_ids.add(offer_id)
            self.kept += 1

    @property
    def ids_path(self) -> str:
        return f"{self.previous_path}.ids"

    def _newly_gone(self, current_ids, known) -> bool:
        """Whether the live file has an offer that is neither current nor already carried
        (True when there is no id list to tell: then the file itself is read)."""
        if not self.previous_path or not os.path.exists(self.previous_path):
            return False
        try:
            with open(self.ids_path, encoding="utf-8") as handle:
                return any((line := raw.rstrip("\n")) and line not in current_ids and line not in known
                           for raw in handle)
        except FileNotFoundError:
            return True

    def write_ids(self, temp_path: str) -> None:
        """The new file's offer ids, beside it; moved into place by commit(). The set is freed."""
        with open(temp_path, "w", encoding="utf-8") as handle:
            for offer_id in self.written_ids:
                handle.write(offer_id + "\n")
        self.written_ids = set()
        self._ids_temp = temp_path

    def discard(self) -> None:
        if getattr(self, "_ids_temp", None) and os.path.exists(self._ids_temp):
            os.unlink(self._ids_temp)

    def _previous_offers(self):
        if not self.previous_path or not os.path.exists(self.previous_path):
            return
        with gzip.open(self.previous_path, "rb") as stream:
            for _event, element in etree.iterparse(stream, events=("end",), tag=self.writer.offer_tag,
                                                   huge_tree=True, resolve_entities=False, no_network=True):
                yield element
                element.clear()
                parent = element.getparent()
                while element.getprevious() is not None:
                    del parent[0]

    def commit(self) -> None:
        """Save what the published build decided (called inside its transaction)."""
        if getattr(self, "_ids_temp", None):
            os.replace(self._ids_temp, self.ids_path)
        VanishedOffer.objects.filter(pk__in=self._gone).delete()
        VanishedOffer.objects.bulk_update(self._updates, ["missing_builds"], batch_size=500)
        VanishedOffer.objects.bulk_create(self._new, batch_size=500, ignore_conflicts=True)
