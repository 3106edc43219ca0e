"""Spreadsheet exports a manager opens in Excel: UTF-8 that Excel recognises, local times that
say so, yes/no in words.

Mixed into Wagtail's exporting views (before them, so these win): Excel reads a CSV as the
system's ANSI code page unless it starts with a byte order mark, which turned Cyrillic into
mojibake; Wagtail writes datetimes to XLSX as naive UTC, two or three hours off in Kyiv.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

CSV, XLSX = "csv", "xlsx"
BOM = "\ufeff"


def local_naive(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def local_text(value: datetime.datetime) -> str:
    """'2026-12-05 10:00 EET': the shop's time zone, named."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%Y-%m-%d %H:%M %Z").strip()


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class ManagerSpreadsheetMixin:
    custom_value_preprocess = {
        datetime.datetime: {CSV: local_text, XLSX: local_naive},
        bool: {CSV: yes_no, XLSX: yes_no},
        (datetime.date, datetime.time): {XLSX: None},
        list: {CSV: lambda v: ", ".join(map(str, v)), XLSX: lambda v: ", ".join(map(str, v))},
    }

    def stream_csv(self, queryset):
        yield BOM
        yield from super().stream_csv(queryset)
