"""Where a questionnaire flow spends its time, in one process, request kind by request kind.

    .venv/bin/python bench/flow_profile.py [--flows 20] [--db-name http_bench]
        [--profile "POST submit"] [--sort cumtime] [--sql "GET results"]

Not a bench with a goal: a tool for choosing what to make faster in the whole-flow run of
``http_bench.py``. It drives whole flows (start → profile → every step → check → submit →
results) through Django's test client with production settings, the same form filling as
the bench's clients, against a database ``http_bench.py`` left behind (run it once with
``--flow-only`` first), and prints each request kind's median time and queries. One flow
runs first, unmeasured, to warm the process. ``--profile KIND`` adds cProfile's top
functions over that kind's requests; ``--sql KIND`` prints one such request's SQL.

The test client loads the middleware for every new client, so each flow's first request
(GET start) is inflated by a few milliseconds that gunicorn pays once per worker.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from http_bench import form_fields, request_kind, step_answers  # noqa: E402


def settings_env(args: argparse.Namespace) -> None:
    scratch = Path(tempfile.gettempdir()) / "flow-profile"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://testserver",
            "DATABASE_URL": f"{args.pg}/{args.db_name}",
            "REDIS_URL": args.redis,
            "REDIS_BROKER_DB": "3",
            "REDIS_CACHE_DB": "4",
            "REDIS_RESULT_DB": "5",
            "PORTAL_VAR_DIR": str(scratch / "var"),
            "PRIVATE_MEDIA_ROOT": str(scratch / "private"),
            "DJANGO_STATIC_ROOT": str(scratch / "static"),
            "PORTAL_BASE_URL": "https://testserver",
            "WAGTAILADMIN_BASE_URL": "https://testserver",
            "LOG_LEVEL": "WARNING",
            "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
        }
    )


class Driver:
    """One flow through the test client; every request timed (and profiled if asked)."""

    def __init__(self, number: int, times: dict, queries: dict, profiles: dict, args) -> None:
        from django.test import Client

        self.rng = random.Random(number)  # noqa: S311 (not for security)
        self.number = number
        self.address = f"10.17.{number // 250}.{number % 250 + 1}"
        self.client = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https")
        self.times, self.queries, self.profiles, self.args = times, queries, profiles, args

    def request(self, method: str, path: str, data=None, expect: int = 200):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        kind = f"{method} {request_kind(path)}"
        extra = {"HTTP_X_FORWARDED_FOR": self.address}
        if method == "POST":
            extra["HTTP_ORIGIN"] = "https://testserver"
        send = self.client.post if method == "POST" else self.client.get
        profile = self.profiles.get(kind)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            if profile is not None:
                profile.enable()
            response = send(path, data, **extra) if data is not None else send(path, **extra)
            if profile is not None:
                profile.disable()
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != expect:
            raise RuntimeError(f"{kind} {path}: {response.status_code}, expected {expect}")
        self.times.setdefault(kind, []).append(elapsed)
        self.queries.setdefault(kind, []).append(len(captured))
        if self.args.sql == kind and not getattr(self.args, "sql_shown", False):
            self.args.sql_shown = True
            print(f"\n--- SQL of one {kind} ({len(captured)} queries)")
            for query in captured.captured_queries:
                print(f"{query['time']:>7} {query['sql'][:300]}")
        body = response.content.decode() if not response.streaming else ""
        return body, response.headers.get("Location", "")

    def flow(self) -> None:
        html, _ = self.request("GET", "/vi/assessment/")
        _, _, csrf = form_fields(html)
        _, location = self.request("POST", "/vi/assessment/", {"csrfmiddlewaretoken": csrf}, 302)
        html, _ = self.request("GET", location)
        choices, selects, csrf = form_fields(html)
        profile = {
            "csrfmiddlewaretoken": csrf,
            "name": f"Hộ kinh doanh số {self.number}",
            "kind": choices["kind"][self.number % len(choices["kind"])],
            "sector": self.rng.choice(selects["sector"]),
            "administrative_unit": self.rng.choice(selects["administrative_unit"]),
            "staff_count": str(self.rng.randint(0, 30)),
            "revenue_band": self.rng.choice(choices["revenue_band"]),
            "member_count": "12",
            "consent_statistics": "on",
        }
        _, location = self.request("POST", location, profile, 302)
        while "/step/" in location:
            html, _ = self.request("GET", location)
            answers, csrf = step_answers(html, self.rng)
            _, location = self.request(
                "POST", location, {"csrfmiddlewaretoken": csrf, **answers}, 302
            )
        html, _ = self.request("GET", location)
        _, _, csrf = form_fields(html)
        submit = location.replace("/check/", "/submit/")
        _, location = self.request("POST", submit, {"csrfmiddlewaretoken": csrf}, 302)
        self.request("GET", location)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flows", type=int, default=20)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-name", default="http_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--profile", action="append", default=[], metavar="KIND")
    parser.add_argument("--sort", default="cumtime", choices=("cumtime", "tottime"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sql", metavar="KIND")
    args = parser.parse_args()
    settings_env(args)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not Path(settings.STATIC_ROOT, "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)

    Driver(10_000, {}, {}, {}, argparse.Namespace(sql=None)).flow()  # warm the process
    times: dict[str, list[float]] = {}
    queries: dict[str, list[int]] = {}
    profiles = {kind: cProfile.Profile() for kind in args.profile}
    for number in range(args.flows):
        Driver(20_000 + number, times, queries, profiles, args).flow()

    total = 0.0
    print(f"\n{args.flows} flows, in-process, production settings, {args.db_name}")
    print(f"{'request':<16}{'count':>6}{'median ms':>11}{'queries':>9}")
    for kind, values in sorted(times.items(), key=lambda item: -statistics.median(item[1])):
        median = statistics.median(values)
        total += median * len(values) / args.flows
        print(f"{kind:<16}{len(values):6d}{median:11.2f}{statistics.median(queries[kind]):9.0f}")
    per_flow = sum(map(len, times.values())) // args.flows
    print(f"a flow: {total:.0f} ms of medians over {per_flow} requests")
    for kind, profile in profiles.items():
        print(f"\n--- cProfile of {kind}, by {args.sort}")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
