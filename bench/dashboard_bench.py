"""The support center's statistics dashboard on 100,000 assessments, on PostgreSQL.

    .venv/bin/python bench/dashboard_bench.py [--assessments 100000] [--repeat 3]

Uses DATABASE_URL if it names a PostgreSQL database, else creates ``portal_dashboard_bench`` on
postgres@127.0.0.1. Migrates it, and tops it up with ``generate_load_data`` until it
holds the requested number of submitted assessments (a second run reuses the data).
Then, for every combination of the dashboard's five filters (date range, kind, sector,
ward, how it was made: all 32, from none to all five), renders the real dashboard view
through Django's test client, signed in as a member of the center's staff group (not a
superuser), uncached (the cache is cleared before every request), and takes the best of
``--repeat`` runs. Prints a table and exits 1 when any combination takes 1 s or more (the
product brief) on the machine the goals were set on. Each combination's query count is
printed beside its time.

"Under a second" is a time, like the flow's p95 in http_bench.py, and the same machine
sets it: one whose bare Django view served 5,900 req/s (gunicorn, 2 sync workers, wrk
-t2 -c20). The bare view (bench/bare_app.py) is measured here right before and right after
the dashboard, and each time is scaled to that machine: seconds × bare req/s ÷ 5,900. Both
the measured and the scaled times are printed; on a machine as fast as that one they are
the same. Needs a reachable PostgreSQL server, the project's runtime dependencies and
``wrk`` (``apt-get install -y wrk``).
"""

from __future__ import annotations

import argparse
import itertools
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from http_bench import FLOW_REFERENCE_BARE_RPS as REFERENCE_BARE_RPS
from http_bench import WRK_SCRIPT, Server, wrk

ROOT = Path(__file__).resolve().parents[1]
GOAL_SECONDS = 1.0
BARE_SECONDS = 3
CENTER_GROUP = "Trung tâm hỗ trợ doanh nghiệp"  # center/migrations/0002_staff_group
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_dashboard_bench"


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=8170, help="the bare view's port")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the bare view: apt-get install -y wrk")

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = DEFAULT_URL
    os.environ["DATABASE_URL"] = url
    scratch = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ["PORTAL_VAR_DIR"] = str(scratch)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    # The scratch folder's file cache, never a Redis someone else uses: the bench clears it.
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    ensure_database(url)

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from assessment.models import AdministrativeUnit, Assessment, Sector

    call_command("migrate", verbosity=0)
    have = Assessment.objects.submitted().count()
    if have < args.assessments:
        started = time.perf_counter()
        # A separate process, so this one's memory stays the dashboard's.
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "generate_load_data",
                "--assessments",
                str(args.assessments - have),
                "--seed",
                str(have + 17),
            ],
            check=True,
            env=os.environ,
        )
        print(
            f"loaded {args.assessments - have} assessments in {time.perf_counter() - started:.0f} s"
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    user, _ = get_user_model().objects.get_or_create(username="bench-center-staff")
    user.groups.add(Group.objects.get(name=CENTER_GROUP))
    client = Client()
    client.force_login(user)
    page = reverse("center:statistics")

    busiest_unit = (
        AdministrativeUnit.objects.order_by("-organisations__pk").values_list("code", flat=True)
    ).first()
    sector = Sector.objects.order_by("sort_order").values_list("key", flat=True).first()
    options = {
        "dates": {"date_from": "2025-06-01", "date_to": "2025-12-31"},
        "kind": {"kind": "cooperative"},
        "sector": {"sector": sector},
        "unit": {"unit": busiest_unit},
        "mode": {"mode": "assisted"},
    }
    combos = [
        combo for size in range(len(options) + 1) for combo in itertools.combinations(options, size)
    ]

    script = scratch / "report.lua"
    script.write_text(WRK_SCRIPT)
    bare_env = {**os.environ, "DJANGO_SECRET_KEY": secrets.token_urlsafe(40)}
    with Server("bare_app:application", args.port, bare_env, "--pythonpath", "bench") as bare:
        bare_around = [wrk(bare.port, "/", BARE_SECONDS, script)]
        rows = dashboard_times(client, page, combos, options, args.repeat)
        bare_around.append(wrk(bare.port, "/", BARE_SECONDS, script))
    scale = statistics.mean(load.rps for load in bare_around) / REFERENCE_BARE_RPS

    total = Assessment.objects.submitted().count()
    print(f"\ndashboard on {total} submitted assessments (PostgreSQL), best of {args.repeat}")
    print(
        f"bare Django view right before and after: "
        f"{' and '.join(f'{load.rps:.0f}' for load in bare_around)} req/s (the goals' machine: "
        f"{REFERENCE_BARE_RPS:.0f}); times scaled to that machine: × {scale:.2f}"
    )
    print(f"{'filters':<28} {'seconds':>8} {'scaled':>8} {'queries':>8}")
    for name, seconds, queries in rows:
        mark = "" if seconds * scale < GOAL_SECONDS else "  MISSED"
        print(f"{name:<28} {seconds:>8.3f} {seconds * scale:>8.3f} {queries:>8}{mark}")
    worst = max(seconds for _n, seconds, _q in rows)
    print(
        f"goal: every combination under {GOAL_SECONDS:.1f} s on the goals' machine; worst "
        f"{worst:.3f} s measured, {worst * scale:.3f} s scaled"
    )
    sys.exit(0 if worst * scale < GOAL_SECONDS else 1)


def dashboard_times(
    client, page: str, combos, options, repeat: int
) -> list[tuple[str, float, int]]:
    """Each combination's best time of ``repeat`` uncached requests, and its queries."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for combo in combos:
        params: dict[str, str] = {}
        for name in combo:
            params.update(options[name])
        best = float("inf")
        queries = 0
        for _ in range(repeat):
            cache.clear()  # uncached: what the first visitor after a change waits
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(page, params)
                elapsed = time.perf_counter() - started
            if response.status_code != 200 or "center-figures" not in response.text:
                sys.exit(f"{combo}: HTTP {response.status_code}, not the dashboard")
            best = min(best, elapsed)
            queries = len(captured)
        rows.append(("+".join(combo) or "(none)", best, queries))
    return rows


if __name__ == "__main__":
    main()
