"""Check that the external links still answer, and record what they said.

Each link gets one HEAD request (GET when the server refuses HEAD), with a short
timeout, redirects followed. Only the status code is kept: the portal needs to know a
link broke, not to mirror the site.
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.utils import timezone

from .content import bump_content_version
from .provenance import ExternalLink

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
USER_AGENT = "portal-link-check/1.0 (+digital-readiness portal; checks that links still work)"


@dataclass(frozen=True)
class LinkStatus:
    """What one check found: an HTTP status, or none and the reason."""

    status: int | None
    error: str = ""


def check_url(url: str, timeout: float = TIMEOUT_SECONDS) -> LinkStatus:
    """The status ``url`` answers with now (``status=None`` when nothing answered)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) URLs validated by the model
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                return LinkStatus(response.status)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (405, 501):
                continue  # the server does not do HEAD: ask again with GET
            return LinkStatus(error.code)
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return LinkStatus(None, str(reason)[:300] or error.__class__.__name__)
    raise AssertionError("unreachable")  # pragma: no cover


def check_links(timeout: float = TIMEOUT_SECONDS) -> dict[str, int]:
    """Check every external link and record the result on it; counts of ok and failing."""
    summary = {"ok": 0, "failing": 0}
    changed = False
    for link in ExternalLink.objects.order_by("pk").iterator():
        result = check_url(link.url, timeout)
        was_failing = link.check_failed
        # An UPDATE of just these fields: a check never overwrites an editor's edits.
        ExternalLink.objects.filter(pk=link.pk).update(
            last_checked_at=timezone.now(), last_status=result.status, last_error=result.error
        )
        failing = result.status is None or result.status >= 400
        changed = changed or failing != was_failing
        summary["failing" if failing else "ok"] += 1
        if failing:
            logger.warning("External link %s failed: %s %s", link.url, result.status, result.error)
    if changed:
        # Pages, results and plans read the records once per content version: a link that
        # broke (or came back) is left out (or printed again) from the next request on.
        bump_content_version()
    return summary
