"""Facts carry their review date: the staleness report, its admin-home panel and the link
checker, which is tested against an HTTP server this test starts (never the internet)."""

from __future__ import annotations

import datetime
import io
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from cms.linkcheck import check_links, check_url
from cms.models import GuidancePage
from cms.provenance import ExternalLink, LegalReference, review_cutoff
from cms.staleness import failing_links, stale
from cms.tasks import check_external_links
from recommendations.models import RecommendationRule
from tests.two_factor import sign_in_with_code

from .factories import ExternalLinkFactory, GuidancePageFactory, LegalReferenceFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
RECENT = TODAY - datetime.timedelta(days=30)
OLD = TODAY - datetime.timedelta(days=800)


class Handler(BaseHTTPRequestHandler):
    """/ok answers 200, /gone 404, /no-head refuses HEAD but answers GET."""

    def do_HEAD(self) -> None:
        if self.path == "/no-head":
            self.send_response(405)
        else:
            self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    def do_GET(self) -> None:
        self.send_response(200 if self.path in ("/ok", "/no-head") else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port_url() -> str:
    """An address where nothing listens: the port of a socket that was just closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def test_check_url_reads_the_status_and_falls_back_to_get(server):
    assert check_url(f"{server}/ok", timeout=2).status == 200
    assert check_url(f"{server}/gone", timeout=2).status == 404
    assert check_url(f"{server}/no-head", timeout=2).status == 200
    nothing = check_url(closed_port_url(), timeout=2)
    assert nothing.status is None
    assert nothing.error


def test_the_task_records_each_links_status_and_the_failing_ones_are_listed(server):
    ok = ExternalLinkFactory(url=f"{server}/ok", title="Còn chạy")
    gone = ExternalLinkFactory(url=f"{server}/gone", title="Đã mất")
    dead = ExternalLinkFactory(url=closed_port_url(), title="Không trả lời")
    unchecked = ExternalLinkFactory.build(title="Chưa kiểm tra")  # never checked

    summary = check_external_links()

    assert summary == {"ok": 1, "failing": 2}
    ok.refresh_from_db()
    gone.refresh_from_db()
    dead.refresh_from_db()
    assert (ok.last_status, ok.check_failed) == (200, False)
    assert (gone.last_status, gone.check_failed) == (404, True)
    assert (dead.last_status, dead.check_failed, bool(dead.last_error)) == (None, True, True)
    assert set(failing_links()) == {gone, dead}
    assert unchecked.check_failed is False


def test_a_check_keeps_an_editors_changes(server):
    link = ExternalLinkFactory(url=f"{server}/ok", title="Cũ")
    stale_copy = ExternalLink.objects.get(pk=link.pk)
    ExternalLink.objects.filter(pk=link.pk).update(title="Tên mới do biên tập viên sửa")

    check_links(timeout=2)

    stale_copy.refresh_from_db()
    assert stale_copy.title == "Tên mới do biên tập viên sửa"
    assert stale_copy.last_status == 200


def test_review_cutoff_counts_calendar_months():
    assert review_cutoff(12, datetime.date(2026, 11, 30)) == datetime.date(2025, 11, 30)
    assert review_cutoff(1, datetime.date(2026, 3, 31)) == datetime.date(2026, 2, 28)
    assert review_cutoff(3, datetime.date(2026, 1, 15)) == datetime.date(2025, 10, 15)


def test_stale_lists_never_and_long_ago_reviewed_rows_of_every_kind():
    fresh = GuidancePageFactory(reviewed_on=RECENT, reviewed_by="Chị Lan")
    old = GuidancePageFactory(reviewed_on=OLD, reviewed_by="Anh Minh")
    never = GuidancePageFactory()
    unpublished = GuidancePageFactory()
    unpublished.unpublish()
    law = LegalReferenceFactory(reviewed_on=OLD)
    LegalReferenceFactory(reviewed_on=RECENT)
    rule = RecommendationRule.objects.create(
        key="test_rule",
        dimension_key="payments",
        title_vi="Việc",
        title_en="Task",
        explanation_vi="Vì sao.",
        explanation_en="Why.",
        horizon="now",
        effort="low",
        cost="free",
    )

    pages = list(stale(GuidancePage, 12))
    assert never in pages and old in pages
    assert fresh not in pages and unpublished not in pages
    assert list(stale(LegalReference, 12)) == [law]
    assert list(stale(RecommendationRule, 12)) == [rule]
    # A longer review period makes the old page fresh again.
    assert old not in list(stale(GuidancePage, 36))


@pytest.fixture
def admin_client() -> Client:
    user = get_user_model().objects.create_superuser("bientap", "bt@example.invalid", "x-pass-987")
    client = Client()
    sign_in_with_code(client, user)  # superusers pass the second step (tests/two_factor.py)
    return client


def test_the_report_and_the_admin_home_show_what_to_review(admin_client, server):
    old = GuidancePageFactory(title="Bài cũ cần rà soát", reviewed_on=OLD)
    GuidancePageFactory(title="Bài vừa rà soát", reviewed_on=RECENT)
    ExternalLinkFactory(url=f"{server}/gone", title="Liên kết hỏng", reviewed_on=RECENT)
    ExternalLinkFactory(url=f"{server}/ok", title="Liên kết tốt", reviewed_on=RECENT)
    check_links(timeout=2)

    html = admin_client.get("/admin/reports/content-to-review/").content.decode()

    assert "Bài cũ cần rà soát" in html
    assert f"/admin/pages/{old.pk}/edit/" in html
    assert "Bài vừa rà soát" not in html
    assert "Liên kết hỏng" in html and "HTTP 404" in html
    assert "Liên kết tốt" not in html

    home = admin_client.get("/admin/").content.decode()
    assert 'id="content-to-review-section"' in home
    assert "/admin/reports/content-to-review/" in home


@override_settings(PORTAL_REVIEW_AFTER_MONTHS=36)
def test_the_review_period_is_a_setting(admin_client):
    GuidancePageFactory(title="Bài rà soát hai năm trước", reviewed_on=OLD)

    html = admin_client.get("/admin/reports/content-to-review/").content.decode()

    assert "Bài rà soát hai năm trước" not in html
    assert "36" in html


def test_the_report_is_for_staff_only(client):
    user = get_user_model().objects.create_user("khach", "k@example.invalid", "x-pass-987")
    client.force_login(user)

    response = client.get("/admin/reports/content-to-review/")

    assert response.status_code in (302, 403)


def test_the_demo_seeds_the_sources_the_content_cites():
    call_command("seed_demo", admin_password="demo-pass-123", stdout=io.StringIO())

    assert LegalReference.objects.get(number="91/2025/QH15").in_force_from == datetime.date(
        2026, 1, 1
    )
    assert ExternalLink.objects.get(url="https://hoadondientu.gdt.gov.vn/").owner == (
        "Cục Thuế (Bộ Tài chính)"
    )
    assert not ExternalLink.objects.filter(url__contains="onedx").exists()
    assert not ExternalLink.objects.filter(url__contains="vietqr.io").exists()
    # What the review could not verify carries no review date: staff see it as due.
    unverified = ExternalLink.objects.get(url="https://tinnhiemmang.vn/website-lua-dao")
    assert unverified.reviewed_on is None
    assert GuidancePage.objects.get(slug="tra-cuu-quy-hoach-dat-dai").reviewed_on is None
    assert GuidancePage.objects.get(slug="phat-hanh-hoa-don-dien-tu").reviewed_on is not None
