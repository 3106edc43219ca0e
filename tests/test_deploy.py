"""Production settings pass Django's deployment checklist and refuse to run without a secret."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_reports_nothing():
    result = run_check(SECRET_KEY="k3#Vq9!zR" * 7, CLIENT_ADDRESS_HEADER="X-Real-IP")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key():
    result = run_check()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def shipped_env():
    lines = (ROOT / "deploy" / "env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_the_shipped_env_example_is_refused_until_its_key_is_replaced():
    refused = run_check(**shipped_env())
    assert refused.returncode != 0 and "placeholder" in refused.stderr
    accepted = run_check(**{**shipped_env(), "SECRET_KEY": "k3#Vq9!zR" * 7})
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_production_without_redis_keeps_the_limits_in_the_shared_database_cache():
    env = {k: v for k, v in shipped_env().items() if k != "REDIS_URL"}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"],
        cwd=ROOT, env={**{k: v for k, v in os.environ.items() if k != "REDIS_URL"}, **env,
                       "SECRET_KEY": "k3#Vq9!zR" * 7}, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().endswith("DatabaseCache"), result.stdout + result.stderr


def test_a_per_process_cache_fails_the_deploy_check(settings):
    from core.checks import rate_limits_are_shared_by_all_workers

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [error.id for error in rate_limits_are_shared_by_all_workers(None)] == ["core.E002"]


def test_no_stated_client_address_is_a_deploy_warning(settings):
    from core.checks import client_address_is_stated

    settings.CLIENT_ADDRESS_HEADER, settings.TRUSTED_PROXY_HOPS = "", 0
    assert [w.id for w in client_address_is_stated(None)] == ["core.W001"]
    settings.CLIENT_ADDRESS_HEADER = "X-Real-IP"
    assert client_address_is_stated(None) == []


def test_production_hides_the_api_docs_and_locks_the_language_cookie():
    code = ("from django.conf import settings; from config.api import api; "
            "print(api.docs_url, settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_HTTPONLY, "
            "settings.LANGUAGE_COOKIE_SAMESITE)")
    env = {**os.environ, **shipped_env(), "SECRET_KEY": "k3#Vq9!zR" * 7}
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.stdout.split()[-4:] == ["None", "True", "True", "Lax"], result.stdout + result.stderr


def test_the_shipped_nginx_compresses_pages_and_keeps_static_files_a_year():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    directives = [line.split("#")[0].strip() for line in conf.splitlines()]
    assert "gzip on;" in directives
    types = " ".join(line for line in directives if line.startswith(("gzip_types", "application/")))
    for mime in ("application/json", "application/xml", "text/xml"):  # API, sitemaps, feeds
        assert mime in types
    static = conf[conf.index("location /static/"):]
    static = static[:static.index("}")]
    assert "add_header Cache-Control $static_cache_control;" in static
    assert "expires" not in static
    assert "proxy_set_header X-Real-IP $remote_addr;" in conf  # CLIENT_ADDRESS_HEADER=X-Real-IP


def static_cache_control(path):
    """The Cache-Control the shipped nginx sends for /static/<path>, read from its map."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    block = conf[conf.index("map $uri $static_cache_control {"):]
    rules = [shlex.split(line.split("#")[0]) for line in block[:block.index("\n}")].splitlines()[1:]]
    rules = [rule for rule in rules if rule]
    for pattern, value in rules:
        if pattern != "default" and re.search(pattern.removeprefix("~"), "/static/" + path):
            return value.rstrip(";")
    return dict(rules)["default"].rstrip(";")


def test_nginx_keeps_hashed_static_files_a_year_and_unhashed_ones_a_minute():
    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
    from django.core.files.base import ContentFile

    storage = ManifestStaticFilesStorage(location=ROOT / "static")
    hashed = storage.hashed_name("css/shop.css", ContentFile(b"body{}"))  # as collectstatic names it
    assert hashed != "css/shop.css"
    assert static_cache_control(hashed) == "public, max-age=31536000, immutable"
    for unhashed in ("css/shop.css", "img/logo.svg", "wagtailadmin/js/vendor.js"):
        assert "immutable" not in static_cache_control(unhashed), unhashed
        assert "max-age=60" in static_cache_control(unhashed)
