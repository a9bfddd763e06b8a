"""The center's periodic job: rewrite the statistics copies, then rebuild the cached open data."""

from __future__ import annotations

from celery import shared_task

from . import facts, opendata


def refresh_statistics() -> None:
    """Rewrite every assessment fact and plan-action copy, then the cached open data."""
    facts.copy_pending(limit=None)  # new plans' rows first: the rewrite updates, makes none
    facts.refresh()
    opendata.rebuild()


# Beat runs it nightly on the housekeeping queue (settings). It took 176 s on 100,000
# assessments (a million plan-action rows), past the default 240 s soft limit under load:
# it gets limits of its own, below the broker's visibility timeout (3600 s).
@shared_task(
    name="center.refresh_statistics", ignore_result=True, soft_time_limit=1500, time_limit=1800
)
def refresh_center_statistics() -> None:
    refresh_statistics()


# Beat runs it every STATISTICS_COPY_SECONDS on the housekeeping queue: the submissions
# of the last seconds into the dashboard's copies (facts.copy_pending).
@shared_task(name="center.copy_pending_statistics", ignore_result=True)
def copy_pending_statistics() -> int:
    return facts.copy_pending()
