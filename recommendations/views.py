"""Plan status, download, retry and regenerate: reachable only with the assessment's resume link."""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.db.models import F
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assessment.access import can_see_assessment
from assessment.models import Assessment
from assessment.snapshot import Snapshot
from cms.i18n import active_language
from cms.ratelimits import rate_limited

from .adapter import plan_document
from .jobs import enqueue
from .models import ActionPlan
from .pdf.sections import cost_text, grouped
from .services import replace_plan


def _plan(request: HttpRequest, token: str, plan_id: int) -> ActionPlan:
    """The token is the capability: a plan id alone, another assessment's token, or a claimed
    assessment seen by someone who does not manage it, is a 404."""
    plan = get_object_or_404(
        ActionPlan.objects.select_related("assessment"), pk=plan_id, assessment__token=token
    )
    if not can_see_assessment(request.user, plan.assessment):
        raise Http404
    return plan


@never_cache
@require_GET
def status(request: HttpRequest, token: str, plan_id: int) -> JsonResponse:
    plan = _plan(request, token, plan_id)
    response = JsonResponse(
        {
            "status": plan.status,
            "label": str(plan.get_status_display()),
            "download_url": reverse("plans:download", args=[token, plan.pk])
            if plan.status == ActionPlan.Status.READY
            else "",
        }
    )
    response["Cache-Control"] = "private, no-store"
    return response


def download_name(plan: ActionPlan) -> str:
    """A file name people recognise, with the organisation's name in Vietnamese."""
    name = Snapshot.of(plan.assessment).organisation.name or "plan"
    kept = "".join(c for c in unicodedata.normalize("NFC", name) if c.isalnum() or c in " -_")
    safe = " ".join(kept.split())
    prefix = "Ke-hoach-hanh-dong" if plan.language == "vi" else "Action-plan"
    return f"{prefix} - {safe.strip()[:60] or 'plan'}.pdf"


@require_GET
def download(request: HttpRequest, token: str, plan_id: int) -> FileResponse:
    plan = _plan(request, token, plan_id)
    if plan.status != ActionPlan.Status.READY or not plan.file:
        raise Http404
    response = FileResponse(
        plan.file.open("rb"),
        as_attachment=True,
        filename=download_name(plan),
        content_type="application/pdf",
    )
    count_download(plan)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def count_download(plan: ActionPlan) -> None:
    """One more download, and the first one's time: counted in the database (two browsers
    downloading at once both count), never by saving the plan's other fields."""
    plans = ActionPlan.objects.filter(pk=plan.pk)
    more = F("download_count") + 1
    if not plans.filter(first_downloaded_at__isnull=True).update(
        download_count=more, first_downloaded_at=timezone.now()
    ):
        plans.update(download_count=more)


@require_GET
def plan_page(request: HttpRequest, token: str, plan_id: int) -> HttpResponse:
    """The plan as an accessible web page: the PDF's content in the same order, for screen
    readers and copy-paste. Same access as the PDF."""
    plan = _plan(request, token, plan_id)
    document = plan_document(plan)
    labels = document.labels
    groups = [
        (
            labels.horizons.get(horizon, labels.horizon_other),
            [(action, cost_text(action, labels)) for action in actions],
        )
        for horizon, actions in grouped(document.actions)
    ]
    response = render(
        request,
        "recommendations/plan.html",
        {
            "document": document,
            "labels": document.labels,
            "groups": groups,
            "assessment": plan.assessment,
            "weak": [d for d in document.dimensions if d.next_level and d.next_level_text],
            "show_targets": any(d.target_level is not None for d in document.dimensions),
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def retry(request: HttpRequest, token: str, plan_id: int) -> HttpResponse:
    """Try a failed plan again (the button shown with the failure message)."""
    plan = _plan(request, token, plan_id)
    with transaction.atomic():
        updated = ActionPlan.objects.filter(pk=plan.pk, status=ActionPlan.Status.FAILED).update(
            status=ActionPlan.Status.QUEUED, attempts=0, error="", queued_at=timezone.now()
        )
        if updated:
            transaction.on_commit(lambda: enqueue(plan.pk))
    return redirect(reverse("assessment:results", args=[token]) + "#plan")


@require_POST
@rate_limited("plan-regenerate")
def regenerate(request: HttpRequest, token: str) -> HttpResponse:
    """A fresh plan with today's rules, in the language of the page it was asked from."""
    assessment = get_object_or_404(Assessment.objects.submitted(), token=token)
    if not can_see_assessment(request.user, assessment):
        raise Http404
    with transaction.atomic():
        replace_plan(assessment, active_language())
    return redirect(reverse("assessment:results", args=[token]) + "#plan")
