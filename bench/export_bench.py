"""The center's exports of 100,000 submitted assessments: speed and peak memory, on PostgreSQL.

    .venv/bin/python bench/export_bench.py [--assessments 100000]

Uses DATABASE_URL if it names a PostgreSQL database, else creates ``portal_export_bench`` on
postgres@127.0.0.1; migrates it and tops it up with ``generate_load_data`` until it holds the
requested number of submitted assessments (a second run reuses the data; the dashboard
bench's database serves as well).

Each variant runs in a fresh process of its own, so its peak resident memory (``ru_maxrss``)
is its own: after Django has started and one empty export has warmed the code paths up, it
exports every submitted assessment and reports rows per second and how far the process
grew above its size before the export.

- ``baseline``: a bare ``csv.writer`` over the same query, read in chunks (what streaming costs
  at the least);
- ``csv``: the real view (each assessment, CSV), its streamed body read and dropped;
- ``xlsx``: the real view (each assessment, XLSX), its file read and kept for a check;
- ``materialised``: the same rows held in a list first (for comparison only: what not
  streaming costs).

Exits 1 when ``csv`` or ``xlsx`` grows by more than ``CEILING_MB`` or when the XLSX does not
open with openpyxl holding every row and the Vietnamese headers. Needs a reachable
PostgreSQL server and only the project's dependencies.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CENTER_GROUP = "Trung tâm hỗ trợ doanh nghiệp"  # center/migrations/0002_staff_group
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/portal_export_bench"
# Bounded memory: a streamed export may grow the process by at most this much, whatever the
# number of rows (holding 100,000 rows in a list alone costs more: see "materialised").
CEILING_MB = 64
VARIANTS = ("baseline", "csv", "xlsx", "materialised")
CHECKED = ("csv", "xlsx")


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def environment() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = DEFAULT_URL
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("PORTAL_VAR_DIR", tempfile.mkdtemp(prefix="export-bench-"))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    sys.path.insert(0, str(ROOT))
    return url


def rss_kb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def child(variant: str, out: str) -> None:
    """One variant in this (fresh) process; prints one JSON line."""
    environment()
    import csv

    import django

    django.setup()
    import openpyxl  # noqa: F401  (imported before measuring, as the view would have it)

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from portal.center import views
    from portal.center.queries import Filters

    views.XLSX_MAX_ROWS = None  # measure what the refusal above 20,000 rows protects against

    user = get_user_model().objects.get(username="bench-center")
    client = Client()
    client.force_login(user)
    url = reverse("center:submissions_xlsx" if variant == "xlsx" else "center:submissions_csv")
    fields = [
        "assessment_id",
        "submitted_at",
        "kind",
        "sector__name_vi",
        "unit__name",
        "size_band",
        "scored",
        "overall",
        "level",
        "dimension_scores",
        "organisation__name",
    ]
    # What the export reads (exports.submission_rows): every submitted one, plausible or not.
    query = Filters().all_submitted().order_by("submitted_at", "assessment_id").values_list(*fields)
    # Warm up: an empty export loads every module and template the real one needs.
    for _chunk in client.get(url, {"date_from": "2100-01-01"}).streaming_content:
        pass
    before = rss_kb()
    started = time.perf_counter()
    rows = 0
    if variant in ("baseline", "materialised"):
        with open(os.devnull, "w", newline="") as sink:
            writer = csv.writer(sink)
            source = list(query) if variant == "materialised" else query.iterator(chunk_size=2000)
            for row in source:
                writer.writerow(row)
                rows += 1
    elif variant == "csv":
        lines = 0
        for chunk in client.get(url).streaming_content:
            lines += chunk.count(b"\n")
        rows = lines - 2  # the two header rows
    else:
        with open(out, "wb") as kept:
            for chunk in client.get(url).streaming_content:
                kept.write(chunk)
        rows = query.count()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"rows": rows, "seconds": seconds, "before_kb": before, "peak_kb": peak}))


def check_xlsx(path: str, expected: int) -> list[str]:
    from openpyxl import load_workbook

    problems = []
    workbook = load_workbook(path, read_only=True)
    sheet = workbook.active
    rows = sheet.iter_rows(values_only=True)
    labels, keys = next(rows), next(rows)
    if labels[:3] != ("Mã bài đánh giá", "Ngày nộp", "Tên đơn vị"):
        problems.append(f"XLSX headers: {labels[:3]}")
    if keys[:3] != ("assessment_id", "submitted_on", "organisation"):
        problems.append(f"XLSX keys: {keys[:3]}")
    count = sum(1 for _row in rows)
    if count != expected:
        problems.append(f"XLSX holds {count} rows, not {expected}")
    workbook.close()
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assessments", type=int, default=100_000)
    parser.add_argument("--child", choices=VARIANTS)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.out)
        return

    url = environment()
    ensure_database(url)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from assessment.models import Assessment

    call_command("migrate", verbosity=0)
    have = Assessment.objects.submitted().count()
    if have < args.assessments:
        started = time.perf_counter()
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
    # A member of the center's staff group with the export permission given to them, as
    # in production (a superuser would first have to pass the two-step sign-in).
    from django.contrib.auth.models import Group, Permission

    user, _ = get_user_model().objects.update_or_create(
        username="bench-center", defaults={"is_superuser": False, "is_staff": True}
    )
    user.groups.add(Group.objects.get(name=CENTER_GROUP))
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="center", codename="export_submissions")
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()

    xlsx_path = str(Path(tempfile.mkdtemp(prefix="export-bench-")) / "bai-danh-gia.xlsx")
    results = {}
    for variant in VARIANTS:
        done = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--child", variant, "--out", xlsx_path],
            check=True,
            env=os.environ,
            capture_output=True,
            text=True,
        )
        results[variant] = json.loads(done.stdout.strip().splitlines()[-1])

    total = Assessment.objects.submitted().count()
    print(f"\nexport of every submitted assessment ({total}) on PostgreSQL, one process each")
    print(f"{'variant':<14} {'rows':>8} {'seconds':>8} {'rows/s':>9} {'peak MB':>8} {'grew MB':>8}")
    failures = []
    for variant, r in results.items():
        grew = (r["peak_kb"] - r["before_kb"]) / 1024
        mark = ""
        if variant in CHECKED and grew > CEILING_MB:
            mark = "  OVER"
            failures.append(f"{variant} grew {grew:.0f} MB")
        if variant in CHECKED and r["rows"] != total:
            failures.append(f"{variant}: {r['rows']} rows, not {total}")
        print(
            f"{variant:<14} {r['rows']:>8} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>9.0f} "
            f"{r['peak_kb'] / 1024:>8.0f} {grew:>8.0f}{mark}"
        )
    failures += check_xlsx(xlsx_path, total)
    opened = "fine" if not failures else "see below"
    print(f"XLSX kept at {xlsx_path} (opened with openpyxl: {opened})")
    print(f"goal: csv and xlsx grow the process by at most {CEILING_MB} MB")
    for failure in failures:
        print("MISSED:", failure)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
