"""The radar chart's labels: whole words, bounded lines, every dimension named and scored."""

from __future__ import annotations

import re

from assessment.charts import RADAR_LABEL_LINES, RADAR_LABEL_WIDTH, radar_chart, wrap_label

LONG = "Thanh toán không dùng tiền mặt và hóa đơn điện tử"


def test_wrap_label_breaks_between_words_within_the_width():
    lines = wrap_label(LONG)

    assert " ".join(lines) == LONG
    assert all(len(line) <= RADAR_LABEL_WIDTH for line in lines)
    assert len(lines) <= RADAR_LABEL_LINES


def test_wrap_label_ends_with_an_ellipsis_past_the_last_line():
    lines = wrap_label(LONG, width=8, lines=2)

    assert lines == ["Thanh", "toán…"]


def test_a_word_longer_than_the_width_keeps_a_line_of_its_own():
    assert wrap_label("Nghiên-cứu-thị-trường số", width=10) == ["Nghiên-cứu-thị-trường", "số"]


def test_radar_labels_each_spoke_with_its_name_and_score():
    svg = radar_chart(
        [("Kỹ năng số và con người", 42.5), ("Dữ liệu", None), ("Chiến lược", 100)],
        title="Điểm",
        not_applicable="không áp dụng",
    )

    labels = re.findall(r'<text text-anchor="(\w+)" class="radar-label">(.*?)</text>', svg)
    assert [re.search(r"<title>(.*?)</title>", body).group(1) for _a, body in labels] == [
        "Kỹ năng số và con người",
        "Dữ liệu",
        "Chiến lược",
    ]
    values = re.findall(r'class="radar-value">(.*?)</tspan>', svg)
    assert values == ["43", "không áp dụng", "100"]  # half-up, as everywhere
    # The top spoke is centred, the others sit to the right and left of the circle.
    assert [anchor for anchor, _body in labels] == ["middle", "start", "end"]
