"""Headline figures on the home page, supplied by other apps through a Wagtail hook.

An app above cms (assessment does) registers a function under the hook name
``portal_headline_figures``; each function takes the request and returns a list of
``{"value": ..., "label": ...}`` dictionaries. With no hook registered the home page
simply shows no figures.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest

from wagtail import hooks

HOOK_NAME = "portal_headline_figures"

logger = logging.getLogger(__name__)


def headline_figures(request: HttpRequest | None) -> list[dict[str, Any]]:
    """Collect the figures every registered hook returns; a failing hook is skipped."""
    figures: list[dict[str, Any]] = []
    for provider in hooks.get_hooks(HOOK_NAME):
        try:
            figures.extend(provider(request) or [])
        except Exception:  # a statistics problem must never break the home page
            logger.exception("Headline figures hook %r failed", provider)
    return figures
