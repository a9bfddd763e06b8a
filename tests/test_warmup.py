"""A web process loads its URLconf, hooks, templates and fonts when the WSGI module is
imported (before gunicorn forks its workers) and connects to nothing while doing so; each
worker then reads the rules and the questionnaire's structure before it accepts (#16)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from assessment.models import Questionnaire
from assessment.structure import forget_structures, load_structure
from portal import warmup
from recommendations import services
from tests.recommendations.conftest import questionnaire, rules

__all__ = ["questionnaire", "rules"]  # the fixtures, imported for pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
import portal.wsgi
from django.db import connections
from django.template import engines
from reportlab.pdfbase import pdfmetrics
loaded = engines["django"].engine.template_loaders[0].get_template_cache
print(json.dumps({
    "urlconf": "portal.urls" in sys.modules,
    "hooks": "cms.wagtail_hooks" in sys.modules and "assessment.wagtail_hooks" in sys.modules,
    "templates": sorted(loaded),
    "connected": [c.alias for c in connections.all() if c.connection is not None],
    "fonts": pdfmetrics.getRegisteredFontNames(),
}))
"""


def probe() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_the_wsgi_module_loads_what_the_first_request_would():
    loaded = probe()
    assert loaded["urlconf"]
    assert loaded["hooks"]
    # The pages of the questionnaire flow and the public pages are compiled already.
    for name in ("assessment/step.html", "assessment/results.html", "base.html"):
        assert name in loaded["templates"]
    assert "NotoSans" in loaded["fonts"]
    assert loaded["connected"] == []


def gunicorn_settings() -> dict:
    """gunicorn reads its settings file the way it reads a module; this is what it finds."""
    settings: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), settings)  # noqa: S102
    return settings


def test_gunicorn_preloads_the_application():
    assert gunicorn_settings()["preload_app"] is True


def test_gunicorn_freezes_what_the_master_loaded_before_each_fork():
    # A worker's full garbage collection then walks only what the worker made itself.
    pre_fork = gunicorn_settings()["pre_fork"]
    assert gc.get_freeze_count() == 0
    try:
        pre_fork(server=None, worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def read_by_first_request() -> list[str]:
    """The SQL that reading the rules and the current questionnaire's structure costs."""
    with CaptureQueriesContext(connection) as queries:
        services.kept_rules()
        load_structure(Questionnaire.current())
    return [q["sql"] for q in queries]


@pytest.mark.django_db
def test_a_worker_reads_the_rules_and_structure_before_its_first_request(questionnaire, rules):
    forget_structures()
    services._kept_rules = None
    cold = read_by_first_request()
    assert any("recommendations_recommendationrule" in sql for sql in cold)  # controls
    assert any('"assessment_question"' in sql for sql in cold)

    forget_structures()
    services._kept_rules = None
    assert warmup.warm_worker() == []
    warm = read_by_first_request()

    # Only the two version checks every request makes: which questionnaire, which rules.
    assert not any("recommendations_recommendationrule" in sql for sql in warm)
    assert not any('"assessment_question"' in sql for sql in warm)
    assert len(warm) == 2


@pytest.mark.django_db
def test_a_worker_starts_when_the_database_does_not_answer_yet(monkeypatch):
    def unreachable() -> None:
        raise DatabaseError("connection refused")

    monkeypatch.setitem(warmup.WORKER_STEPS, "rules", unreachable)
    assert warmup.warm_worker() == ["rules"]
