"""The plan's sections, each a list of flowables: cover, results, actions, contact.

Text from the document and the labels is escaped (:func:`~.text.esc`) before it is combined
with the little paragraph markup used here, so both print exactly as typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from recommendations.planning import HORIZONS

from .chart import radar
from .document import PlanAction, PlanDocument
from .flowables import Aside, Bookmark, Para, QrCode, TickBox
from .labels import DATE_FORMAT, Labels
from .text import esc, format_date, link, link_target, one_line, plain, score_text
from .theme import (
    ACCENT,
    ACCENT_HEX,
    ACCENT_LIGHT,
    CONTENT_WIDTH,
    FONT_BOLD,
    HEADER_ROW,
    MUTED,
    MUTED_HEX,
    QR_SIZE,
    RULE,
    table_style,
)

Styles = dict[str, ParagraphStyle]
Groups = list[tuple[str, list[PlanAction]]]


# --------------------------------------------------------------------------- helpers


def grouped(actions: Sequence[PlanAction]) -> Groups:
    """Actions by horizon in plan order; unknown horizons last, in their given order."""
    groups: dict[str, list[PlanAction]] = {horizon: [] for horizon in HORIZONS}
    for action in actions:
        groups.setdefault(action.horizon, []).append(action)
    return [(horizon, items) for horizon, items in groups.items() if items]


def _horizon(horizon: str, labels: Labels) -> str:
    """The plain label of a horizon."""
    return plain(labels.horizons.get(horizon) or labels.horizon_other)


def _band(mapping: Mapping[Any, str], value: object) -> str:
    """The plain label for a band value; unknown values are printed as given."""
    return one_line(mapping.get(value) or value)


def _quick_win_tag(labels: Labels) -> str:
    tag = esc(plain(labels.quick_win).upper()).replace(" ", "\u00a0")  # never split
    return f'<font color="{ACCENT_HEX}" size="7.5"><b>{tag}</b></font>'


# --------------------------------------------------------------------------- cover


def _facts_table(document: PlanDocument, labels: Labels, st: Styles) -> Table | None:
    facts = [
        (labels.kind, document.organisation_kind),
        (labels.area, document.area),
        (labels.sector, document.sector),
        (labels.assessed_on, format_date(document.assessed_on, labels)),
        (labels.generated_on, format_date(document.generated_on, labels)),
    ]
    rows = [
        [plain(label), Para(esc(value), st["value"])]
        for label, value in facts
        if str(value).strip()
    ]
    if not rows:
        return None
    table = Table(rows, colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return table


def _score_table(document: PlanDocument, labels: Labels, st: Styles) -> Table:
    score_cell: list[Flowable] = [Para(esc(labels.overall_score), st["label"])]
    if document.overall_score is None:
        score_cell += [
            Para("—", st["score_big"]),
            Para(esc(labels.score_unknown), st["small"]),
        ]
    else:
        score_cell.append(
            Para(
                f'{score_text(document.overall_score)}<font size="14" color="{MUTED_HEX}">'
                "/100</font>",
                st["score_big"],
            )
        )
    if document.level is None:
        level_cell: list[Flowable] = [Para(esc(labels.level_unknown), st["level"])]
    else:
        level_text = esc(labels.level).format(level=document.level, max=document.level_max)
        if document.level_name.strip():
            level_text += " – " + esc(document.level_name)
        level_cell = [Para(level_text, st["level"])]
    if document.level_description.strip():
        # Generic text about the level, not a finding about this organisation: say so.
        level_cell.append(
            Para(f"{esc(labels.level_typical)} {esc(document.level_description)}", st["body"])
        )
    level_cell.append(Para(esc(labels.not_official), st["small"]))

    table = Table([[score_cell, level_cell]], colWidths=[52 * mm, CONTENT_WIDTH - 52 * mm])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                ("LINEBEFORE", (0, 0), (0, 0), 3, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return table


def cover(document: PlanDocument, labels: Labels, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        Bookmark(labels.overall_score),
        Spacer(1, 10 * mm),
        Para(esc(plain(labels.short_title).upper()), st["kicker"]),
        Para(esc(document.organisation_name), st["org"]),
    ]
    facts = _facts_table(document, labels, st)
    if facts is not None:
        story.append(facts)
    if document.assisted_by.strip():
        assisted = esc(labels.assisted_by).format(name=esc(document.assisted_by))
        story += [Spacer(1, 4 * mm), Para(assisted, st["body"])]
    if facts is not None or document.assisted_by.strip():
        story.append(Spacer(1, 12 * mm))
    story += [_score_table(document, labels, st), Spacer(1, 8 * mm)]

    first_steps = [action for _, actions in grouped(document.actions) for action in actions][:3]
    if first_steps:
        story.append(Para(esc(labels.first_steps), st["h2"]))
        for action in first_steps:
            text = f"<b>{esc(action.title)}</b>"
            text += f' <font color="{MUTED_HEX}">– {esc(_horizon(action.horizon, labels))}</font>'
            story.append(Para(text, st["link"], bulletText="•"))
        story.append(Spacer(1, 6 * mm))

    if link_target(document.results_url):
        story.append(
            Para(f"{esc(labels.results_online)}: {link(document.results_url)}", st["body"])
        )
    if link_target(document.html_url):
        story.append(Para(f"{esc(labels.html_version)}: {link(document.html_url)}", st["body"]))
    if document.claim_code and document.claim_until:
        claim = esc(labels.claim_text).format(
            url=esc(document.claim_url),
            code=f"<b>{esc(document.claim_code)}</b>",
            date=esc(format_date(document.claim_until, labels)),
        )
        story += [Para(esc(labels.claim_heading), st["h2"]), Para(claim, st["body"])]
    if document.contact.name.strip():
        prepared_by = esc(labels.prepared_by).format(name=esc(document.contact.name))
        story.append(Para(prepared_by, st["muted"]))
    story.append(PageBreak())
    return story


# --------------------------------------------------------------------------- results


def results(document: PlanDocument, labels: Labels, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        Bookmark(labels.results_heading),
        Para(esc(labels.results_heading), st["h1"]),
        Para(esc(labels.results_intro), st["body"]),
    ]
    if not document.dimensions:
        story.append(Para(esc(labels.no_dimensions), st["body"]))
        return story

    # The plan builder sends no peer group (size 0) when it is too small to compare with.
    show_peers = document.peer_group_size > 0
    chart = radar(document.dimensions, labels, show_peers)
    if chart is not None:
        story += [chart, Spacer(1, 4 * mm)]

    show_targets = any(d.target_level is not None for d in document.dimensions)
    header: list[Any] = [plain(labels.dimension), plain(labels.score)]
    widths = [25 * mm]
    if show_peers:
        header.append(plain(labels.peer_median))
        widths.append(35 * mm)
    if show_targets:
        header.append(plain(labels.target))
        widths.append(25 * mm)
    widths.insert(0, CONTENT_WIDTH - sum(widths))
    rows: list[list[Any]] = [header]
    for dimension in document.dimensions:
        row: list[Any] = [Para(esc(dimension.name), st["cell"]), score_text(dimension.score)]
        if show_peers:
            row.append(score_text(dimension.peer_median))
        if show_targets:
            row.append(
                plain(labels.target_level.format(level=dimension.target_level))
                if dimension.target_level is not None
                else "–"
            )
        rows.append(row)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        table_style(
            [
                *HEADER_ROW,
                ("FONT", (1, 1), (1, -1), FONT_BOLD, 9, 12),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ACCENT_LIGHT]),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story += [table, Spacer(1, 3 * mm)]
    if show_peers:
        note = esc(labels.peer_note_shown).format(n=document.peer_group_size)
    else:
        note = esc(labels.peer_note_hidden)
    story.append(Para(note, st["muted"]))
    story += _next_levels(document, labels, st)
    return story


def _next_levels(document: PlanDocument, labels: Labels, st: Styles) -> list[Flowable]:
    """Per weak dimension, what its next level looks like in concrete capabilities."""
    weak = [d for d in document.dimensions if d.next_level is not None and d.next_level_text]
    if not weak:
        return []
    story: list[Flowable] = [
        CondPageBreak(40 * mm),
        Spacer(1, 4 * mm),
        Bookmark(labels.next_level_heading, level=1),
        Para(esc(labels.next_level_heading), st["h2"]),
        Para(esc(labels.next_level_intro), st["muted"]),
    ]
    for dimension in weak:
        heading = esc(labels.next_level_item).format(
            dimension=esc(dimension.name),
            level=dimension.next_level,
            name=esc(dimension.next_level_name),
        )
        story.append(
            KeepTogether(
                [
                    Para(f"<b>{heading}</b>", st["body"]),
                    Para(esc(dimension.next_level_text), st["body"]),
                ]
            )
        )
    return story


# --------------------------------------------------------------------------- actions


def _grouped(amount: int, labels: Labels) -> str:
    return f"{amount:,}".replace(",", labels.thousands)


def _money(amount: int, labels: Labels) -> str:
    return labels.vnd.format(amount=_grouped(amount, labels))


def cost_text(action: PlanAction, labels: Labels) -> str:
    """ "Free", an amount or a range in VND, or "to be confirmed" (the band then in brackets)."""
    low, high = action.cost_min_vnd, action.cost_max_vnd
    if low is None and high is None:
        band = _band(labels.costs, action.cost)
        return f"{labels.to_confirm} ({band})" if band else labels.to_confirm
    if not low and not high:
        text = labels.free
    elif low is None or high is None or low == high:
        text = _money(low if high is None else high, labels)
    else:
        text = labels.vnd.format(amount=f"{_grouped(low, labels)}–{_grouped(high, labels)}")
    return text if action.cost_confirmed else f"{text} ({labels.to_confirm})"


def duration_text(duration: str, confirmed: bool, labels: Labels) -> str:
    """The usual time an action takes as staff wrote it, marked until staff checked it."""
    duration = duration.strip()
    if not duration or confirmed:
        return duration
    return f"{duration} ({labels.to_confirm})"


def _short_date(value) -> str:
    return DATE_FORMAT.format(day=value.day, month=value.month, year=value.year) if value else ""


def _action_table(groups: Groups, labels: Labels, st: Styles) -> Table:
    # Short cells are plain strings in the table's font: a Paragraph per cell costs a
    # markup parse and line breaking for a single word.
    widths = [9 * mm, 0, 34 * mm, 21 * mm, 17 * mm, 12 * mm]
    widths[1] = CONTENT_WIDTH - sum(widths)
    header = (labels.number, labels.action, labels.owner, labels.due, labels.cost, labels.done)
    rows: list[list[Any]] = [[plain(text) for text in header]]
    commands: list[tuple] = [
        *HEADER_ROW,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (-1, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    number = 0
    for horizon, actions in groups:
        row_index = len(rows)
        rows.append([_horizon(horizon, labels), "", "", "", "", ""])
        commands += [
            ("SPAN", (0, row_index), (-1, row_index)),
            ("BACKGROUND", (0, row_index), (-1, row_index), ACCENT_LIGHT),
            ("LINEABOVE", (0, row_index), (-1, row_index), 0.6, ACCENT),
            ("FONT", (0, row_index), (0, row_index), FONT_BOLD, 9.5, 12.5),
            ("TEXTCOLOR", (0, row_index), (0, row_index), ACCENT),
        ]
        for action in actions:
            number += 1
            title = f"<b>{esc(action.title)}</b>"
            if action.quick_win:
                title += "<br/>" + _quick_win_tag(labels)
            title += (
                f'<br/><font color="{MUTED_HEX}" size="8">{esc(action.dimension_name)} · '
                f"{esc(labels.priority)}: {esc(_band(labels.priorities, action.priority))}</font>"
            )
            owner: Any = Para(esc(action.owner), st["cell"]) if action.owner.strip() else ""
            rows.append(
                [
                    str(number),
                    Para(title, st["cell"]),
                    owner,
                    _short_date(action.due_on),
                    _band(labels.costs, action.cost),
                    TickBox(3.8 * mm),
                ]
            )
            row_index = len(rows) - 1
            commands.append(("LINEBELOW", (0, row_index), (-1, row_index), 0.3, RULE))
            if not action.owner.strip():
                # A line to write the name on.
                commands.append(("LINEBELOW", (2, row_index), (2, row_index), 0.5, MUTED))
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(table_style(commands))
    return table


def _qr_block(url: str, labels: Labels) -> list[Flowable]:
    target = link_target(url)
    if target is None or not target.lower().startswith(("http://", "https://")):
        return []
    return [QrCode(target, url.strip(), labels.scan_qr, QR_SIZE, QR_SIZE + 10 * mm)]


def _action_text(
    number: int, horizon: str, action: PlanAction, labels: Labels, st: Styles
) -> list[Flowable]:
    """Heading, facts line, explanation and links of one action."""
    heading = f"{number}. {esc(action.title)}"
    if action.quick_win:
        heading += "  " + _quick_win_tag(labels)
    facts = [
        (labels.dimension, action.dimension_name),
        (labels.horizon, _horizon(horizon, labels)),
        (labels.priority, _band(labels.priorities, action.priority)),
        (labels.effort, _band(labels.efforts, action.effort)),
        (labels.cost, _band(labels.costs, action.cost)),
    ]
    meta = " · ".join(f"{esc(label)}: {esc(value)}" for label, value in facts)
    cost_line = f"<b>{esc(labels.cost_estimate)}:</b> {esc(cost_text(action, labels))}"
    if action.duration.strip():
        cost_line += f" · <b>{esc(labels.duration)}:</b> {esc(action.duration)}"
    owner = esc(action.owner) if action.owner.strip() else "_" * 24
    plan_line = f"<b>{esc(labels.owner)}:</b> {owner}"
    if action.due_on:
        plan_line += f" · <b>{esc(labels.due)}:</b> {_short_date(action.due_on)}"
    text: list[Flowable] = [
        Para(heading, st["h2"]),
        Para(meta, st["muted"]),
        Para(plan_line, st["body"]),
        Para(cost_line, st["body"]),
    ]
    for part in plain(action.explanation).split("\n\n"):
        if part.strip():
            text.append(Para(esc(part.strip()), st["body"]))
    if action.guidance_title.strip() and link_target(action.guidance_url):
        guide = f"<b>{esc(labels.guidance)}:</b> {link(action.guidance_url, action.guidance_title)}"
        if action.guidance_other_language:
            guide += f' <font color="{MUTED_HEX}">({esc(labels.guidance_other_language)})</font>'
        text.append(Para(guide, st["link"]))
    if action.links:
        text.append(Para(f"<b>{esc(labels.links_heading)}</b>", st["small"]))
        for item in action.links:
            text.append(
                Para(
                    f"{link(item.url, item.title or item.url)}"
                    f'<br/><font size="7.5" color="{MUTED_HEX}">{esc(item.url)}</font>',
                    st["link"],
                    bulletText="•",
                )
            )
    if action.offers:
        text.append(Para(f"<b>{esc(labels.support_heading)}</b>", st["small"]))
        for offer in action.offers:
            line = f"<b>{esc(offer.name)}</b>"
            provider = labels.providers.get(offer.provider, "")
            if provider:
                line += f' <font color="{MUTED_HEX}">({esc(provider)})</font>'
            # Name, who offers it and how to reach them: descriptions would repeat for
            # every action the offer helps with and make the plan twice as long.
            if offer.contact.strip():
                line += f" – {esc(offer.contact)}"
            if link_target(offer.url):
                line += f"<br/>{link(offer.url)}"
            if offer.to_be_confirmed:
                line += f' <font color="{MUTED_HEX}">[{esc(labels.to_confirm)}]</font>'
            text.append(Para(line, st["link"], bulletText="•"))
    # Room to write by hand on the printed plan.
    text.append(Para(f"<b>{esc(labels.notes)}:</b> " + "_" * 60, st["muted"]))
    return text


def _action_details(groups: Groups, labels: Labels, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        CondPageBreak(60 * mm),
        Spacer(1, 4 * mm),
        Bookmark(labels.details_heading),
        Para(esc(labels.details_heading), st["h1"]),
    ]
    number = 0
    for horizon, actions in groups:
        for action in actions:
            number += 1
            story.append(Bookmark(f"{number}. {action.title}", level=1))
            text = _action_text(number, horizon, action, labels, st)
            qr = _qr_block(action.guidance_url, labels)
            if qr:
                # One flowable per action: cheaper than KeepTogether, which wraps twice.
                story.append(Aside(text, qr, aside_width=QR_SIZE + 10 * mm, gap=6 * mm))
            else:
                story.append(KeepTogether(text))
    return story


def actions(document: PlanDocument, labels: Labels, st: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        PageBreak(),
        Bookmark(labels.actions_heading),
        Para(esc(labels.actions_heading), st["h1"]),
    ]
    if not document.actions:
        story.append(Para(esc(labels.no_actions), st["body"]))
        return story
    groups = grouped(document.actions)
    intro = esc(labels.actions_intro).format(quick_win=f"<b>{esc(labels.quick_win)}</b>")
    story += [
        Para(intro, st["body"]),
        Spacer(1, 2 * mm),
        _action_table(groups, labels, st),
    ]
    story += _action_details(groups, labels, st)
    return story


# --------------------------------------------------------------------------- contact


def contact(document: PlanDocument, labels: Labels, st: Styles) -> list[Flowable]:
    center = document.contact
    story: list[Flowable] = [
        PageBreak(),
        Bookmark(labels.contact_heading),
        Para(esc(labels.contact_heading), st["h1"]),
        Para(esc(labels.contact_intro), st["body"]),
        Spacer(1, 4 * mm),
    ]
    if center.name.strip():
        story.append(Para(esc(center.name), st["contact_name"]))
    email_target = f"mailto:{center.email.strip()}" if center.email.strip() else ""
    facts = [
        (labels.contact_address, esc(center.address)),
        (labels.contact_phone, esc(center.phone)),
        (labels.contact_email, link(email_target, center.email) if email_target else ""),
        (labels.contact_hours, esc(center.opening_hours)),
        (labels.contact_website, link(center.website) if center.website.strip() else ""),
    ]
    rows = [[plain(label), Para(value, st["body"])] for label, value in facts if value.strip()]
    if rows:
        table = Table(rows, colWidths=[40 * mm, CONTENT_WIDTH - 40 * mm], hAlign="LEFT")
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ]
            )
        )
        story.append(table)
    return story
