"""The demo runs the web server and the django-q2 cluster on one SQLite file. Writers that read
first used to fail at once with "database is locked" (each held a read lock the other needed to
write); with the project's SQLite settings they queue for the lock and every write lands."""

import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_three_processes_writing_at_once_all_succeed(tmp_path):
    database = tmp_path / "shop.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    writers = [subprocess.Popen([sys.executable, str(ROOT / "tests/sqlite/writer.py"), "60"], cwd=ROOT,
                                env=env, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0, 0], errors
    with sqlite3.connect(database) as check:
        assert check.execute("SELECT COUNT(*) FROM tally").fetchone() == (180,)
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)
