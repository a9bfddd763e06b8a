"""The center's periodic job: rewrite the statistics copies, then rebuild the cached open data."""

from __future__ import annotations

from celery import shared_task

from . import facts, opendata


def refresh_statistics() -> None:
    """Rewrite every assessment fact and plan-action copy, then the cached open data."""
    facts.refresh()
    opendata.rebuild()


# Beat runs it every STATISTICS_REFRESH_SECONDS on the housekeeping queue (settings).
@shared_task(name="center.refresh_statistics", ignore_result=True)
def refresh_center_statistics() -> None:
    refresh_statistics()
