"""How much a plan PDF costs compared with a bare ReportLab document of the same length.

    .venv/bin/python bench/pdf_bench.py --n 20

Builds N realistic plan PDFs with :func:`recommendations.pdf.render_plan_pdf` and, in the same
run and interleaved with them, N bare documents (SimpleDocTemplate + Paragraphs in the same
embedded Noto Sans) with the same number of pages, then prints the median time of each and
their ratio. The goal (PRODUCT.md) is a ratio of at most 1.5. Needs no Django settings.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import pstats
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from recommendations.pdf import PlanDocument, render_plan_pdf  # noqa: E402
from recommendations.pdf.render import FONT_REGULAR, clear_caches, register_fonts  # noqa: E402
from recommendations.pdf.samples import sample_plan_document  # noqa: E402

GOAL = 1.5


def _vocabulary() -> list[str]:
    """The words of the sample plan's own Vietnamese text."""
    document = sample_plan_document("vi")
    texts = [document.level_description, *(row.name for row in document.dimensions)]
    for action in document.actions:
        texts += [action.title, action.explanation]
    return sorted({word.strip(".,;:–()") for text in texts for word in text.split()} - {""})


def bare_paragraphs(count: int, seed: int = 2025) -> list[str]:
    """``count`` paragraphs of Vietnamese words in random order, 3–6 sentences each.

    Real text does not repeat itself: a baseline made of one sentence repeated compresses
    about 17:1 and makes ReportLab's (pure-Python) stream encoding look almost free.
    """
    words = _vocabulary()
    rng = random.Random(seed)  # noqa: S311 (not for security)
    paragraphs = []
    for number in range(count):
        sentences = []
        for _ in range(rng.randint(3, 6)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(8, 20)))
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        paragraphs.append(f"{number + 1}. " + " ".join(sentences))
    return paragraphs


def page_count(pdf: bytes) -> int:
    """Pages in a ReportLab PDF (each page object says ``/Type /Page``)."""
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def plan_documents(n: int) -> list[PlanDocument]:
    """N different but realistic plans: names, scores and the set of actions vary."""
    documents = []
    for index in range(n):
        base = sample_plan_document("vi" if index % 4 else "en")
        shift = (index * 7) % 30 - 15
        dimensions = tuple(
            dataclasses.replace(row, score=min(100.0, max(0.0, (row.score or 0) + shift)))
            for row in base.dimensions
        )
        keep = len(base.actions) - index % 3  # 9 to 11 actions
        documents.append(
            dataclasses.replace(
                base,
                organisation_name=f"{base.organisation_name} – cơ sở số {index + 1}",
                dimensions=dimensions,
                actions=base.actions[:keep],
                overall_score=(base.overall_score or 0) + shift,
            )
        )
    return documents


_BARE_TEXTS = bare_paragraphs(400)


def bare_document(paragraphs: int) -> bytes:
    """The baseline: one paragraph style in the same font, nothing else."""
    register_fonts()
    style = ParagraphStyle("bare", fontName=FONT_REGULAR, fontSize=9.5, leading=13.5)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=FONT_REGULAR).build(
        [Paragraph(escape(text), style) for text in _BARE_TEXTS[:paragraphs]]
    )
    return buffer.getvalue()


def paragraphs_for(pages: int) -> int:
    """The number of bare paragraphs that fills exactly ``pages`` pages (as full as possible)."""
    count = 1
    while page_count(bare_document(count * 2)) <= pages:
        count *= 2
    low, high = count, count * 2  # pages(low) <= target < pages(high)
    while high - low > 1:
        middle = (low + high) // 2
        if page_count(bare_document(middle)) <= pages:
            low = middle
        else:
            high = middle
    return low


def timed(function: Callable[[], bytes]) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def run(n: int, profile: bool = False) -> float:
    """Run the benchmark and print the figures; returns the ratio of the medians."""
    documents = plan_documents(n)
    # Warm up both paths: font registration, style building and imports are one-off costs.
    render_plan_pdf(documents[0])
    bare_document(10)

    lengths: dict[int, int] = {}
    plan_times: list[float] = []
    bare_times: list[float] = []
    pages_seen: list[int] = []
    profiler = cProfile.Profile() if profile else None
    for document in documents:
        if profiler:
            profiler.enable()
        elapsed, pdf = timed(lambda document=document: render_plan_pdf(document))
        if profiler:
            profiler.disable()
        pages = page_count(pdf)
        if pages not in lengths:
            lengths[pages] = paragraphs_for(pages)
        bare_elapsed, bare = timed(lambda pages=pages: bare_document(lengths[pages]))
        if page_count(bare) != pages:
            raise RuntimeError(f"baseline has {page_count(bare)} pages, plan has {pages}")
        plan_times.append(elapsed)
        bare_times.append(bare_elapsed)
        pages_seen.append(pages)

    # For information: the same plans with the QR and label caches emptied each time, i.e.
    # the first plans a fresh worker renders (QR encoding dominates those).
    cold_times = []
    for document in documents:
        clear_caches()
        cold_times.append(timed(lambda document=document: render_plan_pdf(document))[0])

    plan_ms = statistics.median(plan_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    cold_ms = statistics.median(cold_times) * 1000
    ratio = plan_ms / bare_ms
    print(f"documents:         {n} of each, pages {min(pages_seen)}–{max(pages_seen)}")
    print(f"plan PDF median:   {plan_ms:7.1f} ms")
    print(f"bare PDF median:   {bare_ms:7.1f} ms")
    print(f"ratio:             {ratio:7.2f}  (goal ≤ {GOAL})")
    print(f"plan, cold caches: {cold_ms:7.1f} ms  (a fresh worker's first plans; not in the ratio)")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return ratio


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exits non-zero when the ratio misses the goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="documents of each kind (default 20)")
    parser.add_argument("--profile", action="store_true", help="cProfile the plan renderer")
    args = parser.parse_args(argv)
    ratio = run(max(1, args.n), profile=args.profile)
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
