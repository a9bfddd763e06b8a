"""The advisor's screens."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .access import advisor_required


@advisor_required
def home(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "advisors/home.html", {"advisor": request.advisor})
