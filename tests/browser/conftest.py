"""Real-browser acceptance tests: Debian's Chromium, driven by pytest-playwright.

The portal runs on pytest-django's ``live_server`` with a real Celery worker and the
``seed_demo`` content; each journey opens "phones" (browser contexts of 360×800) and
checks every screen it visits (see ``audit.py``).

Playwright's own browser download is never used: without a ``chromium`` on the PATH
every test here is skipped with one reason. Playwright runs for one test at a time
(see the ``playwright`` fixture): it must not outlive the test's database.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    BrowserType,
    Page,
    Playwright,
    sync_playwright,
)
from pytest_django.plugin import blocking_manager_key

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection, connections, transaction

from .audit import HostGuard, KnownIssue, ScreenAudit, ScreenReport, language_of

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE_SCRIPT = HERE / "node_modules" / "axe-core" / "axe.min.js"
ADMIN_PASSWORD = "demo-admin-Pass-1"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 800}, "device_scale_factor": 1}
DESKTOP = {"width": 1280, "height": 800}

REPORTS_KEY = pytest.StashKey[list[ScreenReport]]()


# --- the browser: Debian's Chromium, one per test ---------------------------------------------


NO_CHROMIUM = "Chromium not installed: apt-get install chromium"


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip(NO_CHROMIUM)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Without Chromium, report every browser test's skip at one place: one summary line."""
    outcome = yield
    report = outcome.get_result()
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple) and longrepr[2].endswith(NO_CHROMIUM):
        report.longrepr = (__file__, _SKIP_LINE, longrepr[2])


# The line of the skip in ``chromium_executable``.
_SKIP_LINE = next(
    number
    for number, line in enumerate(Path(__file__).read_text(encoding="utf-8").splitlines(), 1)
    if line.strip() == "pytest.skip(NO_CHROMIUM)"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(chromium_executable: str) -> dict[str, Any]:
    return {"executable_path": chromium_executable, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def playwright(chromium_executable: str) -> Iterator[Playwright]:
    """Playwright for one test, started after its database is set up, stopped before the flush.

    While Playwright's sync API runs, the main thread looks like it runs an event loop:
    Django then refuses database calls (hence DJANGO_ALLOW_ASYNC_UNSAFE, for the test's
    own arranging) and hands out separate connection objects, which are closed here.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    try:
        yield pw
    finally:
        connections.close_all()
        pw.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_type(playwright: Playwright) -> BrowserType:
    return playwright.chromium


@pytest.fixture
def launch_browser(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> Callable[..., Browser]:
    def launch(**kwargs: Any) -> Browser:
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture
def browser(launch_browser: Callable[..., Browser]) -> Iterator[Browser]:
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_context_args() -> dict[str, Any]:
    # Reduced motion: no screen is audited halfway through a fade-in.
    return {**PHONE, "accept_downloads": True, "reduced_motion": "reduce"}


# --- axe-core, from the npm registry, pinned in package.json / package-lock.json --------------


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm not found (needed for axe-core): apt-get install npm", pytrace=False)
        subprocess.run(  # noqa: S603 - fixed arguments
            [npm, "install", "--prefix", str(HERE), "--no-audit", "--no-fund"],
            check=True,
            cwd=HERE,
        )
    return AXE_SCRIPT


# --- the portal: live server, seeded content, a real worker -----------------------------------


@pytest.fixture
def portal(live_server, celery_worker, django_db_serialized_rollback, settings) -> str:
    """The base URL of a running portal with the demo content and a Celery worker."""
    # The live server is the public address here: links in pages, e-mails and PDFs.
    settings.PORTAL_BASE_URL = live_server.url
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)  # one line per page created is noise here
    try:
        call_command("seed_demo", admin_password=ADMIN_PASSWORD, stdout=io.StringIO())
    finally:
        wagtail_log.setLevel(level)
    return live_server.url


# The journeys need what the migrations created (Wagtail's root page and collection, the
# organisation kinds…), which the flush after every transactional test removes. Django's
# serialized rollback restores it before each journey and flushes after it without
# recreating content types; these hooks make that safe next to other tests: an empty
# database before the restore, and the migrated state again after the journey.


def _uses_the_portal(item: pytest.Item) -> bool:
    return "portal" in getattr(item, "fixturenames", ())


def _test_database_name() -> str | None:
    """The test database's name while it exists, else None.

    The hooks below run outside the fixtures and must never write anywhere else. The
    snapshot is made when the test database is created; from then until the session's
    teardown the connection points at it.
    """
    if not hasattr(connection, "_test_serialized_contents"):
        return None
    return connection.settings_dict["NAME"]


def _load_snapshot(*, only_content_types: bool = False) -> None:
    """Put the migrated state back into the (flushed) test database, content types first.

    Loading other rows can look content types up (and create them when missing), so
    they must be there, with the snapshot's ids, before anything else.
    """
    objects = json.loads(connection._test_serialized_contents)
    content_types = [o for o in objects if o["model"] == "contenttypes.contenttype"]
    with transaction.atomic():
        for content_type in serializers.deserialize("python", content_types):
            content_type.save()
    ContentType.objects.clear_cache()
    if not only_content_types:
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    # Empty the database for the restore Django's serialized rollback is about to make.
    if _uses_the_portal(item) and _test_database_name() is not None:
        with item.config.stash[blocking_manager_key].unblock():
            call_command(
                "flush",
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,  # the restore inserts the snapshot's own ids
                verbosity=0,
            )
            _load_snapshot(only_content_types=True)
    return (yield)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    database = _test_database_name()
    result = yield
    # Without a next test the session's teardown has already destroyed the test database
    # and the connection points back at the real one: then there is nothing to put back.
    if _uses_the_portal(item) and nextitem is not None and database is not None:
        assert connection.settings_dict["NAME"] == database, "not on the test database"
        with item.config.stash[blocking_manager_key].unblock():
            _load_snapshot()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> Iterator[None]:
    """Keep pytest-django's order (database tests, transactional ones, the rest).

    pytest-playwright parametrizes browser tests by a session-scoped browser name, and
    pytest's regrouping by that parameter pulls them in among the database tests, which
    would then run on a flushed database.
    """
    result = yield
    items.sort(key=_django_order)
    return result


def _django_order(item: pytest.Item) -> int:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in fixtures for name in ("transactional_db", "live_server")
    )
    if transactional:
        return 1
    return 0 if marker or "db" in fixtures else 2


# --- phones: browser contexts with every screen checked ---------------------------------------


@dataclass
class Phone:
    """One person's browser: a context, its page, and the audit of every screen."""

    context: BrowserContext
    page: Page
    audit: ScreenAudit
    closed: bool = False

    def check(self, name: str, *, max_weight_kb: float | None = None) -> ScreenReport:
        return self.audit.check(name, max_weight_kb=max_weight_kb)

    def open_missing(self, path: str) -> None:
        """Open ``path`` expecting "not found"; the browser's 404 console line is expected too."""
        self.audit.expected_not_found.add(self.audit.guard.origin + path)
        response = self.page.goto(path)
        assert response is not None
        assert response.status == 404, f"{path} answered {response.status}, not 404"

    def expect_bad_request(self) -> None:
        """The next page load answers 400 (a form with errors): the browser logs that too."""
        self.audit.expect_bad_request = True

    def close(self) -> None:
        if not self.closed:
            self.context.close()
            self.closed = True


@dataclass
class Journey:
    """Opens phones for one test and keeps what they share: screenshots, known issues."""

    name: str
    base_url: str
    browser: Browser
    new_context: Callable[..., BrowserContext]
    axe_script: Path
    reports: list[ScreenReport]
    known_issues: list[KnownIssue] = field(default_factory=list)
    _shots: int = 0
    _twin: BrowserContext | None = None

    @property
    def folder(self) -> Path:
        return ARTIFACTS / self.name

    def screenshot(self, page: Page, name: str) -> Path:
        self._shots += 1
        path = self.folder / f"{self._shots:02d}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    def known_app_issue(self, rule: str, selector: str, reason: str) -> None:
        """Tolerate one finding caused by app code (an axe rule at a selector, or a
        behaviour the journey names); the test then ends as xfail, and fails once fixed."""
        self.known_issues.append(KnownIssue(rule, selector, reason))

    def saw(self, rule: str) -> None:
        """The journey met the known app issue ``rule`` (one that axe does not report)."""
        issue = next(i for i in self.known_issues if i.rule == rule)
        issue.seen = True

    def open_phone(
        self,
        *,
        locale: str = "vi-VN",
        javascript: bool = True,
        viewport: dict[str, int] | None = None,
    ) -> Phone:
        """A 360×800 phone, or a screen of ``viewport`` (e.g. ``DESKTOP``)."""
        context = self.new_context(
            base_url=self.base_url, locale=locale, java_script_enabled=javascript
        )
        context.set_default_timeout(15_000)
        guard = HostGuard(self.base_url.rstrip("/"))
        guard.install(context)
        page = context.new_page()
        if viewport:
            page.set_viewport_size(viewport)
        audit = ScreenAudit(
            page,
            test_name=self.name,
            axe_script=self.axe_script,
            guard=guard,
            screenshots=lambda name: self.screenshot(page, name),
            reports=self.reports,
            known_issues=self.known_issues,
            twin_context=None if javascript else lambda: self._twin_context(locale),
        )
        return Phone(context, page, audit)

    def _twin_context(self, locale: str) -> BrowserContext:
        if self._twin is None:
            self._twin = self.new_context(base_url=self.base_url, locale=locale)
            HostGuard(self.base_url.rstrip("/")).install(self._twin)
        return self._twin

    def finish(self) -> None:
        """Report the known app issues that showed up; fail on those that no longer do."""
        seen = [issue for issue in self.known_issues if issue.seen]
        gone = [issue for issue in self.known_issues if not issue.seen]
        assert not gone, "known issues fixed, remove them from the test: " + "; ".join(
            f"{issue.rule} {issue.selector}" for issue in gone
        )
        if seen:
            pytest.xfail("; ".join(f"{i.rule} at {i.selector}: {i.reason}" for i in seen))


def _test_folder_name(node_name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", node_name).strip("-")


@pytest.fixture
def journey(
    request: pytest.FixtureRequest,
    portal: str,
    browser: Browser,
    new_context: Callable[..., BrowserContext],
    axe_script: Path,
) -> Iterator[Journey]:
    name = _test_folder_name(request.node.originalname)
    shutil.rmtree(ARTIFACTS / name, ignore_errors=True)
    (ARTIFACTS / name).mkdir(parents=True, exist_ok=True)
    reports = request.config.stash.setdefault(REPORTS_KEY, [])
    yield Journey(name, portal, browser, new_context, axe_script, reports)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    reports = terminalreporter.config.stash.get(REPORTS_KEY, [])
    if not reports:
        return
    terminalreporter.section("browser screens: weight and axe")
    for report in reports:
        found = ", ".join(f"{v.id}({v.impact})" for v in report.violations) or "no violations"
        terminalreporter.write_line(
            f"{report.test:40} {report.name:28} {report.weight / 1024:6.1f} KB  {found}"
        )
    public = [r for r in reports if language_of(r.path)]
    staff = [r for r in reports if not language_of(r.path)]
    for label, group in (("public page", public), ("admin page", staff)):
        if group:
            heaviest = max(group, key=lambda r: r.weight)
            terminalreporter.write_line(
                f"heaviest {label}: {heaviest.path} ({heaviest.test}, {heaviest.name}) "
                f"{heaviest.weight / 1024:.1f} KB"
            )
