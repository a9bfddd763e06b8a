"""``manage.py generate_load_data --assessments 100000``: fill a database for measuring."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from portal.center.loaddata import generate


class Command(BaseCommand):
    help = (
        "Adds realistic, varied organisations, submitted assessments, drafts, plans, "
        "checklist progress and support requests, for the dashboard benchmark. "
        "Never run it on a database people use."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--assessments", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=17)
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, assessments: int, seed: int, batch: int, **options) -> None:
        started = time.perf_counter()
        counts = generate(assessments, seed=seed, batch=batch)
        self.stdout.write(
            f"{counts.assessments} submitted assessments, {counts.organisations} organisations, "
            f"{counts.plans} plans ({counts.actions} actions), {counts.progress} checklist rows, "
            f"{counts.support_requests} support requests in {time.perf_counter() - started:.1f} s"
        )
