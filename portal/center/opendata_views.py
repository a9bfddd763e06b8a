"""The public open-data page and its JSON and CSV (anonymised aggregates, CC BY 4.0)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .opendata import LICENCE_NAME, LICENCE_URL, TABLES, as_csv, open_data

OPEN_DATA_MAX_AGE = 900


def _public(response: HttpResponseBase) -> HttpResponseBase:
    # Aggregates, the same for everyone: any cache may keep them a while, any site may fetch them.
    response["Cache-Control"] = f"public, max-age={OPEN_DATA_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_page(request: HttpRequest) -> TemplateResponse:
    data = open_data()
    tables = {name: [r for r in data["rows"] if r["table"] == name] for name in TABLES}
    total = tables["total"][0]
    return TemplateResponse(
        request,
        "center/open_data.html",
        {
            "data": data,
            "total": total,
            "total_dimensions": [
                (d["name"], total[f"mean_{d['key']}"]) for d in data["dimensions"]
            ],
            "tables": [
                (_("By kind of organisation"), _("Kind of organisation"), tables["kind"]),
                (_("By ward or commune"), _("Ward or commune"), tables["unit"]),
                (_("By month"), _("Month"), tables["month"]),
            ],
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
        },
    )


def open_data_json(request: HttpRequest) -> HttpResponseBase:
    response = JsonResponse(open_data(), json_dumps_params={"ensure_ascii": False})
    return _public(response)


def open_data_csv(request: HttpRequest) -> HttpResponseBase:
    response = HttpResponse(as_csv(open_data()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="du-lieu-mo-san-sang-so.csv"'
    return _public(response)
