"""Fault kit: break one part of a running portal at a time and count what users lose.

    make faults                      # every scenario, 10 rounds each
    .venv/bin/python bench/faults/kit.py worker_sigkill --rounds 3

Runs on PostgreSQL + Redis with servers of its own: two Redis servers it starts and stops
(broker on FAULTS_REDIS_PORT, default 6390; cache on the next port) and a database of its
own (FAULTS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/faults_portal,
created and dropped here). Never touches the shared Redis or other databases. Starts
gunicorn, a Celery worker and beat like docker-compose does, prepares assessments
through the ORM, submits and browses over HTTP, and per scenario prints plans lost /
duplicated / stuck (must be 0/0/0), pages answered 500 (must be 0 while only a Redis is
down) and the recovery times. Exits 1 on any miss, or when a killed worker's plan takes
more than 30 s after the new worker starts. Not a CI step (minutes, and it kills things).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "6390"))
CACHE_PORT = REDIS_PORT + 1
WEB_PORT = int(os.environ.get("FAULTS_WEB_PORT", "18650"))
DATABASE_URL = os.environ.get(
    "FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/faults_portal"
)
KILL_RECOVERY_GOAL = 30.0
SCRATCH = Path(tempfile.mkdtemp(prefix="faults-"))
BASE = f"http://127.0.0.1:{WEB_PORT}"

ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "DATABASE_"))},
    "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}",
    "REDIS_CACHE_URL": f"redis://127.0.0.1:{CACHE_PORT}/0",
    "PORTAL_VAR_DIR": str(SCRATCH / "var"),
    "PRIVATE_MEDIA_ROOT": str(SCRATCH / "private"),
    "PLAN_QUEUED_GRACE_SECONDS": os.environ.get("PLAN_QUEUED_GRACE_SECONDS", "60"),
}


# --- Processes ------------------------------------------------------------------------------------


def redis(port: int, up: bool) -> None:
    if up:
        subprocess.run(
            ["redis-server", "--port", str(port), "--daemonize", "yes", "--save", "",
             "--appendonly", "no", "--dir", str(SCRATCH),
             "--pidfile", str(SCRATCH / f"redis-{port}.pid")],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True)
            if ping.stdout.strip() == b"PONG":
                return
            time.sleep(0.1)
        raise SystemExit(f"redis on {port} did not start")
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


def start(name: str, *args: str, **extra_env: str) -> subprocess.Popen:
    log = open(SCRATCH / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the child
    return subprocess.Popen(
        list(args), cwd=ROOT, env={**ENV, **extra_env}, stdout=log, stderr=log,
        start_new_session=True,
    )  # fmt: skip


def stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def web() -> subprocess.Popen:
    return start("web", PY, "-m", "gunicorn", "portal.wsgi:application", "--bind",
                 f"127.0.0.1:{WEB_PORT}", "--workers", "2", "--timeout", "60")  # fmt: skip


def worker(delay: float = 0) -> subprocess.Popen:
    app = "tests.recommendations.slow_worker" if delay else "portal"
    return start("worker", PY, "-m", "celery", "-A", app, "worker", "--loglevel=INFO",
                 "--concurrency=2", f"--hostname=faults-{time.monotonic_ns()}@%h",
                 TEST_RENDER_DELAY_SECONDS=str(delay))  # fmt: skip


def beat() -> subprocess.Popen:
    return start("beat", PY, "-m", "celery", "-A", "portal", "beat", "--loglevel=INFO",
                 f"--schedule={SCRATCH / 'beat-schedule'}", "--pidfile=")  # fmt: skip


# --- Users ---------------------------------------------------------------------------------


class Browser:
    """One person's browser: cookies, CSRF, and every status code it saw."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.codes: list[int] = []

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = None
        headers = {"Referer": BASE + path}
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        try:
            with self.opener.open(
                urllib.request.Request(BASE + path, data=body, headers=headers), timeout=30
            ) as response:
                code, location = response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            code, location = exc.code, exc.headers.get("Location", "")
        except OSError:
            code, location = 0, ""
        self.codes.append(code)
        return code, location


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def prepared_assessment():
    """A fully answered, not yet submitted assessment (through the ORM, as the steps would)."""
    from assessment.answers import save_answers
    from assessment.models import AdministrativeUnit, Assessment, Organisation, Sector
    from assessment.structure import choice_options, load_structure

    questionnaire = QUESTIONNAIRE[0]
    structure = load_structure(questionnaire)
    rng = random.Random()  # noqa: S311 - not for security
    organisation = Organisation.objects.create(
        name="Đơn vị thử lỗi", kind="enterprise", sector=Sector.objects.first(),
        administrative_unit=AdministrativeUnit.objects.first(), size_band="micro",
    )  # fmt: skip
    assessment = Assessment.objects.create(questionnaire=questionnaire, organisation=organisation)
    answers = {}
    for question in structure.questions:
        keys = [k for k, _label in choice_options(question)]
        answers[question.key] = (
            rng.randint(0, 5) if question.type == "scale" else [rng.choice(keys)]
        )
    save_answers(assessment, structure.questions, answers)
    return assessment


def submit(browser: Browser, assessment) -> int:
    base = f"/vi/assessment/{assessment.token}"
    browser.request(f"{base}/check/")
    code, _location = browser.request(f"{base}/submit/", {})
    browser.request(f"{base}/results/")
    return code


QUESTIONNAIRE: list = []


# --- Counting -------------------------------------------------------------------------------------


def plan_files(plan_id: int) -> list[Path]:
    """The plan's file and any suffixed copy storage made of it (plan-1_AbC.pdf, not plan-10)."""
    folder = SCRATCH / "private" / "plans"
    return sorted([*folder.glob(f"plan-{plan_id}.pdf"), *folder.glob(f"plan-{plan_id}_*.pdf")])


def wait_ready(assessment, timeout: float) -> float | None:
    """Seconds until the assessment's plan is ready (None: not within ``timeout``)."""
    from recommendations.models import ActionPlan

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if ActionPlan.objects.filter(assessment=assessment, status="ready").exists():
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def tally(assessments) -> dict[str, int]:
    from recommendations.models import ActionPlan

    lost = duplicated = stuck = 0
    for assessment in assessments:
        plans = list(ActionPlan.objects.filter(assessment=assessment))
        if not plans:
            lost += 1
            continue
        if len(plans) > 1 or any(len(plan_files(p.pk)) > 1 for p in plans):
            duplicated += 1
        if any(p.status != "ready" or not plan_files(p.pk) for p in plans):
            stuck += 1
    return {"lost": lost, "duplicated": duplicated, "stuck": stuck}


def report(name: str, counts: dict[str, int], times: list[float], errors: int) -> bool:
    timing = (
        f"recovery median {statistics.median(times):.1f} s, max {max(times):.1f} s"
        if times
        else "no recovery measured"
    )
    print(
        f"{name}: lost {counts['lost']}, duplicated {counts['duplicated']}, "
        f"stuck {counts['stuck']}, HTTP 500 {errors}; {timing}",
        flush=True,
    )
    return not any(counts.values()) and errors == 0


# --- Scenarios -----------------------------------------------------------------------------


def worker_sigkill(rounds: int, procs: dict) -> bool:
    """SIGKILL the whole worker mid-render; time from the new worker's start to ready."""
    from recommendations.models import ActionPlan

    stop(procs.pop("worker"))
    assessments, times = [], []
    for _ in range(rounds):
        slow = worker(delay=20)
        assessment = prepared_assessment()
        browser = Browser()
        submit(browser, assessment)
        deadline = time.monotonic() + 60
        while not ActionPlan.objects.filter(assessment=assessment, status="running").exists():
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        stop(slow, signal.SIGKILL)
        procs["worker"] = worker()
        took = wait_ready(assessment, timeout=120)
        times.append(took if took is not None else float("inf"))
        stop(procs.pop("worker"))
        assessments.append(assessment)
    procs["worker"] = worker()
    ok = report("worker SIGKILL mid-render", tally(assessments), times, 0)
    return ok and max(times) <= KILL_RECOVERY_GOAL


def broker_down_at_submit(rounds: int, procs: dict) -> bool:
    """Stop the broker Redis, submit, bring it back; every plan must still be made."""
    redis(REDIS_PORT, up=False)
    assessments, browsers = [], []
    for _ in range(rounds):
        assessment, browser = prepared_assessment(), Browser()
        submit(browser, assessment)
        assessments.append(assessment)
        browsers.append(browser)
    time.sleep(5)
    redis(REDIS_PORT, up=True)
    back = time.monotonic()
    times = []
    for assessment in assessments:
        took = wait_ready(assessment, timeout=240)
        times.append(time.monotonic() - back if took is not None else float("inf"))
    errors = sum(code >= 500 for b in browsers for code in b.codes)
    return report("broker down at submit", tally(assessments), times, errors)


def cache_down_browsing(rounds: int, procs: dict) -> bool:
    """Stop the cache Redis; browse and submit as people do; no page may fail."""
    redis(CACHE_PORT, up=False)
    assessments, browsers = [], []
    try:
        for _ in range(rounds):
            browser = Browser()
            for path in ("/vi/", "/en/", "/vi/assessment/", "/vi/huong-dan/"):
                browser.request(path)
            assessment = prepared_assessment()
            browser.request(f"/vi/assessment/{assessment.token}/step/2/")
            submit(browser, assessment)
            assessments.append(assessment)
            browsers.append(browser)
        times = [wait_ready(a, timeout=120) or float("inf") for a in assessments]
    finally:
        redis(CACHE_PORT, up=True)
    errors = sum(code >= 500 or code == 0 for b in browsers for code in b.codes)
    return report("cache down while browsing", tally(assessments), times, errors)


SCENARIOS = {
    "worker_sigkill": worker_sigkill,
    "broker_down_at_submit": broker_down_at_submit,
    "cache_down_browsing": cache_down_browsing,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenarios", nargs="*", help=", ".join(SCENARIOS))
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    args.scenarios = args.scenarios or list(SCENARIOS)
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")

    db_name = urllib.parse.urlsplit(DATABASE_URL).path.lstrip("/")
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{db_name}"'], check=True)
    subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{db_name}"'], check=True)
    redis(REDIS_PORT, up=True)
    redis(CACHE_PORT, up=True)
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from assessment.demo import ensure_default_questionnaire

    call_command("migrate", verbosity=0)
    call_command("seed_demo", admin_password="faults-demo-pass", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", "--noinput", verbosity=0)
    QUESTIONNAIRE.append(ensure_default_questionnaire())
    procs = {"web": web(), "worker": worker(), "beat": beat()}
    ok = True
    try:
        time.sleep(8)  # gunicorn and the worker start
        for name in args.scenarios:
            ok = SCENARIOS[name](args.rounds, procs) and ok
    finally:
        for process in procs.values():
            stop(process)
        redis(REDIS_PORT, up=False)
        redis(CACHE_PORT, up=False)
        from django.db import connections

        connections.close_all()
        subprocess.run(["psql", admin_url, "-qc", f'DROP DATABASE IF EXISTS "{db_name}"'])
        print(f"logs kept in {SCRATCH}")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
