"""What a web process loads before its first visitor instead of during that visitor's request.

Django imports the URLconf (and with it Wagtail's admin and every app's hooks), loads the
translation catalogues, compiles templates and imports the broker's transport lazily, and
the portal reads the fonts' character set, the recommendation rules and the questionnaire's
structure on first use: each worker's first requests paid for it, a quarter of a second or
more, and under load every request queued behind them waited too (#16).

- :func:`warm_up` (``portal.wsgi``, once the application is built) opens no database,
  cache or broker connection: gunicorn preloads the application (``gunicorn.conf.py``), so
  it runs once in the master, and a connection made before the fork would be shared by
  the workers.
- :func:`warm_worker` (gunicorn's ``post_worker_init``, in each worker before it accepts)
  reads what the worker keeps from the database; a database that does not answer yet only
  leaves it to the first request, as before.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def own_templates() -> list[str]:
    """The names of the project's own templates (its ``templates/`` folders, not those of
    installed libraries)."""
    root = Path(settings.BASE_DIR).resolve()
    folders = [Path(folder) for folder in settings.TEMPLATES[0].get("DIRS", [])]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and not Path(config.path).resolve().is_relative_to(root / ".venv")
    ]
    names = set()
    for folder in folders:
        if folder.is_dir():
            names.update(
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*")
                if path.is_file() and path.suffix in {".html", ".txt", ".xml"}
            )
    return sorted(names)


def warm_up() -> dict[str, int]:
    """Import, load and compile what requests need; returns what was done, for the log."""
    # The URLconf (Wagtail's admin URLs import every app's wagtail_hooks), then its reverse
    # map in each language (loading that language's catalogues on the way).
    resolver = get_resolver()
    routes = len(resolver.url_patterns)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("healthz")
    compiled = 0
    for name in own_templates():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            # A fragment that only compiles inside its parent, or an e-mail's text part
            # a different engine reads: compiled on first use, as before.
            continue
        compiled += 1
    # The broker's transport module (kombu imports it when the first connection object is
    # made); making the object opens no connection.
    from portal.celery import app as celery_app

    celery_app.connection_for_write()
    # The fonts' character set, which cleans the plan's texts on the results page (the
    # TrueType files are read and parsed: tens of milliseconds).
    from recommendations.pdf.text import plain

    plain("")
    return {"routes": routes, "templates": compiled}


def _rules() -> None:
    from recommendations.services import kept_rules

    kept_rules()


def _structure() -> None:
    from assessment.models import Questionnaire
    from assessment.structure import load_structure

    questionnaire = Questionnaire.current()
    if questionnaire is not None:
        load_structure(questionnaire)


WORKER_STEPS = {"rules": _rules, "structure": _structure}


def warm_worker() -> list[str]:
    """Read what this worker keeps from the database: the current questionnaire's structure
    and the recommendation rules. Never raises; returns the steps that failed (logged)."""
    if not apps.is_installed("assessment"):
        return []  # not the portal (bench/bare_app.py is served with the same gunicorn.conf.py)
    failed = []
    for name, step in WORKER_STEPS.items():
        try:
            step()
        except Exception:  # a worker must start even when the database does not answer yet
            logger.warning("warm-up of %s failed; the first request reads it", name, exc_info=True)
            failed.append(name)
    return failed
