"""Checks run on every screen a journey shows: accessibility, weight, console, hosts, language.

One ``ScreenAudit`` watches one page for its whole life (console messages, script errors,
bytes received) and ``check()`` is called after each navigation, when the screen is complete.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Route

# The WCAG levels the portal promises (A and AA of 2.0, 2.1 and 2.2).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

# Fade-ins and colour transitions end before axe measures contrast (endless ones aside).
SETTLE = """
() => Promise.all(
  document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
    .map((a) => a.finished.catch(() => null))
).then(() => true)
"""

AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
    html: v.nodes.map((n) => n.html.slice(0, 200)),
    details: v.nodes.map((n) => (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300)),
  }));
}
"""


# Layout on a phone: nothing wider than the screen, every control big enough to tap.
MIN_TARGET_PX = 44

LAYOUT = """
() => {
  const width = window.innerWidth;
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    else if (el.name) name += "[name=" + el.name + "]";
    else if (el.className && typeof el.className === "string") {
      name += "." + el.className.trim().split(/\\s+/).join(".");
    }
    const text = (el.innerText || el.value || "").trim().slice(0, 40);
    return text ? name + ' "' + text + '"' : name;
  };
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // Visually hidden elements (1 px boxes for screen readers) are not on screen.
    return box.width > 1 && box.height > 1 && style.visibility !== "hidden";
  };
  const overflowing = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 0.5 && shown(el)) {
      overflowing.push(describe(el) + " right=" + Math.round(box.right));
    }
  }
  const small = [];
  const controls = document.querySelectorAll(
    "input:not([type=hidden]), select, textarea, button"
  );
  for (const el of controls) {
    if (!shown(el)) continue;
    let top = el.getBoundingClientRect().top;
    let bottom = el.getBoundingClientRect().bottom;
    if (el.type === "radio" || el.type === "checkbox") {
      // A tick box is tapped through its label: the row is the box and its labels together.
      for (const label of el.labels || []) {
        const box = label.getBoundingClientRect();
        top = Math.min(top, box.top);
        bottom = Math.max(bottom, box.bottom);
      }
    }
    const height = bottom - top;
    if (height < MIN - 0.5) small.push(describe(el) + " " + Math.round(height) + "px");
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    overflowing: overflowing.slice(0, 8),
    small,
  };
}
""".replace("MIN", str(MIN_TARGET_PX))


@dataclass
class Violation:
    """One axe rule broken on one screen, with the elements that break it."""

    id: str
    impact: str
    help: str
    helpUrl: str
    targets: list[str]
    html: list[str]
    details: list[str]

    @property
    def blocking(self) -> bool:
        return self.impact in BLOCKING_IMPACTS

    def describe(self) -> str:
        targets = "\n".join(
            f"      {target}   {html}\n        {detail}"
            for target, html, detail in zip(self.targets, self.html, self.details, strict=False)
        )
        return f"  [{self.impact}] {self.id}: {self.help}\n    {self.helpUrl}\n{targets}"


@dataclass
class KnownIssue:
    """An app defect a journey knows about: tolerated, reported as xfail, strict."""

    rule: str
    selector: str
    reason: str
    seen: bool = False

    def covers(self, violation: Violation) -> bool:
        """Same rule, and ``selector`` is in every node's target or markup."""
        nodes = zip(violation.targets, violation.html, strict=False)
        return violation.id == self.rule and all(
            self.selector in target or self.selector in html for target, html in nodes
        )


@dataclass
class ScreenReport:
    """What ``check()`` measured on one screen, for the end-of-run summary."""

    test: str
    name: str
    path: str
    weight: int
    violations: list[Violation]


@dataclass
class HostGuard:
    """Aborts every request that leaves the live server, and remembers it."""

    origin: str
    foreign: list[str] = field(default_factory=list)

    def __call__(self, route: Route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"http", "https"} and f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign.append(url)
            route.abort("blockedbyclient")
            return
        route.continue_()

    def install(self, context: BrowserContext) -> None:
        context.route("**/*", self)


def language_of(path: str) -> str | None:
    """The language a public URL promises: /vi/… is Vietnamese, /en/… English."""
    match = re.match(r"^/(vi|en)(/|$)", path)
    return match.group(1) if match else None


class ScreenAudit:
    """Watches one page and checks each screen it shows."""

    def __init__(
        self,
        page: Page,
        *,
        test_name: str,
        axe_script: Path,
        guard: HostGuard,
        screenshots: Callable[[str], Path],
        reports: list[ScreenReport],
        known_issues: list[KnownIssue],
        twin_context: Callable[[], BrowserContext] | None = None,
    ) -> None:
        self.page = page
        self.test_name = test_name
        self.axe_script = axe_script
        self.guard = guard
        self.screenshots = screenshots
        self.reports = reports
        self.known_issues = known_issues
        # Without JavaScript axe cannot run in the page itself: a scripted twin renders
        # the very same markup (scripts of the page blocked) and axe runs there.
        self.twin_context = twin_context
        self.console_errors: list[str] = []
        # Pages the journey opens to see them answer 404: the browser logs that as an error.
        self.expected_not_found: set[str] = set()
        # Set before submitting a form that should come back with errors (HTTP 400).
        self.expect_bad_request = False
        self._bytes: dict[str, int] = {}
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"pageerror: {error}"))
        self._cdp = page.context.new_cdp_session(page)
        self._cdp.on("Network.requestWillBeSent", self._on_request)
        self._cdp.on("Network.loadingFinished", self._on_finished)
        self._cdp.send("Network.enable")
        # Every screen is weighed as a first visit on a phone: nothing from the cache.
        self._cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    # --- listeners -------------------------------------------------------------------------

    def _on_console(self, message: Any) -> None:
        expected = (
            "404" in message.text and message.location.get("url") in self.expected_not_found
        ) or (self.expect_bad_request and "status of 400" in message.text)
        if message.type == "error" and not expected:
            self.console_errors.append(f"console: {message.text} ({message.location})")

    def _on_request(self, event: dict[str, Any]) -> None:
        if event.get("type") == "Document" and not event.get("redirectResponse"):
            self._bytes.clear()  # a new page load starts: weigh it from zero

    def _on_finished(self, event: dict[str, Any]) -> None:
        self._bytes[event["requestId"]] = int(event["encodedDataLength"])

    # --- the check -------------------------------------------------------------------------

    @property
    def weight(self) -> int:
        """Bytes received for the current page load: document, CSS, JS, fonts, images."""
        return sum(self._bytes.values())

    def check(self, name: str, *, max_weight_kb: float | None = None) -> ScreenReport:
        """Check the screen now shown; ``name`` also names its screenshot."""
        page = self.page
        page.wait_for_load_state("load")
        path = urlsplit(page.url).path
        weight = self.weight
        print(f"weight {path}: {weight / 1024:.1f} KB")

        self.screenshots(name)
        violations = self._axe()
        report = ScreenReport(self.test_name, name, path, weight, violations)
        self.reports.append(report)
        self.expect_bad_request = False

        expected_lang = language_of(path)
        if expected_lang:
            lang = page.locator("html").get_attribute("lang") or ""
            assert lang.split("-")[0] == expected_lang, f"<html lang={lang!r}> on {path}"
        assert not self.console_errors, f"console errors on {path}:\n" + "\n".join(
            self.console_errors
        )
        assert not self.guard.foreign, f"requests to other hosts from {path}: {self.guard.foreign}"
        self._check_layout(path)
        if max_weight_kb is not None:
            assert weight <= max_weight_kb * 1024, (
                f"{path} weighs {weight / 1024:.1f} KB, over the {max_weight_kb:.0f} KB budget"
            )
        blocking = [v for v in violations if v.blocking and not self._known(v)]
        assert not blocking, f"axe: serious or critical violations on {path}:\n" + "\n".join(
            v.describe() for v in blocking
        )
        return report

    def _check_layout(self, path: str) -> None:
        """No sideways scrolling, and every control at least 44 px tall (tick boxes: their row)."""
        layout = self.page.evaluate(LAYOUT)
        assert layout["scrollWidth"] <= layout["width"], (
            f"{path} scrolls sideways at {layout['width']} px: scrollWidth "
            f"{layout['scrollWidth']}; too wide: " + "; ".join(layout["overflowing"])
        )
        if language_of(path) is None:
            # Wagtail's admin (/admin/…) is a third-party UI for staff, mostly on desktops:
            # it must not scroll sideways, but its controls keep Wagtail's own sizes
            # (36–43 px); the 44 px rule covers every public page (/vi/…, /en/…).
            return
        assert not layout["small"], (
            f"controls under {MIN_TARGET_PX} px tall on {path} at {layout['width']} px: "
            + "; ".join(layout["small"])
        )

    def _known(self, violation: Violation) -> bool:
        for issue in self.known_issues:
            if issue.covers(violation):
                issue.seen = True
                return True
        return False

    def _axe(self) -> list[Violation]:
        if self.twin_context is None:
            return self._run_axe(self.page)
        return self._axe_in_twin()

    def _run_axe(self, page: Page) -> list[Violation]:
        page.evaluate(SETTLE)
        # Evaluated through the DevTools protocol, not added as an inline <script>: the
        # Content-Security-Policy refuses inline scripts, and a refusal is a console error.
        page.evaluate("() => {\n" + self.axe_script.read_text() + "\n}")
        violations = [Violation(**v) for v in page.evaluate(AXE_RUN, AXE_TAGS)]
        path = urlsplit(self.page.url).path
        print(f"axe {path}: {len(violations)} violation(s)")
        for violation in violations:
            print(violation.describe())
        return violations

    def _axe_in_twin(self) -> list[Violation]:
        assert self.twin_context is not None
        html = self.page.content()
        url = self.page.url.split("#")[0]

        def serve_the_same_markup(route: Route) -> None:
            request = route.request
            if request.resource_type == "document" and request.url.split("#")[0] == url:
                route.fulfill(body=html, content_type="text/html; charset=utf-8")
            elif request.resource_type == "script":
                route.abort()  # the page's own scripts stay off, as in the real visit
            else:
                route.fallback()

        twin = self.twin_context().new_page()
        try:
            twin.route("**/*", serve_the_same_markup)
            twin.goto(url)
            return self._run_axe(twin)
        finally:
            twin.close()
