"""Who is an advisor: a user with an active ``Advisor`` record, which the center's staff
create in the admin. Everything an advisor may do goes through ``advisor_required``."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from assessment.models import Advisor


def active_advisor(user) -> Advisor | None:
    """The user's advisor record if it is active; ``None`` for everyone else."""
    if not (user and user.is_authenticated):
        return None
    return Advisor.objects.filter(user=user, active=True).prefetch_related("units").first()


def advisor_required(view):
    """Anonymous visitors go to the log-in page; signed-in users who are not active
    advisors get a 403 page that says why. The view receives the record as
    ``request.advisor``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        advisor = active_advisor(request.user)
        if advisor is None:
            return TemplateResponse(request, "advisors/not_advisor.html", status=403)
        request.advisor = advisor
        return view(request, *args, **kwargs)

    return wrapper
