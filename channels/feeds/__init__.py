"""Feed writers per channel kind, and the validator that checks their files before publishing."""

from .google import GoogleMerchantWriter
from .prom import PromWriter
from .rozetka import RozetkaWriter

WRITERS = {w.kind: w for w in (PromWriter, RozetkaWriter, GoogleMerchantWriter)}


def writer_class(kind: str):
    return WRITERS[kind]
