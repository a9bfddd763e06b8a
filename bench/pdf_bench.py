"""How much a plan PDF costs compared with a bare ReportLab document of the same length.

    .venv/bin/python bench/pdf_bench.py --n 20 [--profile]

Builds N realistic plan PDFs with :func:`recommendations.pdf.render_plan_pdf` and, in the same
run and interleaved with them, N bare documents (SimpleDocTemplate + Paragraphs in the same
embedded Noto Sans, ReportLab's default settings) with the same number of pages, and prints
two ratios of the medians:

* warm: a long-lived worker's steady state, the renderer's caches (QR codes, styles, …) full;
  goal at most 1.2;
* cold: a fresh worker's first plan: every renderer cache is emptied before each plan and the
  guidance URLs differ from plan to plan, so nothing is reused; goal at most 2.

Exits non-zero when either goal is missed. The sample plans take their labels from the
translation catalogues, so Django is set up (test settings) first; the renderer itself
does not use it.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import io
import os
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: E402

from recommendations.pdf import PlanDocument, render_plan_pdf  # noqa: E402
from recommendations.pdf.render import clear_caches  # noqa: E402
from recommendations.pdf.theme import FONTS_DIR  # noqa: E402
from tests.recommendations.samples import sample_plan_document  # noqa: E402

WARM_GOAL = 1.2
COLD_GOAL = 2.0


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


BARE_FONT = "BareNotoSans"


def bare_document(paragraphs: int) -> bytes:
    """The baseline: one paragraph style in the same font file, registered as ReportLab's
    plain ``TTFont`` (not the plan's measuring subclass), nothing else."""
    if BARE_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(BARE_FONT, str(FONTS_DIR / "NotoSans-Regular.ttf")))
    style = ParagraphStyle("bare", fontName=BARE_FONT, fontSize=9.5, leading=13.5)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=BARE_FONT).build(
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
    """Wall time of one call, with the garbage collector collected before and paused during
    it (as ``timeit`` does), so a collection caused by one side is not charged to the other."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = function()
        return time.perf_counter() - start, result
    finally:
        gc.enable()


def fresh_urls(document: PlanDocument, run: int) -> PlanDocument:
    """The same plan with guidance URLs no earlier plan used (nothing cached can match).

    The URLs keep their length and break points, so the plan keeps its layout.
    """
    actions = tuple(
        dataclasses.replace(
            action, guidance_url=action.guidance_url.replace("huong-dan", f"huong-{run:03d}")
        )
        for action in document.actions
    )
    return dataclasses.replace(document, actions=actions)


def run(n: int, profile: bool = False) -> tuple[float, float]:
    """Run the benchmark and print the figures; returns the warm and cold ratios."""
    documents = plan_documents(n)
    # Warm up both paths: font registration, style building and imports are one-off costs.
    render_plan_pdf(documents[0])
    bare_document(10)

    lengths: dict[int, int] = {}
    warm_times: list[float] = []
    cold_times: list[float] = []
    bare_times: list[float] = []
    pages_seen: list[int] = []
    profiler = cProfile.Profile() if profile else None
    for index, document in enumerate(documents):
        render_plan_pdf(document)  # fill the caches with this plan's QR codes
        if profiler:
            profiler.enable()
        warm, pdf = timed(lambda document=document: render_plan_pdf(document))
        if profiler:
            profiler.disable()
        clear_caches()
        cold_document = fresh_urls(document, index)
        cold, cold_pdf = timed(lambda document=cold_document: render_plan_pdf(document))
        pages = page_count(pdf)
        if page_count(cold_pdf) != pages:
            raise RuntimeError("the cold plan has a different length")
        if pages not in lengths:
            lengths[pages] = paragraphs_for(pages)
        bare_elapsed, bare = timed(lambda pages=pages: bare_document(lengths[pages]))
        if page_count(bare) != pages:
            raise RuntimeError(f"baseline has {page_count(bare)} pages, plan has {pages}")
        warm_times.append(warm)
        cold_times.append(cold)
        bare_times.append(bare_elapsed)
        pages_seen.append(pages)

    warm_ms = statistics.median(warm_times) * 1000
    cold_ms = statistics.median(cold_times) * 1000
    bare_ms = statistics.median(bare_times) * 1000
    warm_ratio, cold_ratio = warm_ms / bare_ms, cold_ms / bare_ms
    print(f"documents:          {n} of each, pages {min(pages_seen)}–{max(pages_seen)}")
    print(f"bare PDF median:    {bare_ms:7.1f} ms")
    print(f"plan, warm median:  {warm_ms:7.1f} ms  ratio {warm_ratio:5.2f}  (goal ≤ {WARM_GOAL})")
    print(f"plan, cold median:  {cold_ms:7.1f} ms  ratio {cold_ratio:5.2f}  (goal ≤ {COLD_GOAL})")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return warm_ratio, cold_ratio


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; exits non-zero when either ratio misses its goal."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="documents of each kind (default 20)")
    parser.add_argument("--profile", action="store_true", help="cProfile the plan renderer")
    args = parser.parse_args(argv)
    warm, cold = run(max(1, args.n), profile=args.profile)
    return 0 if warm <= WARM_GOAL and cold <= COLD_GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
