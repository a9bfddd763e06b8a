"""The portal over HTTP, in production shape, against a bare Django view in the same run.

    .venv/bin/python bench/http_bench.py [--duration 5] [--db-name http_bench]
        [--redis-dbs 3,4,5] [--port 8160]

Creates a throw-away PostgreSQL database (dropped first if it exists, so never point
it at one you care about), seeds it with ``seed_demo``, flushes the three Redis
databases given (broker, cache, results), collects the static files, and starts, each
under gunicorn with 2 sync workers on 127.0.0.1:

1. the bare view (bench/bare_app.py), the baseline, kept up for the whole run and
   measured again right before each page and right before and after the whole flow (the
   machine is shared: both runs of a ratio then see the same load);
2. then the portal with production settings and the page cache off
   (``PORTAL_PAGE_CACHE=false``);
3. then the portal with production settings as deployed (page cache on).

Each page type is driven by ``wrk`` (Debian package ``wrk``; not needed by CI) with
2 threads and 20 connections for ``--duration`` seconds; the queries per request come
from Django's test client in this process against the same database, the bytes from
one plain request. Then 50 clients (threads, one connection each, no think time) each
run the whole questionnaire over HTTP: start → profile → every step → check → submit →
results; every request's time and status is kept; afterwards every assessment's stored
answers must be exactly the answers its client posted. That flow runs three times
(``--flow-runs``), 50 new people each time, with the bare view measured between the runs.

Goals (the issue #16), as shares of the bare view's req/s in the same run: uncached
home, guidance index and guidance page ≥ 6 %, search ≥ 4 %; cached anonymous reads
(the pages the page cache serves) ≥ 30 %; the whole flow with 50 clients: p95 < 300 ms
per request on the issue's machine (the p95 measured here is scaled by the bare view's
req/s around the flow, see FLOW_REFERENCE_BARE_RPS) in the median of the runs, no error
in any run, 50 of 50 flows completed in each, answers intact. Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
# Behind the TLS-terminating proxy production expects (settings/production.py).
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}

UNCACHED_GOALS = {"home": 0.06, "guidance index": 0.06, "guidance page": 0.06, "search": 0.04}
CACHED_GOAL = 0.30
CACHEABLE = ("home", "guidance index", "guidance page", "how-we-score")
FLOW_P95_GOAL_MS = 300.0
# The flow's goal is a time, set on the machine, whose bare view served 5,900 req/s
# (wrk -t2 -c20, 2 sync workers). Every part of the flow (the workers, PostgreSQL, Redis,
# the clients) runs on the same two cores, so the p95 scales with the machine's speed: the
# bench measures the bare view right before and right after the flow and judges the p95
# scaled to that machine, p95 × bare req/s now ÷ 5,900. It prints the p95 as measured too.
FLOW_REFERENCE_BARE_RPS = 5900.0
FLOW_BARE_SECONDS = 3
# This machine's own speed wanders (the same pure-Python loop took 0.78 to 1.18 s in six
# runs back to back), and one flow run's p95 rests on its last wave of submits: the flow
# runs three times and the goal is judged on the median run (every run is printed).
FLOW_RUNS = 3


@dataclass
class Load:
    """One wrk run."""

    rps: float
    p50_ms: float
    p95_ms: float
    errors: int


@dataclass
class Flow:
    """One client's whole questionnaire."""

    token: str = ""
    posted: dict[str, list[str]] = field(default_factory=dict)
    kind: str = ""
    times_ms: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    completed: bool = False


@dataclass
class FlowRun:
    """One run of the whole flow by every client, and the bare view right before and after."""

    flows: list[Flow]
    elapsed: float
    bare_around: tuple[Load, Load]

    @property
    def times(self) -> list[float]:
        return [t for flow in self.flows for t in flow.times_ms]

    @property
    def p95(self) -> float:
        return percentile(self.times, 0.95)

    @property
    def scaled_p95(self) -> float:
        bare_rps = statistics.mean(load.rps for load in self.bare_around)
        return self.p95 * bare_rps / FLOW_REFERENCE_BARE_RPS


# --- set-up ----------------------------------------------------------------------------


def create_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def flush_redis(redis_url: str, dbs: list[int]) -> None:
    import redis

    for db in dbs:
        redis.Redis.from_url(redis_url, db=db).flushdb()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class Server:
    """gunicorn with 2 sync workers on 127.0.0.1:port, stopped on exit."""

    def __init__(self, app: str, port: int, env: dict[str, str], *extra: str) -> None:
        self.port = port
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn)
            [
                sys.executable,
                "-m",
                "gunicorn",
                app,
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--timeout",
                "60",
                "--log-level",
                "warning",
                # gunicorn reads ./gunicorn.conf.py (access log on stdout): not measured here.
                "--access-logfile",
                "/dev/null",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                fetch(port, "/", "GET")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"gunicorn {app} did not start") from None
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"gunicorn {app} did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def fetch(port: int, path: str, method: str = "GET", body: str | None = None, headers=None):
    """One request on a fresh connection: (status, headers, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


# --- pages -------------------------------------------------------------------------------


def wrk(port: int, path: str, duration: int, script: Path) -> Load:
    out = subprocess.run(  # noqa: S603 (wrk from PATH, checked at start)
        [  # noqa: S607
            "wrk",
            "-t2",
            "-c20",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            "-H",
            "X-Forwarded-Proto: https",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    line = next(row for row in out.splitlines() if row.startswith("RESULT "))
    requests, duration_us, p50, p95, socket_errors, status_errors = map(int, line.split()[1:])
    return Load(
        rps=requests / (duration_us / 1e6),
        p50_ms=p50 / 1000,
        p95_ms=p95 / 1000,
        errors=socket_errors + status_errors,
    )


def page_urls() -> dict[str, str]:
    """One URL of each page type, from the seeded database."""
    from assessment.answers import save_answers
    from assessment.models import (
        AdministrativeUnit,
        Assessment,
        Organisation,
        Questionnaire,
        Sector,
    )
    from assessment.structure import choice_options, load_structure
    from assessment.submission import submit_assessment
    from cms.models import GuidanceIndexPage, GuidancePage, HomePage

    def url_of(model) -> str:
        page = model.objects.live().filter(locale__language_code="vi").first()
        return page.get_url()

    questionnaire = Questionnaire.current()
    structure = load_structure(questionnaire)
    organisation = Organisation.objects.create(
        name="Hợp tác xã Đo tốc độ",
        kind="household",
        sector=Sector.objects.order_by("sort_order").first(),
        administrative_unit=AdministrativeUnit.objects.filter(active=True).first(),
        size_band="micro",
    )
    in_progress = Assessment.objects.create(questionnaire=questionnaire, organisation=organisation)
    submitted = Assessment.objects.create(questionnaire=questionnaire, organisation=organisation)
    for dimension in structure.dimensions:
        questions = list(dimension.questions.all())
        values = {}
        for question in questions:
            if question.type == "scale":
                values[question.key] = 3
            else:
                values[question.key] = [choice_options(question)[-1][0]]
        save_answers(submitted, questions, values)
    submit_assessment(submitted, structure, language="vi")
    return {
        "home": url_of(HomePage),
        "guidance index": url_of(GuidanceIndexPage),
        "guidance page": url_of(GuidancePage),
        "search": "/vi/search/?q=b%C3%A1n+h%C3%A0ng",
        "how-we-score": "/vi/assessment/how-we-score/",
        "step (GET)": f"/vi/assessment/{in_progress.token}/step/2/",
        "results": f"/vi/assessment/{submitted.token}/results/",
    }


def queries_per_request(url: str, cached: bool) -> int:
    """Queries of the second of two requests (the first warms per-process caches)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    with override_settings(PORTAL_PAGE_CACHE=cached):
        client = Client(HTTP_HOST=HOST)
        client.get(url, secure=True)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code} to the test client")
    return len(captured)


# --- the whole flow ------------------------------------------------------------------------

INPUT = re.compile(r"<input\b[^>]*>")
SELECT = re.compile(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
OPTION = re.compile(r'<option\b[^>]*value="([^"]+)"')


def form_fields(html: str) -> tuple[dict[str, list[str]], dict[str, list[str]], str]:
    """(radio/checkbox choices by name, select options by name, CSRF token) of a page."""
    choices: dict[str, list[str]] = {}
    csrf = ""
    for tag in INPUT.findall(html):
        attrs = dict(ATTR.findall(tag))
        name = attrs.get("name", "")
        if name == "csrfmiddlewaretoken":
            csrf = attrs.get("value", "")
        elif attrs.get("type") in ("radio", "checkbox") and name:
            choices.setdefault(name, []).append(attrs.get("value", ""))
    selects = {name: OPTION.findall(body) for name, body in SELECT.findall(html)}
    return choices, selects, csrf


class Browser:
    """One client: one keep-alive connection (reopened when gunicorn closes it), cookies."""

    def __init__(self, port: int, flow: Flow, number: int) -> None:
        self.port = port
        self.flow = flow
        self.address = f"10.16.{number // 250}.{number % 250 + 1}"
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, data=None, expect: int = 200) -> tuple[str, str]:
        headers = {**PROXY_HEADERS, "X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}:{self.port}"
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read().decode()
        self.flow.times_ms.append((time.perf_counter() - started) * 1000)
        self.flow.kinds.append(f"{method} {request_kind(path)}")
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if response.status != expect:
            raise RuntimeError(f"{method} {path}: {response.status}, expected {expect}")
        return content, urlsplit(response.getheader("Location", "")).path


def run_flow(port: int, flow: Flow, number: int, barrier: threading.Barrier) -> None:
    """Client ``number``'s whole questionnaire (its address, answers and name follow from
    the number, so each run's clients are new people to the rate limits)."""
    rng = random.Random(number)  # noqa: S311 (not for security)
    browser = Browser(port, flow, number)
    try:
        barrier.wait(timeout=60)
        html, _ = browser.request("GET", "/vi/assessment/")
        _, _, csrf = form_fields(html)
        _, location = browser.request("POST", "/vi/assessment/", {"csrfmiddlewaretoken": csrf}, 302)
        flow.token = location.rstrip("/").split("/")[-2]
        html, _ = browser.request("GET", location)
        choices, selects, csrf = form_fields(html)
        flow.kind = choices["kind"][number % len(choices["kind"])]
        profile = {
            "csrfmiddlewaretoken": csrf,
            "name": f"Hộ kinh doanh số {number}",
            "kind": flow.kind,
            "sector": rng.choice(selects["sector"]),
            "administrative_unit": rng.choice(selects["administrative_unit"]),
            "staff_count": str(rng.randint(0, 30)),
            "revenue_band": rng.choice(choices["revenue_band"]),
            "member_count": "12",
            "consent_statistics": "on",
        }
        _, location = browser.request("POST", location, profile, 302)
        while "/step/" in location:
            html, _ = browser.request("GET", location)
            answers, csrf = step_answers(html, rng)
            flow.posted.update(answers)
            _, location = browser.request(
                "POST", location, {"csrfmiddlewaretoken": csrf, **answers}, 302
            )
        if not location.endswith("/check/"):
            raise RuntimeError(f"after the last step: {location}")
        html, _ = browser.request("GET", location)
        _, _, csrf = form_fields(html)
        submit = location.replace("/check/", "/submit/")
        _, location = browser.request("POST", submit, {"csrfmiddlewaretoken": csrf}, 302)
        browser.request("GET", location)
        flow.completed = True
    except Exception as exc:  # counted and reported, never hidden
        flow.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        browser.conn.close()


def step_answers(html: str, rng: random.Random) -> tuple[dict[str, list[str]], str]:
    """A random answer to every question of a step page (never "not applicable" where
    there is another choice), and the page's CSRF token."""
    choices, _, csrf = form_fields(html)
    checkboxes, exclusive = html_checkboxes(html)
    answers = {}
    for name, values in choices.items():
        if not name.startswith("q-"):
            continue
        values = [v for v in values if v != "na"] or values
        if len(set(values)) > 1 and name in checkboxes:
            # An exclusive choice ("none of these") is only ever ticked alone.
            combinable = [v for v in values if (name, v) not in exclusive] or values
            answers[name] = rng.sample(combinable, rng.randint(1, min(2, len(combinable))))
        else:
            answers[name] = [rng.choice(values)]
    return answers, csrf


def request_kind(path: str) -> str:
    """The flow's request types, for the report: "start", "profile", "step", "check"…"""
    parts = [part for part in path.split("/") if part]
    if parts[-1:] == ["assessment"]:
        return "start"
    if "step" in parts:
        return "step"
    return parts[-1] if parts else "/"


EXCLUSIVE = re.compile(r"<div[^>]*data-exclusive[^>]*>\s*(<input\b[^>]*>)")


def html_checkboxes(html: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The names of the checkbox questions, and the (name, value) of exclusive choices."""
    names = {
        dict(ATTR.findall(tag)).get("name", "")
        for tag in INPUT.findall(html)
        if 'type="checkbox"' in tag
    }
    exclusive = set()
    for tag in EXCLUSIVE.findall(html):
        attrs = dict(ATTR.findall(tag))
        exclusive.add((attrs.get("name", ""), attrs.get("value", "")))
    return names, exclusive


def answers_intact(flows: list[Flow]) -> list[str]:
    """Every completed assessment holds exactly the answers its client posted (those its
    answers make asked), and is submitted."""
    from assessment import scoring
    from assessment.answers import answers_of
    from assessment.forms import to_answer
    from assessment.models import Assessment
    from assessment.structure import load_structure, question_spec

    problems = []
    for flow in flows:
        if not flow.token:
            continue
        assessment = Assessment.objects.get(token=flow.token)
        structure = load_structure(assessment.questionnaire)
        expected: dict[str, scoring.AnswerValue] = {}
        for question in structure.questions:
            raw = flow.posted.get(f"q-{question.key}")
            if raw is None:
                continue
            value = to_answer(question, raw if question.type == "multi" else raw[0])
            if scoring.is_asked(question_spec(question), expected, flow.kind):
                expected[question.key] = value
        stored = answers_of(assessment)
        if stored != expected:
            problems.append(f"{flow.token}: stored answers differ from the posted ones")
        if flow.completed and not assessment.is_submitted:
            problems.append(f"{flow.token}: completed but not submitted")
    return problems


def whole_flow(
    port: int, clients: int, deadline_s: float, first: int = 0
) -> tuple[list[Flow], float]:
    flows = [Flow() for _ in range(clients)]
    barrier = threading.Barrier(clients)
    threads = [
        threading.Thread(target=run_flow, args=(port, flows[n], first + n, barrier), daemon=True)
        for n in range(clients)
    ]
    started = time.perf_counter()
    cpu_started = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline_s - (time.perf_counter() - started)))
    elapsed = time.perf_counter() - started
    # The clients run on the same cores as the server: say how much of them they took.
    client_cpu = time.process_time() - cpu_started
    print(
        f"the {clients} clients used {client_cpu:.1f} s of CPU in {elapsed:.1f} s "
        f"({client_cpu / elapsed / (os.cpu_count() or 1):.0%} of the machine)"
    )
    for flow in flows:
        if not flow.completed and not flow.errors:
            flow.errors.append(f"not finished within {deadline_s:.0f} s")
    return flows, elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


# --- the run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--flow-runs", type=int, default=FLOW_RUNS)
    parser.add_argument(
        "--flow-only", action="store_true", help="only the whole-flow run (while tuning it)"
    )
    parser.add_argument("--port", type=int, default=8160, help="first of three ports")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-name", default="http_bench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--redis-dbs", default="3,4,5", help="broker,cache,results")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the page runs: apt-get install -y wrk")

    broker_db, cache_db, result_db = (int(n) for n in args.redis_dbs.split(","))
    scratch = Path(tempfile.mkdtemp(prefix="http-bench-"))
    script = scratch / "report.lua"
    script.write_text(WRK_SCRIPT)
    database_url = f"{args.pg}/{args.db_name}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": ",".join(
            f"https://{HOST}:{args.port + n}" for n in range(3)
        ),
        "DATABASE_URL": database_url,
        "REDIS_URL": args.redis,
        "REDIS_BROKER_DB": str(broker_db),
        "REDIS_CACHE_DB": str(cache_db),
        "REDIS_RESULT_DB": str(result_db),
        "PORTAL_VAR_DIR": str(scratch / "var"),
        "PRIVATE_MEDIA_ROOT": str(scratch / "private"),
        "DJANGO_STATIC_ROOT": str(scratch / "static"),
        # Read by branches that build absolute links from it; harmless elsewhere.
        "PORTAL_BASE_URL": f"https://{HOST}:{args.port + 2}",
        "WAGTAILADMIN_BASE_URL": f"https://{HOST}:{args.port + 2}",
        "DEMO_ADMIN_PASSWORD": secrets.token_urlsafe(16),
        "LOG_LEVEL": "WARNING",
        # Each flow client is another person behind the same (local) proxy: the rate
        # limits key on the client address (cms/clientip.py), so they count people.
        "PORTAL_TRUSTED_PROXIES": HOST,
    }
    create_database(args.pg + "/postgres", args.db_name)
    flush_redis(args.redis, [broker_db, cache_db, result_db])
    print(f"setting up {args.db_name} (migrate, seed_demo, collectstatic)…", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    urls = page_urls()
    queries = {
        (name, cached): queries_per_request(url, cached)
        for name, url in urls.items()
        for cached in (False, True)
    }
    flush_redis(args.redis, [cache_db])
    from django.db import connections

    connections.close_all()

    print(f"load before the runs: {os.getloadavg()[0]:.2f} (1 min), nproc {os.cpu_count()}")
    # The bare view runs alongside and is measured right before each page, so that each
    # share compares two runs under the same load (the machine is shared and its load
    # changes from one minute to the next).
    rows: dict[tuple[str, bool], tuple[Load, Load, int]] = {}
    flow_runs: list[FlowRun] = []
    with Server("bare_app:application", args.port, env, "--pythonpath", "bench") as bare_server:
        runs = ((False, args.port + 1), (True, args.port + 2))
        for cached, port in runs[1:] if args.flow_only else runs:
            server_env = {**env, "PORTAL_PAGE_CACHE": "true" if cached else "false"}
            with Server("portal.wsgi:application", port, server_env) as server:
                for name, url in {} if args.flow_only else urls.items():
                    status, _, body = fetch(port, url)
                    if status != 200:
                        raise SystemExit(f"{url} answered {status}")
                    bare = wrk(bare_server.port, "/", args.duration, script)
                    rows[name, cached] = (wrk(port, url, args.duration, script), bare, len(body))
                if cached:
                    # The machine's speed right around each run (see FLOW_REFERENCE_BARE_RPS).
                    before = wrk(bare_server.port, "/", FLOW_BARE_SECONDS, script)
                    for run in range(args.flow_runs):
                        flows, elapsed = whole_flow(
                            server.port, args.clients, deadline_s=240, first=run * args.clients
                        )
                        after = wrk(bare_server.port, "/", FLOW_BARE_SECONDS, script)
                        flow_runs.append(FlowRun(flows, elapsed, (before, after)))
                        before = after
    problems = answers_intact([flow for run in flow_runs for flow in run.flows])
    flush_redis(args.redis, [broker_db, cache_db, result_db])

    # --- the report -----------------------------------------------------------------------
    misses: list[str] = []
    print(f"\nnproc {os.cpu_count()}, load after the runs {os.getloadavg()[0]:.2f} (1 min)")
    print(f"wrk -t2 -c20 -d{args.duration}s; gunicorn 2 sync workers; PostgreSQL + Redis")
    if rows:
        bares = sorted(bare.rps for _, bare, _ in rows.values())
        print(
            f"bare Django view (measured before each page): median {statistics.median(bares):.0f}"
            f" req/s, {bares[0]:.0f}–{bares[-1]:.0f}\n"
        )
        header = f"{'page':<16}{'cache':<7}{'req/s':>8}{'bare':>7}{'% bare':>8}{'p50 ms':>8}"
        print(header + f"{'p95 ms':>8}{'queries':>8}{'bytes':>8}{'errors':>7}  goal")
    for (name, cached), (load, bare, size) in rows.items():
        share = load.rps / bare.rps
        goal = CACHED_GOAL if cached and name in CACHEABLE else None
        if not cached:
            goal = UNCACHED_GOALS.get(name)
        verdict = ""
        if goal is not None:
            verdict = f"≥ {goal:.0%} {'ok' if share >= goal else 'MISSED'}"
            if share < goal:
                misses.append(f"{name} ({'cached' if cached else 'uncached'}) {share:.1%}")
        if load.errors or bare.errors:
            misses.append(f"{name}: {load.errors} errors under load ({bare.errors} on the bare)")
        print(
            f"{name:<16}{'on' if cached else 'off':<7}{load.rps:8.0f}{bare.rps:7.0f}{share:8.1%}"
            f"{load.p50_ms:8.1f}{load.p95_ms:8.1f}{queries[name, cached]:8d}{size:8d}"
            f"{load.errors:7d}  {verdict}"
        )

    print(f"\nwhole flow, {args.clients} clients, no think time, {len(flow_runs)} runs:")
    for number, run in enumerate(flow_runs, 1):
        times = run.times
        completed = sum(flow.completed for flow in run.flows)
        errors = [e for flow in run.flows for e in flow.errors]
        print(
            f"  run {number}: {len(times)} requests in {run.elapsed:.1f} s "
            f"({len(times) / run.elapsed:.0f} req/s), p50 {percentile(times, 0.5):.0f} ms, "
            f"p95 {run.p95:.0f} ms, max {max(times, default=0):.0f} ms; bare view around it "
            f"{' and '.join(f'{load.rps:.0f}' for load in run.bare_around)} req/s; p95 scaled "
            f"{run.scaled_p95:.0f} ms; {completed}/{args.clients} completed, {len(errors)} errors"
        )
        for line in errors[:10]:
            print("    ", line)
        if errors or completed < args.clients:
            misses.append(
                f"whole flow run {number}: {len(errors)} errors, "
                f"{completed}/{args.clients} completed"
            )
    median_run = sorted(flow_runs, key=lambda run: run.scaled_p95)[(len(flow_runs) - 1) // 2]
    print(f"  the median run (run {flow_runs.index(median_run) + 1}) by request:")
    by_kind: dict[str, list[float]] = {}
    for flow in median_run.flows:
        for kind, ms in zip(flow.kinds, flow.times_ms, strict=True):
            by_kind.setdefault(kind, []).append(ms)
    for kind, values in sorted(by_kind.items(), key=lambda item: -percentile(item[1], 0.95)):
        print(
            f"   {kind:<16}{len(values):6d} requests  p50 {percentile(values, 0.5):6.0f} ms"
            f"  p95 {percentile(values, 0.95):6.0f} ms"
        )
    for line in problems[:10]:
        print("  ", line)
    scaled_p95 = median_run.scaled_p95
    print(
        f"answers intact in all {sum(len(run.flows) for run in flow_runs)} assessments: "
        f"{'yes' if not problems else 'NO'}\n"
        f"p95 scaled to the issue's machine (bare view {FLOW_REFERENCE_BARE_RPS:.0f} req/s), "
        f"median of the runs: {scaled_p95:.0f} ms (goal < {FLOW_P95_GOAL_MS:.0f} ms)"
    )
    if scaled_p95 >= FLOW_P95_GOAL_MS:
        misses.append(
            f"whole flow p95 {median_run.p95:.0f} ms, {scaled_p95:.0f} ms on the issue's"
            f" machine ≥ {FLOW_P95_GOAL_MS:.0f} ms (median of {len(flow_runs)} runs)"
        )
    if problems:
        misses.append(f"answers not intact in {len(problems)} assessments")
    shutil.rmtree(scratch, ignore_errors=True)
    if misses:
        print("\nMISSED: " + "; ".join(misses))
        return 1
    print("\nall goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
