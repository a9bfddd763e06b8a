"""Every page the sitemap lists, in both languages, answers with the security headers:
a CSP without inline script or style, a Permissions-Policy, no MIME sniffing, a referrer
policy, and no private/no-store caching (these pages are the same for every reader)."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest

from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitemap_paths() -> list[str]:
    call_command("seed_demo", admin_password="demo-pass-123", stdout=io.StringIO())
    xml = Client().get("/sitemap.xml").content.decode()
    return [urlsplit(url).path for url in re.findall(r"<loc>(.*?)</loc>", xml)]


def csp(response) -> dict[str, set[str]]:
    parsed = {}
    for part in filter(
        None, (p.strip() for p in response.get("Content-Security-Policy", "").split(";"))
    ):
        name, *values = part.split()
        parsed[name] = set(values)
    return parsed


def problems(path: str, response) -> list[str]:
    found = []
    if response.status_code != 200:
        found.append(f"status {response.status_code}")
    policy = csp(response)
    if policy.get("script-src") != {"'self'"} or policy.get("style-src") != {"'self'"}:
        found.append(f"CSP {response.get('Content-Security-Policy')!r}")
    if policy.get("frame-ancestors") != {"'none'"}:
        found.append("frame-ancestors")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        found.append("Permissions-Policy")
    if response.get("X-Content-Type-Options") != "nosniff":
        found.append("X-Content-Type-Options")
    if not response.get("Referrer-Policy"):
        found.append("Referrer-Policy")
    # The same for every reader: never "private"/"no-store" (those mark pages with a key
    # or someone's data); the server-side page cache may keep them.
    cache = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    if cache & {"no-store", "private"}:
        found.append(f"Cache-Control {response.get('Cache-Control')!r}")
    return found


def test_every_sitemap_page_has_the_security_headers(sitemap_paths):
    assert len(sitemap_paths) >= 40  # both languages of the demo's pages
    assert any(p.startswith("/vi/") for p in sitemap_paths)
    assert any(p.startswith("/en/") for p in sitemap_paths)
    client = Client()

    failures = {path: problems(path, client.get(path)) for path in sitemap_paths}

    assert {path: found for path, found in failures.items() if found} == {}


def test_the_check_notices_a_missing_header():
    """Positive control: a response without the headers is reported."""
    from django.http import HttpResponse

    bare = HttpResponse("<p>bare</p>")
    bare["Cache-Control"] = "private, no-store"

    assert set(problems("/bare/", bare)) >= {
        "frame-ancestors",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control 'private, no-store'",
    }
