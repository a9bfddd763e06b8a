"""The statistics dashboard in the Wagtail admin (only for the center's statistics permission)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from assessment.charts import line_chart

from .charts import bar_chart
from .forms import FilterForm
from .queries import MIN_GROUP, dashboard

VIEW_PERMISSION = "center.view_statistics"
EXPORT_PERMISSION = "center.export_submissions"


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def statistics(request: HttpRequest) -> TemplateResponse:
    require(request, VIEW_PERMISSION)
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
            "query": request.GET.urlencode(),
            "can_export_submissions": request.user.has_perm(EXPORT_PERMISSION),
        },
    )
