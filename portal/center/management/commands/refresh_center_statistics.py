"""Rewrite the dashboard's copies of all assessments and plan actions (after bulk changes),
and rebuild the cached open data. Beat runs the same nightly (center.tasks)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.center.tasks import refresh_statistics


class Command(BaseCommand):
    help = (
        "Rewrite the statistics dashboard's assessment facts and plan-action copies "
        "and rebuild the cached open data."
    )

    def handle(self, *args, **options) -> None:
        refresh_statistics()
        self.stdout.write("statistics copies refreshed")
