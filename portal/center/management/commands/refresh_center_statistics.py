"""Rewrite the dashboard's copies of all assessments and plan actions (after bulk changes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from portal.center import facts


class Command(BaseCommand):
    help = "Rewrite the statistics dashboard's assessment facts and plan-action copies."

    def handle(self, *args, **options) -> None:
        facts.refresh()
        self.stdout.write("statistics copies refreshed")
