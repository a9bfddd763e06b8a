"""The center's periodic job: rewrite the statistics copies, then rebuild the cached open data."""

from __future__ import annotations

from celery import shared_task

from . import facts, opendata


def refresh_statistics() -> None:
    """Rewrite every assessment fact and plan-action copy, then the cached open data."""
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
