"""Feed writers per channel kind, and the validator that checks their files before publishing."""

from .google import GoogleMerchantWriter
from .google_tsv import write_tsv
from .prom import PromWriter
from .rozetka import RozetkaWriter

WRITERS = {w.kind: w for w in (PromWriter, RozetkaWriter, GoogleMerchantWriter)}
# Other formats a kind's feed is also published in, rendered from its validated XML file.
EXPORTS = {GoogleMerchantWriter.kind: {"tsv": write_tsv}}


def export_formats(kind: str) -> dict:
    return EXPORTS.get(kind, {})


def writer_class(kind: str):
    return WRITERS[kind]
