"""F16: pages that show a token or personal data are never cached; F12: CSP and
Permissions-Policy on every response."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.contrib.auth import get_user_model
from django.test import Client

from tests.assessment.factories import build_questionnaire
from tests.recommendations.conftest import SHAPE, submitted_assessment
from tests.two_factor import sign_in_with_code

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_f16_results_and_flow_pages_are_not_stored():
    assessment = submitted_assessment(build_questionnaire(SHAPE))
    client = Client()

    for path in ("results/", "profile/", "step/2/", "check/"):
        response = client.get(f"/vi/assessment/{assessment.token}/{path}")
        assert no_store(response), (path, response.get("Cache-Control"))
    shared = client.get(f"/vi/assessment/shared/{assessment.ensure_share_token()}/")
    assert no_store(shared)


def test_f16_dashboard_pages_are_not_stored():
    person = get_user_model().objects.create_user(username="an@example.vn", password="x")
    client = Client()
    client.force_login(person)

    assert no_store(client.get("/vi/dashboard/"))


def test_f16_public_pages_keep_their_caching():
    build_questionnaire(SHAPE)

    assert not no_store(Client().get("/vi/assessment/how-we-score/"))


# --- F12: Content-Security-Policy and Permissions-Policy ----------------------------------


def directives(response) -> dict[str, set[str]]:
    policy = response.get("Content-Security-Policy", "")
    parsed = {}
    for part in filter(None, (p.strip() for p in policy.split(";"))):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def test_f12_site_pages_allow_no_inline_script_or_style():
    assessment = submitted_assessment(build_questionnaire(SHAPE))

    for path in ("/vi/assessment/", f"/vi/assessment/{assessment.token}/results/"):
        response = Client().get(path)
        policy = directives(response)
        assert policy["script-src"] == {"'self'"}, path
        assert policy["style-src"] == {"'self'"}, path
        assert policy["frame-ancestors"] == {"'none'"}
        assert "camera=()" in response["Permissions-Policy"]
        assert "style=" not in response.content.decode()


def test_f12_the_admin_has_its_own_looser_policy():
    staff = get_user_model().objects.create_superuser(username="admin@example.vn", password="x")
    client = Client()
    sign_in_with_code(client, staff)  # superusers pass the second step (tests/two_factor.py)

    policy = directives(client.get("/admin/"))

    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == {"'self'"}


PRODUCTION_PROBE = """
import json, os, sys, django
from django.conf import settings
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
response = Client().get("/vi/", HTTP_HOST="dtt.example.vn", secure=True)
print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""

PRODUCTION_SETTINGS = """
from portal.settings.production import *  # noqa: F403
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": %r}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No collectstatic here: plain static URLs instead of the manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""


def test_f12_production_settings_send_the_policy_on_the_home_page(tmp_path):
    """``curl -I https://…/vi/`` on production settings, with SQLite and a local cache."""
    (tmp_path / "prod_like.py").write_text(PRODUCTION_SETTINGS % str(tmp_path / "db.sqlite3"))
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "DJANGO_", "CELERY_"))
    }
    environment.update(
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]),
        DJANGO_SETTINGS_MODULE="prod_like",
        DJANGO_SECRET_KEY="k" * 20 + "-production-like-secret-9f8e7d6c5b4a",
        DJANGO_ALLOWED_HOSTS="dtt.example.vn",
        PORTAL_BASE_URL="https://dtt.example.vn",
        DATABASE_URL="postgres://portal@127.0.0.1:5432/portal",
        REDIS_URL="redis://127.0.0.1:1",
    )
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["headers"]

    assert answer["status"] == 200
    # Directives come in no fixed order: compare them as a set, not as text.
    directives = {d.strip() for d in headers["Content-Security-Policy"].split(";")}
    assert "script-src 'self'" in directives
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
    assert "microphone=()" in headers["Permissions-Policy"]
