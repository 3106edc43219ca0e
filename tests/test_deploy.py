"""Production settings pass Django's deployment checklist and refuse to run without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_reports_nothing():
    result = run_check(SECRET_KEY="k3#Vq9!zR" * 7)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
