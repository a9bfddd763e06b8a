"""The action-plan PDF: Vietnamese text, fonts, structure and metadata, read back with pypdf."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from reportlab import rl_config

from django.utils import translation

from recommendations.labels import plan_labels
from recommendations.models import Horizon
from recommendations.pdf import (
    DimensionRow,
    Link,
    PlanAction,
    PlanDocument,
    SupportContact,
    render_plan_pdf,
)
from recommendations.pdf.qr import qr_modules
from recommendations.pdf.render import FONT_REGULAR, clear_caches, register_fonts
from tests.recommendations.samples import sample_plan_document

BASE_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}
MARKUP_NAME = 'HTX <Rau sạch> & "Sạch"'
LONG_TITLE = "Đăng ký tài khoản định danh điện tử cho tổ chức"


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in read(pdf).pages]


def flat(text: str) -> str:
    """NFC text with every run of whitespace made one space (lines wrap anywhere)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def all_text(pdf: bytes) -> str:
    return flat(" ".join(page_texts(pdf)))


def font_dicts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font resource of every page and of the form XObjects they use."""
    fonts: list[DictionaryObject] = []
    seen: set[int] = set()

    def walk(resources: object) -> None:
        if isinstance(resources, IndirectObject):
            resources = resources.get_object()
        if not isinstance(resources, DictionaryObject):
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if id(font) not in seen:
                seen.add(id(font))
                fonts.append(font)
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts


def uris(reader: PdfReader) -> set[str]:
    found = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


@pytest.fixture(scope="module")
def sample() -> PlanDocument:
    return sample_plan_document("vi")


@pytest.fixture(scope="module")
def sample_pdf(sample: PlanDocument) -> bytes:
    return render_plan_pdf(sample)


@pytest.fixture(scope="module")
def tricky_pdf(sample: PlanDocument) -> bytes:
    """Markup characters and decomposed (NFD) text where users type them."""
    first = dataclasses.replace(
        sample.actions[0],
        title="Dùng <b>thẻ</b> & mã &amp; QR ở quầy",
        explanation="Gõ <i>đúng</i> như vậy: a < b && c > d; \"trích dẫn\" và 'nháy đơn'.",
    )
    return render_plan_pdf(
        dataclasses.replace(
            sample,
            organisation_name=MARKUP_NAME,
            sector=unicodedata.normalize("NFD", "Thủy sản – nuôi cá tra ở Cái Răng"),
            actions=(first, *sample.actions[1:]),
        )
    )


def test_returns_a_pdf_of_a_sane_length(sample_pdf: bytes) -> None:
    assert sample_pdf.startswith(b"%PDF-")
    assert 3 <= len(read(sample_pdf).pages) <= 12


def test_vietnamese_text_comes_back_exactly(sample: PlanDocument, sample_pdf: bytes) -> None:
    text = all_text(sample_pdf)

    assert sample.organisation_name in text
    assert LONG_TITLE in text
    for dimension in sample.dimensions:
        assert dimension.name in text
    for action in sample.actions:
        assert flat(action.title) in text
    for label in ("Làm ngay", "Trong 30 ngày", "Trong 90 ngày", "Trong 6 tháng"):
        assert label in text
    assert "Mức 3/5 – Hình thành" in text
    assert "46/100" in text
    assert "Liên hệ hỗ trợ" in text
    assert sample.contact.address in text
    assert "Hiệu quả nhanh" in text


def test_pages_after_the_cover_are_numbered(sample_pdf: bytes) -> None:
    texts = [flat(text) for text in page_texts(sample_pdf)]
    total = len(texts)

    assert "Trang 1/" not in texts[0]
    for number, text in enumerate(texts[1:], start=2):
        assert f"Trang {number}/{total}" in text
        assert "Kế hoạch hành động chuyển đổi số" in text
        assert "Hợp tác xã Nông nghiệp Rau sạch Phong Điền" in text


def test_extracted_text_is_nfc_without_replacement_or_missing_glyphs(
    sample_pdf: bytes, tricky_pdf: bytes
) -> None:
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    drawable = pdfmetrics.getFont(FONT_REGULAR).face.charToGlyph
    for pdf in (sample_pdf, tricky_pdf):
        raw = "".join(page_texts(pdf))
        assert "\ufffd" not in raw
        assert unicodedata.is_normalized("NFC", raw)
        missing = {ch for ch in raw if not ch.isspace() and ord(ch) not in drawable}
        assert not missing, f"characters without a glyph: {missing!r}"


def test_user_text_is_printed_as_typed_not_as_markup(tricky_pdf: bytes) -> None:
    text = all_text(tricky_pdf)

    assert MARKUP_NAME in text
    assert "Dùng <b>thẻ</b> & mã &amp; QR ở quầy" in text
    assert "Gõ <i>đúng</i> như vậy: a < b && c > d; \"trích dẫn\" và 'nháy đơn'." in text


def test_decomposed_input_comes_out_composed(tricky_pdf: bytes) -> None:
    text = all_text(tricky_pdf)

    assert "Thủy sản – nuôi cá tra ở Cái Răng" in text
    assert unicodedata.normalize("NFD", "Thủy") not in text


def test_organisation_typed_in_nfd_prints_in_nfc(sample: PlanDocument) -> None:
    name = "Hộ kinh doanh Bánh tét lá cẩm Út Hường"
    pdf = render_plan_pdf(
        dataclasses.replace(sample, organisation_name=unicodedata.normalize("NFD", name))
    )
    texts = [flat(text) for text in page_texts(pdf)]

    assert name in texts[0]
    assert name in texts[1]  # the running header too
    assert read(pdf).metadata.title.endswith(name)


def test_characters_the_font_lacks_become_question_marks(sample: PlanDocument) -> None:
    pdf = render_plan_pdf(dataclasses.replace(sample, organisation_name="Quán cà phê Sáu ☕\u200b"))

    assert "Quán cà phê Sáu ?" in all_text(pdf)


def test_only_embedded_truetype_subsets_are_used(sample_pdf: bytes, tricky_pdf: bytes) -> None:
    for pdf in (sample_pdf, tricky_pdf):
        reader = read(pdf)
        fonts = font_dicts(reader)
        assert fonts
        for font in fonts:
            base_font = str(font["/BaseFont"]).lstrip("/")
            assert font["/Subtype"] == "/TrueType", base_font
            assert re.fullmatch(r"[A-Z]{6}\+NotoSans-(Regular|Bold)", base_font), base_font
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, base_font
            assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000
            assert base_font.split("+")[-1] not in BASE_14
        # Nothing anywhere in the file refers to a base-14 font either.
        assert not any(name.encode() in pdf for name in ("/Helvetica", "/Times-", "/Courier"))


def test_metadata_and_language(sample: PlanDocument, sample_pdf: bytes) -> None:
    reader = read(sample_pdf)
    metadata = reader.metadata

    assert metadata.title == (
        "Kế hoạch hành động chuyển đổi số – Hợp tác xã Nông nghiệp Rau sạch Phong Điền"
    )
    assert metadata.author == sample.contact.name
    assert metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "vi-VN"


def test_links_are_clickable(sample: PlanDocument, sample_pdf: bytes) -> None:
    targets = uris(read(sample_pdf))
    text_without_spaces = re.sub(r"\s+", "", all_text(sample_pdf))

    assert "https://dichvucong.gov.vn/" in targets
    assert "mailto:hotro@example.vn" in targets
    assert sample.results_url in targets
    for action in sample.actions:
        assert action.guidance_url in targets
        assert action.guidance_url in text_without_spaces  # printed under the QR code


def test_only_web_and_mail_links_are_made_clickable(sample: PlanDocument) -> None:
    action = dataclasses.replace(
        sample.actions[0],
        links=(
            Link("Không an toàn", "javascript:alert(1)"),
            Link("Tên miền tiếng Việt", "https://hỗtrợ.example.vn/hướng-dẫn?a=1&b=2"),
        ),
        guidance_url="/vi/huong-dan/tuong-doi/",
    )
    pdf = render_plan_pdf(dataclasses.replace(sample, actions=(action,)))
    targets = uris(read(pdf))

    assert not any(target.startswith("javascript") for target in targets)
    assert "https://xn--htr-ymzuc.example.vn/h%C6%B0%E1%BB%9Bng-d%E1%BA%ABn?a=1&b=2" in targets
    assert "Không an toàn" in all_text(pdf)


def test_peer_comparison_is_shown_only_with_a_peer_group(sample: PlanDocument) -> None:
    # The plan builder sends peer_group_size=0 when the group is too small (under 5).
    with_peers = all_text(render_plan_pdf(sample))
    without = all_text(render_plan_pdf(dataclasses.replace(sample, peer_group_size=0)))

    assert "Trung vị nhóm" in with_peers
    assert "23 đơn vị tương tự" in with_peers
    assert "Trung vị nhóm" not in without
    assert "khi có ít nhất 5 đơn vị tương tự tham gia đánh giá" in without


@pytest.mark.parametrize("language", ["vi", "en"])
def test_labels_come_from_the_translation_catalogue(language: str) -> None:
    with translation.override(language):
        expected = {key: str(label) for key, label in Horizon.choices}
    text = all_text(render_plan_pdf(sample_plan_document(language)))

    assert expected["30d"] == ("Trong 30 ngày" if language == "vi" else "Within 30 days")
    for horizon in ("now", "30d", "90d", "6m"):
        assert expected[horizon] in text


def test_english_document_uses_english_labels() -> None:
    document = sample_plan_document("en")
    pdf = render_plan_pdf(document)
    text = all_text(pdf)
    reader = read(pdf)

    for label in (
        "Prioritised action plan",
        "Now",
        "Within 30 days",
        "Within 90 days",
        "Within 6 months",
        "How to get help",
        "Page 2 of",
        "Level 3/5 – Forming",
        "Quick win",
    ):
        assert label in text
    for vietnamese in ("Trang ", "Làm ngay", "Liên hệ hỗ trợ", "Mức "):
        assert vietnamese not in text
    assert "Cần Thơ City Business Support Centre" in text
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title.startswith("Digital transformation action plan")


def test_plan_without_actions_or_score_still_renders(sample: PlanDocument) -> None:
    document = dataclasses.replace(
        sample,
        overall_score=None,
        level=None,
        level_name="",
        level_description="",
        dimensions=tuple(
            dataclasses.replace(row, score=None, peer_median=None) for row in sample.dimensions
        ),
        actions=(),
        peer_group_size=0,
        results_url="",
    )
    pdf = render_plan_pdf(document)
    text = all_text(pdf)

    assert 3 <= len(read(pdf).pages) <= 12
    assert "Chưa đủ câu trả lời để tính điểm" in text
    assert "Chưa xác định được mức" in text
    assert "Chưa có việc nào được đề xuất" in text
    assert "Liên hệ hỗ trợ" in text


def test_minimal_document_renders() -> None:
    document = PlanDocument(
        language="vi",
        organisation_name="Hộ kinh doanh Ba Tư",
        organisation_kind="",
        area="",
        sector="",
        assessed_on=sample_plan_document().assessed_on,
        generated_on=sample_plan_document().generated_on,
        overall_score=0.0,
        level=0,
        level_name="Chưa khởi động",
        level_description="",
        dimensions=(DimensionRow("egov", "Dịch vụ công trực tuyến", 0.0),),
        actions=(),
        contact=SupportContact(name=""),
        labels=plan_labels("vi"),
    )
    text = all_text(render_plan_pdf(document))

    assert "Hộ kinh doanh Ba Tư" in text
    assert "Mức 0/5 – Chưa khởi động" in text


def test_long_content_flows_over_pages(sample: PlanDocument) -> None:
    long_text = "\n\n".join(
        f"Đoạn {number}: hướng dẫn chi tiết từng bước để thực hiện việc này tại hợp tác xã. " * 6
        for number in range(40)
    )
    action = dataclasses.replace(
        sample.actions[0],
        explanation=long_text,
        horizon="someday",
        effort="tùy",
        cost="<không rõ>",
        links=tuple(Link(f"Liên kết {n}", f"https://example.vn/{n}") for n in range(30)),
    )
    document = dataclasses.replace(
        sample,
        organisation_name="Công ty " + "Trách nhiệm hữu hạn Một thành viên " * 8,
        actions=(*sample.actions, action),
    )
    pdf = render_plan_pdf(document)
    text = all_text(pdf)

    assert len(read(pdf).pages) > len(read(render_plan_pdf(sample)).pages)
    assert "Đoạn 39:" in text
    assert "Khác" in text  # unknown horizon grouped last
    assert "<không rõ>" in text  # unknown band printed as given


def test_renderer_needs_no_django() -> None:
    code = (
        "import sys; from recommendations.pdf import Labels, render_plan_pdf; "
        "from tests.recommendations.samples import sample_plan_document; "
        "assert render_plan_pdf(sample_plan_document(labels=Labels())).startswith(b'%PDF'); "
        "assert 'django' not in sys.modules, 'django was imported'"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 (fixed command)
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_every_action_has_a_qr_code(sample: PlanDocument, sample_pdf: bytes) -> None:
    # Each QR code is printed with the same caption under it.
    assert all_text(sample_pdf).count("Quét mã để mở hướng dẫn") == len(sample.actions)


def test_action_fields_are_plain_values(sample: PlanDocument) -> None:
    action: PlanAction = sample.actions[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        action.title = "x"  # type: ignore[misc]


def qr_matrices(pdf: bytes) -> list[list[list[bool]]]:
    """The module grids of the QR codes painted in the PDF, in page order."""
    grids = []
    pattern = re.compile(
        rb"q [\d.]+ 0 0 [\d.]+ [\d.]+ [\d.]+ cm 0 g ((?:\d+ \d+ \d+ \d+ re ?)+) f Q"
    )
    for page in read(pdf).pages:
        for match in pattern.finditer(page.get_contents().get_data()):
            rects = [tuple(map(int, rect.split()[:4])) for rect in match[1].split(b"re") if rect]
            size = max(x + w for x, _, w, _ in rects)
            size = max(size, max(y + h for _, y, _, h in rects))
            grid = [[False] * size for _ in range(size)]
            for x, y, w, h in rects:
                for row in range(y, y + h):
                    for column in range(x, x + w):
                        grid[size - 1 - row][column] = True
            grids.append(grid)
    return grids


def reference_qr(data: str) -> list[list[bool]]:
    """The grid ReportLab's own QR widget draws (its unmodified encoder and mask choice)."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(data, barLevel="M")
    widget.qr.make()
    return [[bool(module) for module in row] for row in widget.qr.modules]


def test_qr_codes_encode_the_guidance_urls(sample: PlanDocument, sample_pdf: bytes) -> None:
    grids = qr_matrices(sample_pdf)

    assert len(grids) == len(sample.actions)
    for action, grid in zip(sample.actions, grids, strict=True):
        assert grid == reference_qr(action.guidance_url)


@pytest.mark.parametrize(
    "data",
    [
        "https://dichvucong.gov.vn/",
        "x",
        "0123456789" * 3,  # numeric mode
        "HTTPS://HOTRO.EXAMPLE.VN/VI/",  # alphanumeric mode
        "https://hotro.example.vn/vi/huong-dan/" + "chu-de-rat-dai-" * 12,  # version 7+
        "https://hỗtrợ.example.vn/hướng-dẫn?a=1&b=2",
    ],
)
def test_fast_qr_encoder_matches_reportlabs(data: str) -> None:
    # The renderer scores the eight masks itself (ReportLab's make() is slow); the grid,
    # mask included, must be the one ReportLab's widget would draw.
    assert qr_modules(data) == reference_qr(data)


def test_qr_format_information_says_level_m() -> None:
    """An independent check of the drawn grid: the 15 format bits beside the top-left finder
    decode (BCH, ISO/IEC 18004 annex C) to error correction M and a valid mask."""
    grid = qr_modules("https://hotro.example.vn/vi/huong-dan/xac-thuc-hai-lop/")
    cells = [(8, col) for col in (0, 1, 2, 3, 4, 5, 7, 8)] + [
        (row, 8) for row in (7, 5, 4, 3, 2, 1, 0)
    ]
    bits = int("".join("1" if grid[row][col] else "0" for row, col in cells), 2) ^ 0b101010000010010
    remainder = bits
    for shift in range(4, -1, -1):
        if remainder & (1 << (shift + 10)):
            remainder ^= 0b10100110111 << shift
    assert remainder == 0  # a valid BCH(15, 5) code word
    assert bits >> 13 == 0b00  # error correction level M


def test_the_pdf_has_an_outline_of_its_sections_and_actions_and_keeps_its_language(
    sample: PlanDocument, sample_pdf: bytes
) -> None:
    reader = read(sample_pdf)
    entries: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int = 0) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    top = [title for depth, title, _ in entries if depth == 0]
    actions = [title for depth, title, _ in entries if depth == 1 and title[0].isdigit()]
    assert top[0] == sample.labels.overall_score
    assert sample.labels.actions_heading in top
    assert sample.labels.contact_heading == top[-1]
    assert actions == [f"{n}. {a.title}" for n, a in enumerate(sample.actions, start=1)]
    pages = [page for _, _, page in entries]
    assert pages == sorted(pages)
    assert pages[-1] == len(reader.pages)  # the contact page is the last one
    assert reader.trailer["/Root"]["/Lang"] == "vi-VN"


def test_a_plan_rendered_from_the_renderers_caches_is_the_same_document(
    sample: PlanDocument,
) -> None:
    """The caches (parsed paragraphs, QR codes, styles) change the speed, never the bytes:
    a second plan sharing text with the first comes out exactly as from a fresh worker."""
    other = dataclasses.replace(sample, organisation_name="Hợp tác xã Bình An")
    invariant = rl_config.invariant
    rl_config.invariant = 1  # no creation date or random document id
    try:
        clear_caches()
        fresh = render_plan_pdf(other)
        render_plan_pdf(sample)  # fills the caches with the text both plans share
        render_plan_pdf(sample)
        warm = render_plan_pdf(other)
    finally:
        rl_config.invariant = invariant
    assert warm == fresh
