"""Every page type and every StreamField block renders."""

from __future__ import annotations

import io

import pytest
from PIL import Image as PILImage

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents.models import Document
from wagtail.images.models import Image

from cms.blocks import BodyBlock
from cms.models import HomePageFeaturedGuidance, SupportCenterSettings

from .factories import (
    ExternalLinkFactory,
    GuidancePageFactory,
    LegalReferenceFactory,
    StandardPageFactory,
    TopicFactory,
    organisation_kind,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return Image.objects.create(title="Ảnh", file=ImageFile(buffer, name="anh.png"))


@pytest.fixture
def document():
    return Document.objects.create(
        title="Mẫu đăng ký", file=ContentFile(b"%PDF-1.4 demo", name="mau-dang-ky.pdf")
    )


def all_blocks(image, document) -> list[dict]:
    return [
        {"type": "heading", "value": {"text": "Chuẩn bị hồ sơ", "level": "h2"}},
        {"type": "heading", "value": {"text": "Giấy tờ cần có", "level": "h3"}},
        {"type": "paragraph", "value": "<p>Đoạn văn <b>đậm</b>.</p>"},
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "Màn hình đăng nhập", "caption": "Hình 1"},
        },
        {
            "type": "callout",
            "value": {"kind": "warning", "title": "", "text": "<p>Giữ mã PIN bí mật.</p>"},
        },
        {
            "type": "steps",
            "value": {
                "title": "Các bước",
                "steps": [
                    {"title": "Mở ứng dụng", "text": "<p>Đăng nhập.</p>"},
                    {"title": "Khai báo", "text": ""},
                ],
            },
        },
        {
            "type": "service_link",
            "value": {
                "title": "Cổng Dịch vụ công quốc gia",
                "url": "https://dichvucong.gov.vn/",
                "provider": "Văn phòng Chính phủ",
                "description": "Nộp hồ sơ trực tuyến.",
            },
        },
        {
            "type": "video",
            "value": {"video": "https://video.example/abc", "caption": "Video minh họa"},
        },
        {
            "type": "faq",
            "value": {
                "title": "",
                "questions": [{"question": "Có mất phí không?", "answer": "<p>Không.</p>"}],
            },
        },
        {"type": "document", "value": {"document": document.pk, "title": ""}},
        *fact_blocks(),
    ]


def fact_blocks() -> list[dict]:
    link = ExternalLinkFactory(url="https://vneid.gov.vn/", title="VNeID", owner="Bộ Công an")
    law = LegalReferenceFactory(number="69/2024/NĐ-CP", title="Nghị định về định danh điện tử")
    return [
        {"type": "where", "value": {"place": "Ứng dụng VNeID", "link": link.pk, "note": ""}},
        {"type": "who", "value": {"text": "Người đại diện theo pháp luật."}},
        {"type": "documents_needed", "value": {"items": ["Mã số thuế của tổ chức"]}},
        {"type": "cost", "value": {"free": True}},
        {"type": "time", "value": {"text": "Khoảng một buổi."}},
        {"type": "legal_basis", "value": {"references": [law.pk], "note": ""}},
    ]


def test_every_block_type_is_exercised(image, document):
    used = {block["type"] for block in all_blocks(image, document)}

    assert used == set(BodyBlock.base_blocks)


def test_guidance_page_renders_every_block(client, settings, index, image, document):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.cms.embed_finder.FakeVideoFinder"}]
    topic = TopicFactory(name="Thương mại điện tử", slug="tmdt")
    page = GuidancePageFactory(
        parent=index,
        title="Đăng ký tài khoản",
        summary="Tóm tắt bài.",
        body=all_blocks(image, document),
        topics=[topic],
        organisation_kinds=[organisation_kind("cooperative")],
    )

    response = client.get(page.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Đăng ký tài khoản</h1>" in html
    assert "<h2>Chuẩn bị hồ sơ</h2>" in html and "<h3>Giấy tờ cần có</h3>" in html
    assert "<b>đậm</b>" in html
    assert 'alt="Màn hình đăng nhập"' in html and "<figcaption>Hình 1</figcaption>" in html
    assert 'class="callout callout-warning" role="note"' in html and "Cảnh báo" in html
    assert '<ol class="step-list">' in html and "Mở ứng dụng" in html
    assert 'href="https://dichvucong.gov.vn/"' in html and "Văn phòng Chính phủ" in html
    assert 'src="https://video.example/abc"' in html and "Video minh họa" in html
    assert "<summary>Có mất phí không?</summary>" in html and "Câu hỏi thường gặp" in html
    assert document.url in html and "Mẫu đăng ký" in html and "PDF" in html
    assert "Thương mại điện tử" in html and "Hợp tác xã" in html
    assert 'href="https://vneid.gov.vn/"' in html and "(Bộ Công an)" in html
    assert "Người đại diện theo pháp luật." in html and "Mã số thuế của tổ chức" in html
    assert "<strong>Miễn phí</strong>" in html and "Khoảng một buổi." in html
    assert "69/2024/NĐ-CP: Nghị định về định danh điện tử" in html


def test_home_page_shows_the_call_to_action_and_featured_guidance(client, home, index):
    guidance = GuidancePageFactory(parent=index, title="Phát hành hóa đơn điện tử")
    home.featured_guidance = [HomePageFeaturedGuidance(page=guidance)]
    home.save_revision().publish()

    html = client.get("/vi/").content.decode()

    assert "Bắt đầu tự đánh giá" in html
    assert 'class="button button-primary" href="' in html
    assert "Hướng dẫn nổi bật" in html and "Phát hành hóa đơn điện tử" in html


def test_home_page_shows_headline_figures_from_hooks(client, home):
    from wagtail import hooks

    def figures(request):
        return [{"value": "1.234", "label": "lượt tự đánh giá"}]

    with hooks.register_temporarily("portal_headline_figures", figures):
        html = client.get("/vi/").content.decode()

    assert "1.234" in html and "lượt tự đánh giá" in html


def test_guidance_index_lists_filters_and_paginates(client, index):
    topic = TopicFactory(slug="thanh-toan")
    for number in range(12):
        GuidancePageFactory(
            parent=index,
            title=f"Bài {number}",
            topics=[topic] if number < 3 else [],
            organisation_kinds=[organisation_kind("household")] if number == 0 else [],
        )

    first = client.get(index.url).content.decode()
    second = client.get(index.url, {"page": 2}).content.decode()
    by_topic = client.get(index.url, {"topic": "thanh-toan"}).content.decode()
    by_both = client.get(index.url, {"topic": "thanh-toan", "kind": "household"}).content.decode()

    assert first.count('class="card"') == 10 and "Trang 1 / 2" in first
    assert second.count('class="card"') == 2
    assert by_topic.count('class="card"') == 3
    assert by_both.count('class="card"') == 1 and "Bài 0" in by_both


def test_unknown_filter_values_are_ignored(client, index):
    GuidancePageFactory(parent=index)

    response = client.get(index.url, {"topic": "khong-co", "kind": "<script>", "page": "x"})

    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 1


def test_standard_page_renders_contact_details_from_site_settings(client, home):
    center = SupportCenterSettings.for_site(home.get_site())
    center.phone = "0293 3870 000"
    center.email = "hotro@example.gov.vn"
    center.save()
    page = StandardPageFactory(
        parent=home,
        title="Liên hệ",
        show_contact_details=True,
        body=[{"type": "paragraph", "value": "<p>Gọi trước khi đến.</p>"}],
    )

    html = client.get(page.url).content.decode()

    assert "<h1>Liên hệ</h1>" in html and "Gọi trước khi đến." in html
    assert 'href="tel:02933870000"' in html
    assert html.count("hotro@example.gov.vn") >= 2  # contact card and footer
