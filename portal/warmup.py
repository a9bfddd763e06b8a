"""What a web process loads before its first visitor instead of during that visitor's request.

Django imports the URLconf (and with it Wagtail's admin and every app's hooks), loads the
translation catalogues, compiles templates and imports the broker's transport lazily: each
worker's first requests paid for it, a quarter of a second or more, and under load every
request queued behind them waited too (#16). ``portal.wsgi`` calls :func:`warm_up` once the
application is built; gunicorn preloads the application (``gunicorn.conf.py``), so it runs
once in the master and every worker starts with the result.

Nothing here opens a database, cache or broker connection: a connection made before the
fork would be shared by the workers.
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
    return {"routes": routes, "templates": compiled}
