"""The action block with its QR column (``Aside``) where little room is left on the page.

Found by the fault kit's burst (bench/faults/kit.py): about 1 plan in 40 with random
answers failed with reportlab's ``LayoutError: Splitting error`` when an action block
taller than ``MAX_UNSPLIT_HEIGHT`` started a few millimetres above the page's bottom.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from recommendations.pdf.flowables import Aside
from recommendations.pdf.theme import MAX_UNSPLIT_HEIGHT


def build(story) -> bytes:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def tall_block() -> Aside:
    style = getSampleStyleSheet()["BodyText"]
    main = [Paragraph(f"Dòng {n}: chuẩn hóa thông tin sản phẩm và thêm một kênh bán.", style)
            for n in range(40)]  # fmt: skip
    aside = [Paragraph("QR", style), Spacer(1, 30 * mm)]
    block = Aside(main, aside, aside_width=40 * mm, gap=6 * mm)
    assert block.wrapOn(Canvas(io.BytesIO()), A4[0] - 50 * mm, 1e6)[1] > MAX_UNSPLIT_HEIGHT
    return block


@pytest.mark.parametrize("room_left", [2 * mm, 5 * mm, 9 * mm, 40 * mm])
def test_a_tall_block_near_the_bottom_of_a_page_still_renders(room_left: float) -> None:
    frame_height = A4[1] - 2 * 72 - 12  # SimpleDocTemplate's default margins and padding
    story = [Spacer(1, frame_height - room_left), tall_block()]

    pdf = build(story)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert all(f"Dòng {n}:" in text for n in range(40))
