"""Fault kit: break one part of a running portal at a time and count what users lose.

    make faults                                   # every scenario, each its own rounds
    make faults FAULTS_ARGS="double_submit burst --rounds 2"
    .venv/bin/python bench/faults/kit.py --list   # the scenarios and their rounds
    .venv/bin/python bench/faults/kit.py worker_sigkill --rounds 3

Runs on PostgreSQL + Redis with servers of its own: two Redis servers it starts and stops
(broker on FAULTS_REDIS_PORT, default 6390; cache on the next port) and a database of its
own (FAULTS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/faults_portal,
created and dropped here). Never touches the shared Redis or other databases, and never
restarts the PostgreSQL server: the database outage is its own database refusing
connections. Starts gunicorn (FAULTS_WEB_PORT, default 18650), a Celery worker and beat
like docker-compose does, prepares assessments through the ORM, submits and browses over
HTTP (each browser another person behind a trusted local proxy), and per scenario prints
plans lost / duplicated / stuck (must be 0/0/0), pages answered 500 or not at all (must be
0 except while the database itself is away) and the recovery times, then a table of all.
Exits 1 on any miss, or when a killed worker's plan takes more than 30 s after the new
worker starts. Not a CI step (minutes, and it kills things).
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
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
DB_NAME = urllib.parse.urlsplit(DATABASE_URL).path.lstrip("/")
ADMIN_URL = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
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
    # Each Browser is another person behind the same (local) proxy: per-address rate
    # limits count people, not the kit.
    "PORTAL_TRUSTED_PROXIES": "127.0.0.1",
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
        self.page = ""  # the last answer's body
        self.address = f"198.18.{random.randrange(256)}.{random.randrange(1, 255)}"  # noqa: S311

    def request(self, path: str, data: dict | list | None = None) -> tuple[int, str]:
        """GET, or POST ``data`` (a dict, or pairs for repeated names) with the CSRF token."""
        body = None
        headers = {"Referer": BASE + path, "X-Forwarded-For": self.address}
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            pairs = list(data.items()) if isinstance(data, dict) else list(data)
            body = urllib.parse.urlencode([*pairs, ("csrfmiddlewaretoken", token)]).encode()
        self.page = ""
        try:
            with self.opener.open(
                urllib.request.Request(BASE + path, data=body, headers=headers), timeout=30
            ) as response:
                code, location = response.status, response.headers.get("Location", "")
                self.page = response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            code, location = exc.code, exc.headers.get("Location", "")
        except OSError:
            code, location = 0, ""
        self.codes.append(code)
        return code, location


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def prepared_assessment(answered: bool = True):
    """A fully answered, not yet submitted assessment (through the ORM, as the steps would);
    with ``answered=False`` only its organisation profile is filled in."""
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
    if not answered:
        return assessment
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


RESULTS: list[dict] = []


def report(
    name: str,
    counts: dict[str, int],
    times: list[float],
    errors: int,
    *,
    rounds: int = 0,
    notes: str = "",
    ok: bool = True,
) -> bool:
    """Print one scenario's line and keep it for the closing table; False on any miss.

    ``ok`` carries a scenario's own checks (half-saved answers, a wrong answer code…).
    """
    timing = (
        f"recovery median {statistics.median(times):.1f} s, max {max(times):.1f} s"
        if times
        else "no recovery measured"
    )
    print(
        f"{name}: lost {counts['lost']}, duplicated {counts['duplicated']}, "
        f"stuck {counts['stuck']}, HTTP 500 {errors}; {timing}" + (f"; {notes}" if notes else ""),
        flush=True,
    )
    passed = ok and not any(counts.values()) and errors == 0
    RESULTS.append(
        {"name": name, "rounds": rounds, **counts, "errors": errors, "times": times,
         "notes": notes, "passed": passed}
    )  # fmt: skip
    return passed


def summary() -> None:
    """The closing table (Markdown), one row per scenario run."""
    print(
        "\n| scenario | rounds | lost | duplicated | stuck | HTTP 500 | recovery median | max | |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in RESULTS:
        times = row["times"]
        median = f"{statistics.median(times):.1f} s" if times else "–"
        worst = f"{max(times):.1f} s" if times else "–"
        verdict = "pass" if row["passed"] else "**FAIL**"
        print(
            f"| {row['name']} | {row['rounds']} | {row['lost']} | {row['duplicated']} | "
            f"{row['stuck']} | {row['errors']} | {median} | {worst} | {verdict} |"
        )
    for row in RESULTS:
        if row["notes"]:
            print(f"- {row['name']}: {row['notes']}")


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
    fast = max(times) <= KILL_RECOVERY_GOAL
    return report(
        "worker SIGKILL mid-render", tally(assessments), times, 0, rounds=rounds, ok=fast,
        notes="" if fast else f"slower than the {KILL_RECOVERY_GOAL:g} s goal",
    )  # fmt: skip


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
    return report("broker down at submit", tally(assessments), times, errors, rounds=rounds)


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
    return report("cache down while browsing", tally(assessments), times, errors, rounds=rounds)


# --- Helpers for the scenarios below --------------------------------------------------------------

INPUT_TAG = re.compile(r"<input\b[^>]*>", re.S)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def step_choices(page: str) -> dict[str, list[str]]:
    """Each question field (``q-*``) of a step page and the values it offers, in order."""
    fields: dict[str, list[str]] = {}
    for tag in INPUT_TAG.findall(page):
        attrs = dict(ATTRIBUTE.findall(tag))
        if attrs.get("name", "").startswith("q-") and attrs.get("type") in {"radio", "checkbox"}:
            fields.setdefault(attrs["name"], []).append(html.unescape(attrs.get("value", "")))
    return fields


def step_post(browser: Browser, token: str, number: int) -> list[tuple[str, str]]:
    """Open a step as a person does and fill it in: the first value offered for each question."""
    browser.request(f"/vi/assessment/{token}/step/{number}/")
    return [(name, values[0]) for name, values in step_choices(browser.page).items()]


def finish_flow(browser: Browser, token: str, number: int) -> bool:
    """Answer step ``number`` and every one after it until the check page; True when each
    step was accepted (302) and the flow reached the check page."""
    for _ in range(50):
        code, location = browser.request(
            f"/vi/assessment/{token}/step/{number}/", step_post(browser, token, number)
        )
        if code != 302:
            return False
        if location.endswith("/check/"):
            return True
        found = re.search(r"/step/(\d+)/$", location)
        if not found:
            return False
        number = int(found.group(1))
    return False


def wait_page(path: str, timeout: float = 120) -> float | None:
    """Seconds until ``path`` answers 200 again (None: not within ``timeout``)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            with urllib.request.urlopen(BASE + path, timeout=5) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    return None


def health() -> dict:
    """The detailed /healthz (a direct call from loopback is an operator's)."""
    try:
        with urllib.request.urlopen(BASE + "/healthz", timeout=5) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        return json.load(exc)
    except (OSError, ValueError):
        return {}


def check_state(name: str, want_ok: bool, timeout: float = 10) -> bool:
    """True when /healthz's check ``name`` says ``ok == want_ok`` within ``timeout``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if health().get("checks", {}).get(name, {}).get("ok") is want_ok:
            return True
        time.sleep(0.5)
    return False


def wait_status(assessment, wanted: set[str], timeout: float) -> str | None:
    """The assessment's plan status once it is one of ``wanted`` (None: not in time)."""
    from recommendations.models import ActionPlan

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = (
            ActionPlan.objects.filter(assessment=assessment)
            .values_list("status", flat=True)
            .first()
        )
        if status in wanted:
            return status
        time.sleep(0.1)
    return None


def since(moment: float, took: float | None) -> float:
    return time.monotonic() - moment if took is not None else float("inf")


def psql(sql: str) -> str:
    """One statement on the server's maintenance database (never the portal's)."""
    done = subprocess.run(
        ["psql", ADMIN_URL, "-qAtc", sql], check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def gunicorn_workers(procs: dict) -> list[int]:
    found = subprocess.run(
        ["pgrep", "-P", str(procs["web"].pid)], capture_output=True, text=True
    ).stdout.split()
    return [int(pid) for pid in found]


# --- More scenarios ------------------------------------------------------------------------


def post_into(out, browser: Browser, path: str, data, key: int = 0, barrier=None) -> None:
    """A POST from a thread; (code, location) goes into ``out``: a list, or a dict at ``key``."""
    if barrier is not None:
        barrier.wait()
    answer = browser.request(path, data)
    if isinstance(out, list):
        out.append(answer)
    else:
        out[key] = answer


def step_state(assessment, keys: list[str]) -> tuple[dict, int]:
    """The stored answers to ``keys`` and how many steps the assessment has done."""
    from assessment.models import Answer, Assessment

    rows = Answer.objects.filter(assessment=assessment, question__key__in=keys)
    values = {
        k: (v, na) for k, v, na in rows.values_list("question__key", "value", "not_applicable")
    }
    return values, Assessment.objects.get(pk=assessment.pk).steps_done


def web_kill_mid_step(rounds: int, procs: dict) -> bool:
    """SIGKILL every gunicorn worker while a step is being saved: the step's answers are
    all there or none are (never half), the same person then finishes and submits.

    Even rounds kill inside the step's transaction (another connection holds the
    assessment row, so the request waits on its ``steps_done`` update after writing the
    answers); odd rounds kill after a random 0–80 ms."""
    import psycopg

    from django.db import connection

    from assessment.flow import Flow

    assessments, browsers, times = [], [], []
    half = cut = inside = broken = 0
    rng = random.Random()  # noqa: S311 - timing, not security
    for number in range(rounds):
        assessment = prepared_assessment(answered=False)
        token = assessment.token
        flow = Flow.of(assessment)
        keys = [q.key for q in flow.questions_of(flow.dimensions[0])]
        browser = Browser()
        data = step_post(browser, token, 2)
        answer: list = []
        posting = threading.Thread(
            target=post_into, args=(answer, browser, f"/vi/assessment/{token}/step/2/", data)
        )
        holder = None
        if number % 2 == 0:
            holder = psycopg.connect(DATABASE_URL)
            holder.execute(
                "SELECT 1 FROM assessment_assessment WHERE id = %s FOR NO KEY UPDATE",
                [assessment.pk],
            )
        posting.start()
        if holder is not None:
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                        "wait_event_type = 'Lock' AND query LIKE %s",
                        [DB_NAME, "%steps_done%"],
                    )
                    if cursor.fetchone()[0]:
                        inside += 1
                        break
                time.sleep(0.02)
        else:
            time.sleep(rng.uniform(0, 0.08))
        killed_at = time.monotonic()
        for pid in gunicorn_workers(procs):
            os.kill(pid, signal.SIGKILL)
        if holder is not None:
            holder.rollback()
            holder.close()
        posting.join(timeout=60)
        cut += answer[:1] != [(302, f"/vi/assessment/{token}/step/3/")]
        took = wait_page(f"/vi/assessment/{token}/step/2/")
        times.append(since(killed_at, took))

        middle, steps_middle = step_state(assessment, keys)
        # The person goes on: step 2 again (their browser shows the form), then the rest.
        browser.codes.clear()  # the killed request's answer is not a page error
        carried_on = finish_flow(browser, token, 2)
        whole, _steps = step_state(assessment, keys)
        if not ((middle == {} and steps_middle == 0) or (middle == whole and steps_middle >= 1)):
            half += 1
        code = submit(browser, assessment) if carried_on else 0
        broken += not carried_on or code != 302
        assessments.append(assessment)
        browsers.append(browser)
    for assessment in assessments:
        wait_ready(assessment, timeout=120)
    errors = sum(code >= 500 or code == 0 for b in browsers for code in b.codes)
    return report(
        "web kill mid-step", tally(assessments), times, errors, rounds=rounds,
        ok=half == 0 and broken == 0,
        notes=f"half-saved steps {half}, requests cut by the kill {cut} of {rounds}, "
        f"killed inside the transaction {inside}, flows that could not go on {broken}; "
        "recovery: kill → the step page answers again",
    )  # fmt: skip


def database_available(up: bool) -> None:
    """The kit's own database only: refuse new connections and end the open ones (down),
    or accept them again (up). The shared server itself keeps running."""
    from django.db import connections

    connections.close_all()
    psql(f'ALTER DATABASE "{DB_NAME}" WITH ALLOW_CONNECTIONS {"true" if up else "false"}')
    if not up:
        ending = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
        psql(f"{ending}'{DB_NAME}' AND pid <> pg_backend_pid()")


def database_restart(rounds: int, procs: dict, outage: float = 8.0) -> bool:
    """Take the kit's database away for ``outage`` seconds while one plan renders and
    people browse and submit; after it, pages answer again, the person whose submit
    failed submits again, and every plan is made exactly once."""
    from recommendations.models import ActionPlan

    stop(procs.pop("worker"))
    procs["worker"] = worker(delay=4)  # a plan is still rendering when the database goes
    time.sleep(6)
    assessments, page_times, plan_times = [], [], []
    during = after = 0
    try:
        for _ in range(rounds):
            rendering, late, browsing = (prepared_assessment() for _ in range(3))
            people = [Browser(), Browser(), Browser()]
            submit(people[0], rendering)
            deadline = time.monotonic() + 30
            while not ActionPlan.objects.filter(assessment=rendering, status="running").exists():
                if time.monotonic() > deadline:
                    break
                time.sleep(0.1)
            database_available(False)
            down = time.monotonic()
            marks = [len(b.codes) for b in people]
            people[2].request("/vi/")
            people[2].request("/vi/huong-dan/")
            first_try = submit(people[1], late)
            during += sum(
                code >= 500 or code == 0
                for b, mark in zip(people, marks, strict=True)
                for code in b.codes[mark:]
            )
            time.sleep(max(outage - (time.monotonic() - down), 0))
            database_available(True)
            back = time.monotonic()
            page_times.append(since(back, wait_page("/vi/")))
            marks = [len(b.codes) for b in people]
            if first_try != 302:
                submit(people[1], late)  # the person tries again
            submit(people[2], browsing)
            people[0].request(f"/vi/assessment/{rendering.token}/results/")
            after += sum(
                code >= 500 or code == 0
                for b, mark in zip(people, marks, strict=True)
                for code in b.codes[mark:]
            )
            for assessment in (rendering, late, browsing):
                plan_times.append(since(back, wait_ready(assessment, timeout=180)))
            assessments += [rendering, late, browsing]
    finally:
        database_available(True)
        stop(procs.pop("worker"))
        procs["worker"] = worker()
    return report(
        "database restart", tally(assessments), plan_times, after, rounds=rounds,
        notes=f"kit's database refused connections for {outage:g} s and its sessions were "
        "terminated (ALLOW_CONNECTIONS false + pg_terminate_backend; the shared server was "
        f"not restarted); pages back after median {statistics.median(page_times):.1f} s, "
        f"max {max(page_times):.1f} s; 500 pages during the outage {during} (expected), "
        "after it counted in the HTTP 500 column; plan recovery counted from the database's return",
    )  # fmt: skip


def private_writable(writable: bool) -> str:
    """Make private storage (every folder in it) unwritable or writable again; root can
    write through ``chmod``, so root uses the immutable flag instead."""
    root = SCRATCH / "private"
    folders = [root, *sorted(p for p in root.rglob("*") if p.is_dir())]
    if os.geteuid() == 0:
        for folder in folders:
            subprocess.run(["chattr", "-i" if writable else "+i", str(folder)], check=True)
        return "chattr +i (running as root)"
    for folder in folders:
        folder.chmod(0o755 if writable else 0o555)
    return "chmod 0555"


def storage_unwritable(rounds: int, procs: dict) -> bool:
    """Private storage unwritable while plans render. A plan whose tries run out fails
    with the real cause and renders after "Try again"; one still retrying when storage
    comes back renders by itself; /healthz's storage check fails while it is unwritable."""
    from recommendations.models import ActionPlan

    for folder in ("plans", "healthz"):
        (SCRATCH / "private" / folder).mkdir(parents=True, exist_ok=True)
    assessments, browsers, times = [], [], []
    causes, health_wrong, no_button, not_failed, how = [], 0, 0, 0, ""
    for _ in range(rounds):
        exhausted, retrying = prepared_assessment(), prepared_assessment()
        people = [Browser(), Browser()]
        try:
            how = private_writable(False)
            health_wrong += not check_state("storage", want_ok=False)
            submit(people[0], exhausted)
            time.sleep(8)
            submit(people[1], retrying)
            not_failed += wait_status(exhausted, {"failed", "ready"}, timeout=60) != "failed"
        finally:
            private_writable(True)
        back = time.monotonic()
        health_wrong += not check_state("storage", want_ok=True)
        plan = ActionPlan.objects.filter(assessment=exhausted).first()
        causes.append(plan.error.split(":")[0] if plan and plan.error else "(none)")
        people[0].request(f"/vi/assessment/{exhausted.token}/results/")
        button = re.search(r'action="([^"]*/retry/)"', people[0].page)
        if button:
            people[0].request(html.unescape(button.group(1)), {})
        else:
            no_button += 1
        for assessment in (exhausted, retrying):
            times.append(since(back, wait_ready(assessment, timeout=90)))
        assessments += [exhausted, retrying]
        browsers += people
    errors = sum(code >= 500 or code == 0 for b in browsers for code in b.codes)
    cause_kept = all(cause == "PermissionError" for cause in causes)
    return report(
        "storage unwritable", tally(assessments), times, errors, rounds=rounds,
        ok=cause_kept and health_wrong == 0 and no_button == 0 and not_failed == 0,
        notes=f"made unwritable with {how}; plans out of tries not failed: {not_failed}; "
        f"stored causes {sorted(set(causes))}; /healthz storage "
        f"check wrong {health_wrong} times; missing Try again {no_button}; recovery counted from "
        "storage writable again (the failed plan after its Try again, the retrying one by itself)",
    )  # fmt: skip


def double_submit(rounds: int, procs: dict) -> bool:
    """Two browsers submit the same assessment at the same instant: one plan, and both
    land on the results page."""
    assessments, browsers, times = [], [], []
    wrong = 0
    for _ in range(rounds):
        assessment = prepared_assessment()
        base = f"/vi/assessment/{assessment.token}"
        pair = [Browser(), Browser()]
        for browser in pair:
            browser.request(f"{base}/check/")
        together = threading.Barrier(2)
        answers: dict[int, tuple[int, str]] = {}

        threads = [
            threading.Thread(
                target=post_into, args=(answers, b, f"{base}/submit/", {}, i, together)
            )
            for i, b in enumerate(pair)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        for index, browser in enumerate(pair):
            code, location = answers.get(index, (0, ""))
            shown, _ = browser.request(f"{base}/results/")
            wrong += code != 302 or not location.endswith("/results/") or shown != 200
        times.append(since(started, wait_ready(assessment, timeout=60)))
        assessments.append(assessment)
        browsers += pair
    errors = sum(code >= 500 or code == 0 for b in browsers for code in b.codes)
    return report(
        "double submit", tally(assessments), times, errors, rounds=rounds, ok=wrong == 0,
        notes=f"answers other than 302 → results 200: {wrong} of {2 * rounds}; "
        "recovery: the pair's submit to the plan ready",
    )  # fmt: skip


def burst(rounds: int, procs: dict, size: int = 100, clients: int = 10) -> bool:
    """``size`` people submit within seconds; every plan made once; time to drain."""
    from concurrent.futures import ThreadPoolExecutor

    from recommendations.models import ActionPlan

    assessments, browsers, times, windows = [], [], [], []
    for _ in range(rounds):
        batch = [prepared_assessment() for _ in range(size)]
        people = [Browser() for _ in batch]
        started = time.monotonic()
        with ThreadPoolExecutor(clients) as pool:
            codes = list(pool.map(submit, people, batch))
        windows.append(time.monotonic() - started)
        deadline = started + 600
        while time.monotonic() < deadline:
            done = ActionPlan.objects.filter(assessment__in=batch, status__in=["ready", "failed"])
            if done.count() >= size:  # a failed plan will not turn ready by waiting
                break
            time.sleep(0.2)
        times.append(time.monotonic() - started)
        assessments += batch
        browsers += people
        refused = sum(code != 302 for code in codes)
    errors = sum(code >= 500 or code == 0 for b in browsers for code in b.codes)
    return report(
        f"burst of {size}", tally(assessments), times, errors, rounds=rounds, ok=refused == 0,
        notes=f"{size} submits in {max(windows):.1f} s ({clients} at a time), "
        f"submits not answered 302: {refused}; recovery = drain, first submit → last plan ready",
    )  # fmt: skip


# name → (scenario, rounds when --rounds is not given)
SCENARIOS = {
    "worker_sigkill": (worker_sigkill, 10),
    "broker_down_at_submit": (broker_down_at_submit, 10),
    "cache_down_browsing": (cache_down_browsing, 10),
    "web_kill_mid_step": (web_kill_mid_step, 10),
    "database_restart": (database_restart, 3),
    "storage_unwritable": (storage_unwritable, 3),
    "double_submit": (double_submit, 10),
    "burst": (burst, 1),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "scenarios", nargs="*", metavar="scenario", help="any of: " + ", ".join(SCENARIOS)
    )
    parser.add_argument(
        "--rounds", type=int, help="rounds of each scenario (default: its own, see --list)"
    )
    parser.add_argument("--list", action="store_true", help="list the scenarios and stop")
    args = parser.parse_args()
    if args.list:
        for name, (scenario, rounds) in SCENARIOS.items():
            print(f"{name:24} {rounds:3} rounds  {scenario.__doc__.splitlines()[0]}")
        return
    args.scenarios = args.scenarios or list(SCENARIOS)
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")

    # A `timeout` or Ctrl-C must still stop what the kit started and drop its database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    subprocess.run(["psql", ADMIN_URL, "-qc", f'DROP DATABASE IF EXISTS "{DB_NAME}"'], check=True)
    subprocess.run(["psql", ADMIN_URL, "-qc", f'CREATE DATABASE "{DB_NAME}"'], check=True)
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
            scenario, rounds = SCENARIOS[name]
            try:
                ok = scenario(args.rounds or rounds, procs) and ok
            except Exception:  # one broken scenario must not hide the others' figures
                traceback.print_exc()
                nothing = {"lost": 0, "duplicated": 0, "stuck": 0}
                report(name, nothing, [], 0, rounds=args.rounds or rounds, ok=False,
                       notes="crashed (traceback above)")  # fmt: skip
                ok = False
            for role, start_again in (("web", web), ("worker", worker), ("beat", beat)):
                if procs.get(role) is None or procs[role].poll() is not None:
                    procs[role] = start_again()  # the next scenario starts whole
    finally:
        if (SCRATCH / "private").exists():
            private_writable(True)
        for process in procs.values():
            stop(process)
        redis(REDIS_PORT, up=False)
        redis(CACHE_PORT, up=False)
        from django.db import connections

        connections.close_all()
        subprocess.run(["psql", ADMIN_URL, "-qc", f'DROP DATABASE IF EXISTS "{DB_NAME}"'])
        summary()
        print(f"logs kept in {SCRATCH}")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
