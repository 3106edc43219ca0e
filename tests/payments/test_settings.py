"""Sandbox payments are refused in production (that shop never imports payments is an import-linter
contract, see tests/test_layers.py)."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import run_checks

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k3#Vq9!zR" * 7


def run_production_check(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PAYMENTS_", "WAYFORPAY_"))}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=SECRET, **env)
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_in_sandbox_mode():
    result = run_production_check(PAYMENTS_SANDBOX="1")
    assert result.returncode != 0 and "PAYMENTS_SANDBOX must be off" in result.stderr


def test_the_deploy_check_flags_sandbox_and_the_public_test_merchant(settings):
    settings.PAYMENTS_SANDBOX = True
    settings.WAYFORPAY_MERCHANT_ACCOUNT = "test_merch_n1"
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert {"payments.E001", "payments.E002"} <= ids
    settings.PAYMENTS_SANDBOX = False
    settings.WAYFORPAY_MERCHANT_ACCOUNT = "kramnytsia_ua"
    ids = {message.id for message in run_checks(include_deployment_checks=True)}
    assert not {"payments.E001", "payments.E002"} & ids

