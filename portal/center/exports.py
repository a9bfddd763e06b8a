"""The center's exports: the dashboard's aggregates and the submitted assessments, as CSV or XLSX.

Both files have two header rows: the column names in Vietnamese (the center's reports are
written in Vietnamese, whatever the admin's language) and under them the stable keys that a
script can rely on. Every text cell that a spreadsheet would read as a formula (it starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe: an
organisation may name itself ``=HYPERLINK(...)``.

Memory stays bounded whatever the number of assessments: the rows come from one query read
in chunks (a server-side cursor on PostgreSQL), CSV is streamed out in blocks of about
64 KB, and XLSX goes through openpyxl's write-only mode into a temporary file that is then
sent as it is read. ``bench/export_bench.py`` measures it on 100,000 assessments.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment.models import Assessment, Dimension, SizeBand
from cms.vocabulary import OrganisationKind

from .queries import MIN_GROUP, Count_, Dashboard, Filters, Stat, current_dimensions

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_BLOCK = 64 * 1024
CHUNK_ROWS = 2000
EXPORT_LANGUAGE = "vi"


def neutralise(value: Any) -> Any:
    """``value``, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # already translated


@dataclass(frozen=True)
class Table:
    """What an export writes: a sheet name, its columns and a (lazy) iterable of rows."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]

    def header_rows(self) -> list[list[str]]:
        return [[c.label for c in self.columns], [c.key for c in self.columns]]


# --- Writers -------------------------------------------------------------------------------


def csv_chunks(table: Table) -> Iterator[bytes]:
    """The table as UTF-8 CSV with a byte-order mark, in blocks of about 64 KB."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BOM)
    writer.writerows(table.header_rows())
    for row in table.rows:
        writer.writerow([neutralise(value) for value in row])
        if buffer.tell() >= CSV_BLOCK:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _xlsx_value(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        # XML cannot hold most control characters; openpyxl refuses them.
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_file(table: Table) -> IO[bytes]:
    """The table as an XLSX workbook in a temporary file (deleted when closed), rewound."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(table.name[:31])
    sheet.freeze_panes = "A3"
    labels, keys = table.header_rows()
    bold, grey = Font(bold=True), Font(italic=True, color="555555")
    for values, font in ((labels, bold), (keys, grey)):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            cell.font = font
            cells.append(cell)
        sheet.append(cells)
    for row in table.rows:
        sheet.append([_xlsx_value(value) for value in row])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    workbook.save(handle)
    handle.seek(0)
    return handle


# --- The dashboard's aggregates ------------------------------------------------------------

AGGREGATE_KEYS = ("section", "key", "label", "organisations", "assessments", "mean", "median")


def _aggregate_columns() -> list[Column]:
    labels = (
        _("Section"),
        _("Key"),
        _("Group"),
        pgettext("export column", "Organisations"),
        pgettext("export column", "Assessments"),
        _("Mean score"),
        _("Median score"),
    )
    return [Column(k, str(label)) for k, label in zip(AGGREGATE_KEYS, labels, strict=True)]


def _score(value: Any) -> float | None:
    """A score rounded to two decimals; anything else (missing, "NA") as an empty cell."""
    try:
        return round(float(value), 2)
    except (TypeError, ValueError):
        return None


def _stat_row(section: str, stat: Stat) -> list[Any]:
    if stat.suppressed:
        return [section, stat.key, stat.label, f"< {MIN_GROUP}", None, None, None]
    return [
        section,
        stat.key,
        stat.label,
        stat.organisations,
        stat.assessments,
        _score(stat.mean),
        _score(stat.median),
    ]


def _count_row(section: str, count: Count_) -> list[Any]:
    if count.suppressed:
        return [section, count.key, count.label, f"< {MIN_GROUP}", None, None, None]
    return [section, count.key, count.label, count.organisations, count.assessments, None, None]


def filter_rows(filters: Filters, labels: dict[str, str]) -> list[list[Any]]:
    """One row per filter in use, so the file says what it was drawn from."""
    rows = []
    for key, value in (
        ("date_from", filters.date_from),
        ("date_to", filters.date_to),
        ("kind", filters.kind),
        ("sector", filters.sector),
        ("unit", filters.unit),
        ("mode", filters.mode),
    ):
        if value:
            shown = labels.get(key) or (value.isoformat() if hasattr(value, "isoformat") else value)
            rows.append(["filter", key, shown, None, None, None, None])
    return rows


def aggregates_table(data: Dashboard, filter_labels: dict[str, str] | None = None) -> Table:
    """The dashboard's figures and tables, one row per group (suppression as on screen)."""
    with translation.override(EXPORT_LANGUAGE):
        rows: list[list[Any]] = filter_rows(data.filters, filter_labels or {})
        for key, label, value, per in (
            ("started", _("assessments started"), data.started, 4),
            ("submitted", _("assessments submitted"), data.submitted, 4),
            ("plans", _("action plans produced"), data.plans, 4),
            ("downloaded", _("action plans downloaded"), data.downloaded, 4),
            ("organisations", _("organisations"), data.organisations, 3),
            ("returning", _("returning organisations (assessed twice or more)"), data.returning, 3),
            ("scored", _("assessments in the scores"), data.scored, 4),
            (
                "implausible",
                _("submitted assessments left out as implausible"),
                data.implausible,
                4,
            ),
        ):
            row: list[Any] = ["figures", key, str(label), None, None, None, None]
            row[per] = value
            rows.append(row)
        for count in data.modes:
            rows.append(_count_row("mode_count", count))
        o = data.overall
        overall = Stat(
            "overall", str(_("Overall score")), o.assessments, o.organisations, o.mean, o.median
        )
        rows.append(_stat_row("overall", overall))
        sections: list[tuple[str, list[Stat]]] = [
            ("dimension", data.dimensions),
            ("level", data.levels),
            ("kind", data.by_kind),
            ("sector", data.by_sector),
            ("unit", data.by_unit),
            ("size", data.by_size),
            ("mode", data.by_mode),
            ("month", data.months),
        ]
        for section, stats in sections:
            rows.extend(_stat_row(section, stat) for stat in stats)
        for section, counts in (
            ("support_need", data.needs),
            ("recommended_action", data.recommended),
            ("done_action", data.done),
        ):
            rows.extend(_count_row(section, count) for count in counts)
        return Table(str(_("Statistics")), _aggregate_columns(), rows)


# --- The submitted assessments -------------------------------------------------------------


def submission_columns(dimensions: Sequence[Dimension], with_names: bool) -> list[Column]:
    with translation.override(EXPORT_LANGUAGE):
        columns = [
            Column("assessment_id", str(_("Assessment number"))),
            Column("submitted_on", str(_("Submitted on"))),
        ]
        if with_names:
            columns.append(Column("organisation", str(_("Organisation name"))))
        columns += [
            Column("kind", str(_("Kind of organisation"))),
            Column("sector", str(_("Sector"))),
            Column("unit", str(_("Ward or commune"))),
            Column("size_band", str(_("Size"))),
            Column("mode", str(_("How it was made"))),
            Column("plausible", str(_("Plausible (counted in the statistics)"))),
            Column("in_scores", str(_("Counted in the scores"))),
            Column("overall", str(_("Overall score"))),
            Column("level", str(_("Level"))),
        ]
        columns += [Column(f"dimension_{d.key}", d.name_vi) for d in dimensions]
        return columns


def submission_rows(
    filters: Filters, dimensions: Sequence[Dimension], with_names: bool
) -> Iterator[list[Any]]:
    """One row per submitted assessment in the filters, oldest first, read in chunks.

    Implausible ones are listed too, marked as such (staff may want to look at them).
    Scores are left empty for an assessment that is not counted in the scores (its
    organisation declined statistical use, or it is implausible), as on the dashboard.
    """
    with translation.override(EXPORT_LANGUAGE):
        kinds = {k: str(label) for k, label in OrganisationKind.choices}
        sizes = {k: str(label) for k, label in SizeBand.choices}
        modes = {k: str(label) for k, label in Assessment.Mode.choices}
        yes, no = str(_("yes")), str(_("no"))
    fields = [
        "assessment_id",
        "submitted_at",
        "kind",
        "sector__name_vi",
        "unit__name",
        "size_band",
        "mode",
        "plausible",
        "scored",
        "overall",
        "level",
        "dimension_scores",
    ]
    if with_names:
        fields.append("organisation__name")
    keys = [d.key for d in dimensions]
    zone = timezone.get_current_timezone()
    query = filters.all_submitted().order_by("submitted_at", "assessment_id").values_list(*fields)
    for values in query.iterator(chunk_size=CHUNK_ROWS):
        pk, when, kind, sector, unit, size, mode, plausible, scored, overall, level, scores = (
            values[:12]
        )
        row: list[Any] = [pk, timezone.localtime(when, zone).date()]
        if with_names:
            row.append(values[12])
        row += [
            kinds.get(kind, kind),
            sector,
            unit,
            sizes.get(size, size),
            modes.get(mode, mode),
            yes if plausible else no,
            yes if scored else no,
        ]
        if scored:
            scores = scores or {}
            row += [_score(overall), level, *(_score(scores.get(key)) for key in keys)]
        else:
            row += [None] * (2 + len(keys))
        yield row


def submissions_table(filters: Filters, with_names: bool) -> Table:
    """The submitted assessments in the filters; the organisation's name only ``with_names``."""
    dimensions = current_dimensions()
    with translation.override(EXPORT_LANGUAGE):
        name = str(_("Assessments"))
    return Table(
        name,
        submission_columns(dimensions, with_names),
        submission_rows(filters, dimensions, with_names),
    )
