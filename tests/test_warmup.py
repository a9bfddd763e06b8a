"""A web process loads its URLconf, hooks and templates when the WSGI module is imported
(before gunicorn forks its workers), and connects to nothing while doing so (#16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
import portal.wsgi
from django.db import connections
from django.template import engines
loaded = engines["django"].engine.template_loaders[0].get_template_cache
print(json.dumps({
    "urlconf": "portal.urls" in sys.modules,
    "hooks": "cms.wagtail_hooks" in sys.modules and "assessment.wagtail_hooks" in sys.modules,
    "templates": sorted(loaded),
    "connected": [c.alias for c in connections.all() if c.connection is not None],
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
    assert loaded["connected"] == []


def test_gunicorn_preloads_the_application():
    # gunicorn reads its settings file the way it reads a module; this is what it finds.
    settings: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), settings)  # noqa: S102
    assert settings["preload_app"] is True
