"""The advisor's screens: what they assisted, starting an assessment with an organisation,
and the claim code they hand over."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment.claimcodes import code_of, issue, live_code, was_claimed, withdraw
from assessment.models import Assessment, Questionnaire
from assessment.views import remember_created_here
from cms.ratelimits import over_limit, too_many_requests
from cms.siteurl import absolute_url
from recommendations.services import replace_plan

from .access import advisor_required
from .services import assisted, assisted_for, organisations_to_pick, start_assisted, unit_aggregates

NEW = "new"


@advisor_required
def home(request: HttpRequest) -> HttpResponse:
    advisor = request.advisor
    dimension_names, unit_rows = unit_aggregates(advisor)
    return TemplateResponse(
        request,
        "advisors/home.html",
        {
            "advisor": advisor,
            "assessments": assisted(advisor)[:100],
            "dimension_names": dimension_names,
            "unit_rows": unit_rows,
        },
    )


@advisor_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Pick an organisation assisted before, or a new one (its ward is then limited to the
    wards the advisor covers on the profile page), and go to the questionnaire."""
    advisor = request.advisor
    covers = advisor.units.exists()
    organisations = list(organisations_to_pick(advisor)) if covers else []
    questionnaire = Questionnaire.current()
    error = ""
    status = 200
    if request.method == "POST":
        choice = request.POST.get("organisation", "")
        chosen = next((o for o in organisations if str(o.pk) == choice), None)
        if not covers:
            error = _("You cover no ward or commune yet, so you cannot start an assessment.")
        elif questionnaire is None:
            error = _("The questionnaire is not available right now.")
        elif choice != NEW and chosen is None:
            error = _("Choose one of the organisations in the list, or a new organisation.")
        elif over_limit(request, "assessment-create"):
            return too_many_requests(request)
        else:
            assessment = start_assisted(advisor, chosen, questionnaire)
            remember_created_here(request, assessment)
            return redirect("assessment:profile", assessment.token)
        status = 400
    return TemplateResponse(
        request,
        "advisors/start.html",
        {
            "advisor": advisor,
            "covers": covers,
            "organisations": organisations,
            "new": NEW,
            "error": error,
        },
        status=status,
    )


def _own(request: HttpRequest, pk: int) -> Assessment:
    """One of the advisor's own assessments; 404 for anyone else's."""
    assessment = assisted_for(request.advisor, pk)
    if assessment is None:
        raise Http404
    return assessment


@advisor_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _own(request, pk)
    claim = live_code(assessment) if assessment.is_submitted else None
    return TemplateResponse(
        request,
        "advisors/assessment.html",
        {
            "assessment": assessment,
            "claimed": was_claimed(assessment),
            "claim": claim,
            "code": code_of(claim),
            "claim_url": absolute_url(reverse("claim:form")),
        },
    )


@advisor_required
@require_POST
def renew_code(request: HttpRequest, pk: int) -> HttpResponse:
    """A new code (the old one stops working) and a new plan PDF that prints it."""
    assessment = _own(request, pk)
    if not assessment.is_submitted:
        raise Http404
    if was_claimed(assessment):
        # Its managers invite others from their workspace; the advisor adds nobody more.
        messages.error(request, _("The organisation has already claimed this assessment."))
        return redirect("advisors:assessment", assessment.pk)
    with transaction.atomic():
        issue(assessment, by=request.user)
        replace_plan(assessment, assessment.language)
    messages.success(request, _("A new claim code was made; the previous one no longer works."))
    return redirect("advisors:assessment", assessment.pk)


@advisor_required
@require_POST
def withdraw_code(request: HttpRequest, pk: int) -> HttpResponse:
    """The code stops working; the new plan PDF prints none."""
    assessment = _own(request, pk)
    with transaction.atomic():
        withdrawn = withdraw(assessment)
        if withdrawn and assessment.is_submitted:
            replace_plan(assessment, assessment.language)
    messages.success(request, _("The claim code was withdrawn."))
    return redirect("advisors:assessment", assessment.pk)
