"""QR codes for the guidance links: the module grid, and the PDF operators that paint it.

The codes are exactly the ones ReportLab's ``QrCodeWidget`` draws (error correction M, the
same mask), and ReportLab still encodes the data and lays out the function patterns. Its
``make()`` however builds and scores all eight masks module by module in pure Python and
recomputes the Reed–Solomon generator for every block, about 9 ms a code: most of a fresh
worker's first plan. Here the error correction uses cached generators, and each candidate
grid is a list of row bit masks, so applying a mask is one XOR per row and the penalty rules
(ReportLab's, quirks included, so the same mask wins) run on ints and strings.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from itertools import zip_longest

from reportlab.graphics.barcode.qrencoder import (
    EXP_TABLE,
    LOG_TABLE,
    QRBitBuffer,
    QRCode,
    QRErrorCorrectLevel,
    QRRSBlock,
    QRUtil,
)

_RUN = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = "10111010000"  # ReportLab scores this orientation only
_DIGITS = bytes.maketrans(b"\x00\x01", b"01")  # a row of booleans as binary digits
_TILE = 12  # every mask pattern repeats every 12 modules down and across


# --------------------------------------------------------------------------- encoding


@lru_cache(maxsize=64)
def _generator(degree: int) -> tuple[int, ...]:
    """The Reed–Solomon generator polynomial of ``degree`` (coefficients, highest first)."""
    poly = [1]
    for power in range(degree):
        root = EXP_TABLE[power % 255]
        product = [*poly, 0]
        for index, coefficient in enumerate(poly):
            if coefficient:
                product[index + 1] ^= EXP_TABLE[(LOG_TABLE[coefficient] + LOG_TABLE[root]) % 255]
        poly = product
    return tuple(poly)


def _ec_codewords(data: list[int], degree: int) -> list[int]:
    """The remainder of ``data`` × x^degree divided by the generator."""
    generator = [LOG_TABLE[c] if c else None for c in _generator(degree)[1:]]
    remainder = [0] * degree
    for byte in data:
        factor = byte ^ remainder[0]
        remainder = [*remainder[1:], 0]
        if factor:
            log_factor = LOG_TABLE[factor]
            for index, log_coefficient in enumerate(generator):
                if log_coefficient is not None:
                    remainder[index] ^= EXP_TABLE[(log_coefficient + log_factor) % 255]
    return remainder


def _codewords(qr: QRCode) -> list[int]:
    """What ``QRCode.createData`` returns: data and error-correction codewords, interleaved."""
    blocks = QRRSBlock.getRSBlocks(qr.version, qr.errorCorrectLevel)
    capacity = 8 * sum(block.dataCount for block in blocks)
    buffer = QRBitBuffer()
    for data in qr.dataList:
        data.write(buffer, qr.version)
    if buffer.getLengthInBits() > capacity:
        raise ValueError("QR data too long")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    codewords = list(buffer.buffer)  # whole bytes now
    pads = itertools.cycle((QRCode.PAD0, QRCode.PAD1))
    codewords += [next(pads) for _ in range(capacity // 8 - len(codewords))]
    data_blocks, ec_blocks = [], []
    offset = 0
    for block in blocks:
        chunk = codewords[offset : offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_ec_codewords(chunk, block.totalCount - block.dataCount))
    return [
        codeword
        for group in itertools.chain(zip_longest(*data_blocks), zip_longest(*ec_blocks))
        for codeword in group
        if codeword is not None
    ]


# --------------------------------------------------------------------------- the grid


def _function_patterns(qr: QRCode, test: bool, mask: int) -> list[int]:
    """``qr.makeImpl`` without the data: finder, timing and alignment patterns, format info."""
    count = qr.moduleCount = qr.version * 4 + 17
    qr.modules = [[False] * count for _ in range(count)]
    qr.setupPositionProbePattern(0, 0)
    qr.setupPositionProbePattern(count - 7, 0)
    qr.setupPositionProbePattern(0, count - 7)
    qr.setupPositionAdjustPattern()
    qr.setupTimingPattern()
    qr.setupTypeInfo(test, mask)
    if qr.version >= 7:
        qr.setupTypeNumber(test)
    return [int(bytes(row).translate(_DIGITS), 2) for row in qr.modules]


@lru_cache(maxsize=64)
def _mask_rows(count: int) -> tuple[tuple[int, ...], ...]:
    """Per mask pattern, the rows of a ``count``-module grid as bit masks of its dark cells."""
    repeat = -(-count // _TILE)
    masks = []
    for pattern in range(8):
        dark = QRUtil.getMask(pattern)
        tile = [
            "".join("1" if dark(row, col) else "0" for col in range(_TILE)) for row in range(_TILE)
        ]
        masks.append(tuple(int((tile[row % _TILE] * repeat)[:count], 2) for row in range(count)))
    return tuple(masks)


def _penalty(rows: list[int], count: int) -> int:
    """ReportLab's ``QRUtil.getLostPoint`` for the grid given as row bit masks."""
    texts = [format(row, f"0{count}b") for row in rows]
    columns = ["".join(column) for column in zip(*texts, strict=True)]
    # Rule 1: a run of 5 or more modules of one colour costs its length - 2.
    runs = _RUN.findall("|".join(texts) + "|" + "|".join(columns))
    score = sum(map(len, runs)) - 2 * len(runs)
    # Rule 3: the finder-like pattern, left to right in rows only (ReportLab compares column
    # tuples with a list, which never matches) and never at the last position.
    score += 40 * "|".join(text[:-1] for text in texts).count(_FINDER_LIKE)
    # Rule 2: every 2×2 block of one colour costs 3.
    left = (1 << (count - 1)) - 1 << 1  # the count - 1 left columns of each block
    for upper, lower in itertools.pairwise(rows):
        same = ~(upper ^ lower)
        score += 3 * (same & (same << 1) & ~(upper ^ (upper << 1)) & left).bit_count()
    # Rule 4: the share of dark modules away from 50 %.
    dark = sum(row.bit_count() for row in rows)
    return score + 10 * (abs(100 * dark // (count * count) - 50) // 5)


@lru_cache(maxsize=64)
def _data_cells(version: int) -> tuple[tuple[int, int], ...]:
    """(row, bit of the column) of each data module, in the order the data fills them."""
    layout = QRCode(version, QRErrorCorrectLevel.M)
    count = layout.moduleCount = version * 4 + 17
    return tuple((row, 1 << (count - 1 - col)) for col, row in layout.dataPosIterator())


def qr_rows(data: str) -> list[int]:
    """The QR code for ``data`` (level M) as row bit masks, top row first, leftmost module
    in the highest bit: the grid ``QrCodeWidget(data, barLevel="M")`` draws."""
    qr = QRCode(None, QRErrorCorrectLevel.M)
    qr.addData(data)
    qr.version = qr.calculate_version()
    count = qr.version * 4 + 17
    blank = _function_patterns(qr, test=True, mask=0)
    # The data modules before masking, and where they are.
    data_rows, area = [0] * count, [0] * count
    bits = "".join(format(codeword, "08b") for codeword in _codewords(qr))
    for (row, cell), dark in zip_longest(_data_cells(qr.version), bits, fillvalue="0"):
        area[row] |= cell
        if dark == "1":
            data_rows[row] |= cell
    best, best_score = 0, -1
    for pattern, mask in enumerate(_mask_rows(count)):
        rows = [b | (d ^ (m & a)) for b, d, m, a in zip(blank, data_rows, mask, area, strict=True)]
        score = _penalty(rows, count)
        if best_score < 0 or score < best_score:
            best, best_score = pattern, score
    final = _function_patterns(qr, test=False, mask=best)
    mask = _mask_rows(count)[best]
    return [
        (f & ~a) | (d ^ (m & a)) for f, d, m, a in zip(final, data_rows, mask, area, strict=True)
    ]


def qr_modules(data: str) -> list[list[bool]]:
    """The module grid of :func:`qr_rows` as rows of booleans (True = dark)."""
    rows = qr_rows(data)
    count = len(rows)
    return [[ch == "1" for ch in format(row, f"0{count}b")] for row in rows]


# --------------------------------------------------------------------------- painting


@lru_cache(maxsize=1024)
def qr_operators(data: str, size: float, border: int = 1) -> str:
    """PDF operators that paint the QR code for ``data`` in a ``size`` square at the origin.

    Drawing through ReportLab's widget builds a validated shape for every run of dark modules
    and formats every number through ReportLab's pure-Python float formatter; here the runs
    become rectangles of one filled path, formatted once and cached (plans point to a small
    set of guidance pages).
    """
    rows = qr_rows(data)
    count = len(rows)
    box = size / (count + 2 * border)
    # Work in module units (one unit = one module, origin at the bottom-left module) so
    # every rectangle is a handful of small integers; a run of dark modules continued by
    # the same run on the following rows becomes one taller rectangle.
    rects = []
    open_runs: dict[tuple[int, int], int] = {}  # (column, length) -> first row
    for row_number, row in enumerate([*rows, 0]):
        runs = set()
        for match in re.finditer("1+", format(row, f"0{count}b")):
            runs.add((match.start(), match.end() - match.start()))
        for run_key in [key for key in open_runs if key not in runs]:
            first = open_runs.pop(run_key)
            height = row_number - first
            rects.append(f"{run_key[0]} {count - row_number} {run_key[1]} {height} re")
        for run_key in runs:
            open_runs.setdefault(run_key, row_number)
    offset = border * box
    return f"q {box:.4f} 0 0 {box:.4f} {offset:.4f} {offset:.4f} cm 0 g {' '.join(rects)} f Q"


def clear_caches() -> None:
    qr_operators.cache_clear()
    _generator.cache_clear()
    _mask_rows.cache_clear()
    _data_cells.cache_clear()
