"""The blank paper questionnaire: tick boxes to fill in by hand during a visit without a
device, typed in later on the advisor's entry screen.

:func:`render_paper_form` is pure, like :func:`~recommendations.pdf.render.render_plan_pdf`:
a :class:`PaperForm` of plain strings in, A4 PDF bytes out, in the plan's fonts and colours.
Every page carries the questionnaire's version and id (the entry screen must use exactly that
version) and "page x/y". Questions are numbered as the entry screen numbers them; the
numbers come with the document.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)

from .render import _PlanCanvas
from .text import esc, fit, one_line, plain
from .theme import (
    ACCENT,
    CONTENT_WIDTH,
    FONT_BOLD,
    FONT_REGULAR,
    FRAME_PADDING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    TEXT,
    register_fonts,
    styles,
    table_style,
)

BOX = 3.6 * mm  # a tick box: big enough for a pen mark
BOX_GAP = 2.2 * mm
NUMBER_WIDTH = 11 * mm  # the question numbers' column
# Options whose labels are all at most this long are set in two columns.
SHORT_LABEL = 34


@dataclass(frozen=True)
class PaperOption:
    label: str
    exclusive: bool = False  # printed last, after "or"


@dataclass(frozen=True)
class PaperQuestion:
    """One question as printed: ``kind`` is "single", "multi", "scale" or "tristate"."""

    number: str
    text: str
    kind: str
    options: tuple[PaperOption, ...]
    help: str = ""
    how_to_answer: str = ""  # "choose one" / "choose all that apply"
    not_applicable: str = ""  # the "not applicable" box's label; "" when not allowed
    notes: tuple[str, ...] = ()  # who is asked, the condition that opens a follow-up
    optional: str = ""  # "(optional)" when the question is not required


@dataclass(frozen=True)
class PaperDimension:
    number: str
    name: str
    questions: tuple[PaperQuestion, ...]


@dataclass(frozen=True)
class ProfileField:
    """A field of the organisation's profile: tick boxes when it has options, else a line."""

    number: str
    label: str
    options: tuple[str, ...] = ()
    how_to_answer: str = ""
    help: str = ""
    note: str = ""
    tick_only: bool = False  # a single box to tick (consent)


@dataclass(frozen=True)
class PaperLabels:
    """The fixed words of the form, in its language."""

    running_head: str  # "Paper questionnaire"
    version: str  # "Questionnaire version {version} · id {id}"
    page: str  # "Page {page}/{total}"
    instructions: str
    visit_fields: tuple[str, ...]  # "Date of the visit", "Advisor", ...
    profile_heading: str
    or_word: str
    end_note: str
    language_tag: str = "vi-VN"


@dataclass(frozen=True)
class PaperForm:
    language: str
    title: str
    questionnaire_id: int
    version: int
    labels: PaperLabels
    profile: tuple[ProfileField, ...]
    dimensions: tuple[PaperDimension, ...] = field(default_factory=tuple)


class TickOption(Flowable):
    """A tick box followed by its label, wrapped beside it."""

    def __init__(self, label: str, style) -> None:
        super().__init__()
        self.para = Paragraph(esc(label), style)
        self.leading = style.leading
        self.font_size = style.fontSize

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _w, height = self.para.wrap(available_width - BOX - BOX_GAP, available_height)
        self.width, self.height = available_width, max(height, BOX + 1)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        # The box sits on the first line's baseline, as tall as a capital letter and more.
        first_baseline = self.height - self.font_size
        canvas.setStrokeColor(TEXT)
        canvas.setLineWidth(0.8)
        canvas.rect(0, first_baseline - 0.5 * mm, BOX, BOX, stroke=1, fill=0)
        self.para.drawOn(canvas, BOX + BOX_GAP, 0)


class WriteIn(Flowable):
    """A line to write on, ``height`` tall."""

    def __init__(self, height: float = 7 * mm, width: float | None = None) -> None:
        super().__init__()
        self._height = height
        self._width = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self._width or available_width
        self.height = self._height
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(MUTED)
        self.canv.setLineWidth(0.6)
        self.canv.setDash(1, 1.5)
        self.canv.line(0, 1, self.width, 1)


def _numbered(number: str, body: list[Flowable], st) -> Table:
    """A question: its number in a narrow column, the rest beside it."""
    table = Table(
        [[Paragraph(f"<b>{esc(number)}</b>", st["paper_number"]), body]],
        colWidths=[NUMBER_WIDTH, CONTENT_WIDTH - NUMBER_WIDTH],
    )
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _option_grid(options: list[Flowable], columns: int, width: float) -> Table:
    """Options in ``columns`` columns, filled column by column: ordered answers (a 0–5
    ladder, revenue bands, "never … always") read downwards, as on a printed form."""
    per_column = -(-len(options) // columns)
    rows = [
        [
            options[c * per_column + r] if c * per_column + r < len(options) else ""
            for c in range(columns)
        ]
        for r in range(per_column)
    ]
    table = Table(rows, colWidths=[width / columns] * columns)
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ]
        )
    )
    return table


def _columns_for(labels: list[str], kind: str) -> int:
    if kind == "tristate":
        return 4
    if kind == "scale":
        return 3 if all(len(label) <= SHORT_LABEL * 2 // 3 for label in labels) else 2
    return 2 if all(len(label) <= SHORT_LABEL for label in labels) else 1


def _question_block(question: PaperQuestion, labels: PaperLabels, st) -> Flowable:
    width = CONTENT_WIDTH - NUMBER_WIDTH
    heading = esc(question.text)
    if question.optional:
        heading += f" <font color='#5b6660'>{esc(question.optional)}</font>"
    body: list[Flowable] = [Paragraph(heading, st["paper_question"])]
    meta = [question.how_to_answer] if question.how_to_answer else []
    if meta:
        body.append(Paragraph(f"<b>({esc(meta[0])})</b>", st["paper_meta"]))
    for note in question.notes:
        body.append(Paragraph(esc(note), st["paper_note"]))
    if question.help:
        body.append(Paragraph(esc(question.help), st["paper_help"]))
    main = [o for o in question.options if not o.exclusive]
    exclusive = [o for o in question.options if o.exclusive]
    # "Not applicable" excludes the others on a multiple choice (after "or"), and stands
    # under a scale's ladder rather than in it.
    na_separate = question.not_applicable and question.kind in ("multi", "scale")
    if question.not_applicable and not na_separate:
        main = [*main, PaperOption(question.not_applicable)]
    columns = _columns_for([o.label for o in main], question.kind)
    body.append(
        _option_grid([TickOption(o.label, st["paper_option"]) for o in main], columns, width)
    )
    after_or = [o.label for o in exclusive]
    if na_separate and question.kind == "multi":
        after_or.append(question.not_applicable)
    if after_or:
        body.append(Paragraph(f"<b>{esc(labels.or_word)}</b>", st["paper_or"]))
    for label in after_or:
        body.append(TickOption(label, st["paper_option"]))
    if na_separate and question.kind == "scale":
        body.append(TickOption(question.not_applicable, st["paper_option"]))
    body.append(Spacer(0, 3.2 * mm))
    return KeepTogether([_numbered(question.number, body, st)])


def _profile_block(item: ProfileField, labels: PaperLabels, st) -> Flowable:
    width = CONTENT_WIDTH - NUMBER_WIDTH
    if item.tick_only:
        body: list[Flowable] = [TickOption(item.label, st["paper_option"])]
    else:
        heading = esc(item.label)
        if item.how_to_answer:
            heading += f" <b>({esc(item.how_to_answer)})</b>"
        body = [Paragraph(heading, st["paper_question"])]
        if item.note:
            body.append(Paragraph(esc(item.note), st["paper_note"]))
        if item.help:
            body.append(Paragraph(esc(item.help), st["paper_help"]))
        if item.options:
            columns = _columns_for(list(item.options), "single")
            body.append(
                _option_grid(
                    [TickOption(o, st["paper_option"]) for o in item.options], columns, width
                )
            )
        else:
            body.append(WriteIn())
    body.append(Spacer(0, 3 * mm))
    return KeepTogether([_numbered(item.number, body, st)])


def _paper_styles() -> dict:
    from reportlab.lib.styles import ParagraphStyle

    base = styles()
    body = base["body"]

    def derive(name: str, **kwargs) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kwargs)

    return {
        **base,
        "paper_title": derive(
            "paper_title", fontName=FONT_BOLD, fontSize=16, leading=21, textColor=ACCENT
        ),
        "paper_dimension": derive(
            "paper_dimension",
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=17,
            textColor=ACCENT,
            spaceBefore=4,
            spaceAfter=5,
        ),
        "paper_number": derive(
            "paper_number", fontName=FONT_BOLD, fontSize=10.5, leading=14, textColor=ACCENT
        ),
        "paper_question": derive(
            "paper_question", fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceAfter=1
        ),
        "paper_meta": derive("paper_meta", fontSize=9, leading=12, textColor=MUTED, spaceAfter=1),
        "paper_note": derive("paper_note", fontSize=9, leading=12, textColor=ACCENT, spaceAfter=1),
        "paper_help": derive("paper_help", fontSize=8.5, leading=11.5, textColor=MUTED),
        "paper_option": derive("paper_option", fontSize=10, leading=13, spaceAfter=0),
        "paper_or": derive(
            "paper_or", fontSize=9, leading=11, textColor=MUTED, spaceBefore=1, spaceAfter=1
        ),
    }


def _decorator(form: PaperForm) -> Callable[[Canvas, int, int], None]:
    head = one_line(form.labels.running_head)
    version = one_line(form.labels.version.format(version=form.version, id=form.questionnaire_id))
    page_label = one_line(form.labels.page)

    def decorate(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        top = PAGE_HEIGHT - 13 * mm
        canvas.setFont(FONT_BOLD, 9)
        canvas.setFillColor(ACCENT)
        version_width = canvas.stringWidth(version, FONT_BOLD, 9)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, version)
        canvas.setFont(FONT_REGULAR, 8.5)
        canvas.setFillColor(MUTED)
        room = CONTENT_WIDTH - version_width - 8 * mm
        canvas.drawString(MARGIN_X, top, fit(head, FONT_REGULAR, 8.5, room))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)

        bottom = 11 * mm
        canvas.line(MARGIN_X, bottom + 4.5 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4.5 * mm)
        number = page_label.format(page=page, total=total)
        canvas.setFont(FONT_BOLD, 9)
        canvas.setFillColor(TEXT)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, number)
        canvas.setFont(FONT_REGULAR, 8)
        canvas.setFillColor(MUTED)
        room = CONTENT_WIDTH - canvas.stringWidth(number, FONT_BOLD, 9) - 8 * mm
        canvas.drawString(MARGIN_X, bottom, fit(version, FONT_REGULAR, 8, room))
        canvas.restoreState()

    return decorate


def _visit_table(form: PaperForm, st) -> Table:
    cells = [
        [Paragraph(esc(label), st["paper_meta"]), WriteIn(6 * mm)]
        for label in form.labels.visit_fields
    ]
    table = Table(cells, colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def render_paper_form(form: PaperForm) -> bytes:
    """Render ``form`` as an A4 portrait PDF and return its bytes."""
    register_fonts()
    st = _paper_styles()
    labels = form.labels
    story: list[Flowable] = [
        Paragraph(esc(form.title), st["paper_title"]),
        Paragraph(esc(labels.instructions), st["small"]),
        Spacer(0, 2 * mm),
        _visit_table(form, st),
        Spacer(0, 4 * mm),
        Paragraph(esc(labels.profile_heading), st["paper_dimension"]),
    ]
    story += [_profile_block(item, labels, st) for item in form.profile]
    for dimension in form.dimensions:
        # A heading never ends a page alone.
        story.append(CondPageBreak(40 * mm))
        story.append(
            Paragraph(f"{esc(dimension.number)}. {esc(dimension.name)}", st["paper_dimension"])
        )
        story += [_question_block(q, labels, st) for q in dimension.questions]
    story.append(Spacer(0, 4 * mm))
    story.append(Paragraph(esc(labels.end_note), st["small"]))

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X - FRAME_PADDING,
        rightMargin=MARGIN_X - FRAME_PADDING,
        topMargin=MARGIN_TOP - FRAME_PADDING,
        bottomMargin=MARGIN_BOTTOM - FRAME_PADDING,
        title=plain(f"{labels.running_head} – {form.title}"),
        subject=plain(labels.version.format(version=form.version, id=form.questionnaire_id)),
        lang=labels.language_tag,
        displayDocTitle=True,
        initialFontName=FONT_REGULAR,
        initialFontSize=9.5,
    )
    decorate = _decorator(form)
    template.build(
        story,
        canvasmaker=lambda *args, **kwargs: _PlanCanvas(*args, decorate=decorate, **kwargs),
    )
    return buffer.getvalue()
