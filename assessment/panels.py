"""Panels that apps above assessment add to the results page, through a Wagtail hook.

An app registers ``@hooks.register("assessment_results_panels", order=N)`` with a
function ``(request, assessment) -> str | None`` returning the panel's rendered HTML
(or nothing). Panels appear in ``order`` below the scores. The plan app adds the plan
panel this way, so assessment never imports it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from wagtail import hooks

from .models import Assessment

HOOK_NAME = "assessment_results_panels"


def results_panels(request: HttpRequest, assessment: Assessment) -> list[SafeString]:
    panels = []
    for provider in hooks.get_hooks(HOOK_NAME):
        html = provider(request, assessment)
        if html:
            panels.append(mark_safe(html))  # noqa: S308 - rendered by a template, escaped there
    return panels
