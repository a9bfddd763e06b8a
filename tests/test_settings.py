"""Every settings module loads, and production refuses unsafe or missing configuration."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({k: str(getattr(settings, k)) for k in "
    "['DEBUG', 'LANGUAGE_CODE', 'TIME_ZONE', 'DEFAULT_AUTO_FIELD', 'CELERY_BROKER_URL', "
    "'CELERY_TASK_SERIALIZER', 'CELERY_ACCEPT_CONTENT', 'CACHES', 'DATABASES', "
    "'PORTAL_BASE_URL', 'WAGTAILADMIN_BASE_URL']}))"
)

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-like-secret-9f8e7d6c5b4a",
    "DJANGO_ALLOWED_HOSTS": "dtt.example.vn",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379",
    "PORTAL_BASE_URL": "https://dtt.example.gov.vn",
}


def load(module: str, probe: str = PROBE, **extra: str) -> subprocess.CompletedProcess[str]:
    # Start from this run's environment minus everything the settings read, so the
    # result depends only on ``extra`` (CI's second pass sets DATABASE_URL and REDIS_*).
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "DJANGO_", "CELERY_", "PORTAL_"))
        and key != "PORT"
    }
    environment.update(DJANGO_SETTINGS_MODULE=module, **extra)
    return subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("module", "extra"),
    [
        ("portal.settings.dev", {}),
        ("portal.settings.test", {}),
        ("portal.settings.production", PRODUCTION_ENV),
    ],
)
def test_settings_module_loads_with_vietnamese_first(module, extra):
    result = load(module, **extra)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["LANGUAGE_CODE"] == "vi"
    assert loaded["TIME_ZONE"] == "Asia/Ho_Chi_Minh"
    assert loaded["DEFAULT_AUTO_FIELD"] == "django.db.models.BigAutoField"
    assert loaded["CELERY_TASK_SERIALIZER"] == "json"
    assert loaded["CELERY_ACCEPT_CONTENT"] == "['json']"


def test_embedded_default_uses_sqlite_and_filesystem_broker():
    loaded = json.loads(load("portal.settings.dev").stdout.strip().splitlines()[-1])
    assert loaded["DEBUG"] == "True"
    assert "sqlite3" in loaded["DATABASES"]
    assert loaded["CELERY_BROKER_URL"] == "atomicfs://"


def test_redis_url_moves_broker_and_cache_to_separate_databases():
    result = load("portal.settings.dev", REDIS_URL="redis://127.0.0.1:6379")
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/0"
    assert "redis://127.0.0.1:6379/1" in loaded["CACHES"]


def test_production_uses_postgres_and_redis():
    loaded = json.loads(
        load("portal.settings.production", **PRODUCTION_ENV).stdout.strip().splitlines()[-1]
    )
    assert loaded["DEBUG"] == "False"
    assert "postgresql" in loaded["DATABASES"]
    assert loaded["CELERY_BROKER_URL"].startswith("redis://")


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "PORTAL_BASE_URL"]
)
def test_production_refuses_to_start_without(missing):
    environment = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = load("portal.settings.production", **environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_without_a_public_address_says_what_to_set():
    environment = {k: v for k, v in PRODUCTION_ENV.items() if k != "PORTAL_BASE_URL"}
    result = load("portal.settings.production", **environment)
    assert "Production needs PORTAL_BASE_URL" in result.stderr


@pytest.mark.parametrize(
    "value",
    [
        "dtt.example.gov.vn",
        "ftp://dtt.example.gov.vn",
        "https://dtt.example.gov.vn/vi/",
        "https://",
    ],
)
def test_a_malformed_public_address_is_refused(value):
    result = load("portal.settings.production", **{**PRODUCTION_ENV, "PORTAL_BASE_URL": value})
    assert result.returncode != 0
    assert "PORTAL_BASE_URL must be the site's public address" in result.stderr


def test_production_links_and_wagtail_use_the_public_address():
    result = load("portal.settings.production", **PRODUCTION_ENV)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["PORTAL_BASE_URL"] == "https://dtt.example.gov.vn"
    assert loaded["WAGTAILADMIN_BASE_URL"] == "https://dtt.example.gov.vn"


def test_the_embedded_default_derives_the_public_address_from_port():
    loaded = json.loads(load("portal.settings.dev", PORT="18603").stdout.strip().splitlines()[-1])
    assert loaded["PORTAL_BASE_URL"] == "http://127.0.0.1:18603"


def test_plans_go_to_private_s3_storage_when_a_bucket_is_configured():
    # Read the settings module itself: django.setup() would import the S3 backend, an
    # optional extra that the test environment does not install.
    probe = (
        "import json, importlib; "
        "print(json.dumps(importlib.import_module('portal.settings.dev').STORAGES['private']))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "DJANGO_", "CELERY_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        PRIVATE_STORAGE_BUCKET="ke-hoach",
        S3_ENDPOINT_URL="https://s3.example.vn",
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    private = json.loads(result.stdout.strip().splitlines()[-1])
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["OPTIONS"]["bucket_name"] == "ke-hoach"
    assert private["OPTIONS"]["default_acl"] == "private"


BEAT_PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps(sorted(settings.CELERY_BEAT_SCHEDULE)))"
)


def test_only_production_beat_checks_the_external_links():
    dev = load("portal.settings.dev", probe=BEAT_PROBE)
    production = load("portal.settings.production", probe=BEAT_PROBE, **PRODUCTION_ENV)

    assert "cms-check-external-links" not in json.loads(dev.stdout.strip().splitlines()[-1])
    assert "cms-check-external-links" in json.loads(production.stdout.strip().splitlines()[-1])
