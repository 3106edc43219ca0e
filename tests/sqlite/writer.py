"""A process that does what a sync or an index task does to SQLite: read, then write, in one
transaction, many times (run by test_concurrent_writers.py, not by pytest)."""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
django.setup()

from django.db import connection, transaction  # noqa: E402

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS tally (n INTEGER)")
for number in range(int(sys.argv[1])):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tally")
        cursor.fetchone()
        time.sleep(0.002)  # another writer gets in between, as a real task's work lets it
        cursor.execute("INSERT INTO tally (n) VALUES (%s)", [number])
