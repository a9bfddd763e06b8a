"""The statistics dashboard and its exports in the Wagtail admin (only for the center's
statistics permission; each assessment's row only with the export permission)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.defaults import permission_denied

from wagtail.admin import messages

from assessment.charts import line_chart

from . import facts
from .charts import bar_chart
from .exports import (
    EXPORT_LANGUAGE,
    Table,
    aggregates_table,
    csv_chunks,
    submissions_table,
    xlsx_file,
)
from .forms import FilterForm
from .inbox import can_work_inbox, overdue_count
from .queries import MIN_GROUP, dashboard

VIEW_PERMISSION = "center.view_statistics"
EXPORT_PERMISSION = "center.export_submissions"
FORMATS = ("csv", "xlsx")
# openpyxl writes about 1,500 rows a second on the shared two-core machine (500 when it is
# busy; bench/export_bench.py), so a larger workbook would outlast gunicorn's 60 s timeout.
# CSV streams any number.
XLSX_MAX_ROWS = 20_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

logger = logging.getLogger(__name__)


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def forbidden(request: HttpRequest, *permissions: str) -> HttpResponseBase | None:
    """A plain 403 for a download the user may not have (the admin would redirect instead,
    which a script fetching the file would take for success)."""
    if all(request.user.has_perm(p) for p in permissions):
        return None
    return permission_denied(request, PermissionDenied())


def overdue_support(request: HttpRequest) -> dict | None:
    """The inbox's overdue requests for the dashboard's figures (for those who may open it)."""
    if not can_work_inbox(request.user):
        return None
    return {"count": overdue_count(), "url": reverse("inbox:index") + "?overdue=yes"}


def statistics(request: HttpRequest) -> TemplateResponse:
    require(request, VIEW_PERMISSION)
    # Submissions of the last seconds, not yet copied by beat, are counted too.
    facts.copy_pending()
    form = FilterForm(request.GET or None)
    data = dashboard(form.filters())
    charts = {
        "dimensions": bar_chart(
            [(s.label, s.shown_mean) for s in data.dimensions],
            title=_("Mean score per dimension"),
        ),
        "levels": bar_chart(
            [(s.label, None if s.suppressed else s.assessments) for s in data.levels],
            title=_("Assessments per level"),
            maximum=max((s.assessments for s in data.levels), default=0),
            first_number=0,
        ),
        "kinds": bar_chart(
            [(s.label, s.shown_mean) for s in data.by_kind],
            title=_("Mean score per kind of organisation"),
        ),
        "months": line_chart(
            [(s.key, s.shown_mean) for s in data.months if s.shown_mean is not None],
            title=_("Mean score per month"),
        ),
    }
    return TemplateResponse(
        request,
        "center/dashboard.html",
        {
            "header_title": _("Statistics"),
            "form": form,
            "data": data,
            "charts": charts,
            "min_group": MIN_GROUP,
            "plausible_minutes": -(-settings.PLAUSIBLE_MIN_SECONDS // 60),
            "query": request.GET.urlencode(),
            "can_export_submissions": request.user.has_perm(EXPORT_PERMISSION),
            "overdue_support": overdue_support(request),
        },
    )


def file_response(table: Table, fmt: str, stem: str) -> HttpResponseBase:
    """The table as a download: CSV streamed as it is written, XLSX from a temporary file."""
    filename = f"{stem}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        response: HttpResponseBase = FileResponse(
            xlsx_file(table), as_attachment=True, filename=filename, content_type=XLSX_TYPE
        )
    else:
        response = StreamingHttpResponse(csv_chunks(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Staff data: never kept by a browser or a proxy.
    response["Cache-Control"] = "private, no-store"
    return response


def filter_labels(form: FilterForm) -> dict[str, str]:
    """The chosen filters as the export's (Vietnamese) file shows them."""
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    labels = {}
    if data.get("sector"):
        labels["sector"] = data["sector"].name_vi
    if data.get("unit"):
        labels["unit"] = data["unit"].name
    if data.get("kind"):
        with translation.override(EXPORT_LANGUAGE):
            labels["kind"] = str(dict(form.fields["kind"].choices).get(data["kind"], data["kind"]))
    return labels


def export_aggregates(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The dashboard's figures and tables for the current filters."""
    if denied := forbidden(request, VIEW_PERMISSION):
        return denied
    facts.copy_pending()
    form = FilterForm(request.GET or None)
    with translation.override(EXPORT_LANGUAGE):
        data = dashboard(form.filters())
    return file_response(aggregates_table(data, filter_labels(form)), fmt, "thong-ke")


def export_submissions(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """One row per submitted assessment in the filters, with the organisation's name."""
    if denied := forbidden(request, VIEW_PERMISSION, EXPORT_PERMISSION):
        return denied
    facts.copy_pending()
    form = FilterForm(request.GET or None)
    filters = form.filters()
    if fmt == "xlsx" and XLSX_MAX_ROWS and filters.all_submitted().count() > XLSX_MAX_ROWS:
        messages.error(
            request,
            _(
                "More than %(max)s assessments: an XLSX file that large takes too long to "
                "write. Narrow the filters or export CSV."
            )
            % {"max": XLSX_MAX_ROWS},
        )
        url = reverse("center:statistics")
        return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)
    logger.info("user %s exports submitted assessments (%s, %s)", request.user.pk, fmt, filters)
    return file_response(submissions_table(filters, with_names=True), fmt, "bai-danh-gia")
