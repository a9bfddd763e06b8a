"""Staff screens of the Wagtail admin: questionnaire versions, publish and copy to draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Questionnaire
from .questionnaires import QuestionnaireInvalid, copy_to_new_draft, publish_questionnaire


def _require_staff(request) -> None:
    if not request.user.has_perm("assessment.change_questionnaire"):
        raise PermissionDenied


def versions(request):
    _require_staff(request)
    questionnaires = Questionnaire.objects.annotate(
        dimension_count=Count("dimensions", distinct=True),
        assessment_count=Count("assessments", distinct=True),
    ).order_by("key", "-version")
    return TemplateResponse(
        request,
        "assessment/admin/versions.html",
        {"questionnaires": questionnaires, "header_title": _("Questionnaire versions")},
    )


@require_POST
def publish(request, pk: int):
    _require_staff(request)
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    if not questionnaire.is_editable:
        messages.error(request, _("Only a draft can be published."))
        return redirect("assessment_versions")
    try:
        publish_questionnaire(questionnaire)
    except QuestionnaireInvalid as exc:
        messages.error(
            request,
            _("Version %(version)s cannot be published yet: %(problems)s")
            % {"version": questionnaire.version, "problems": " ".join(exc.problems)},
        )
    else:
        messages.success(
            request,
            _("Version %(version)s is published; new assessments use it from now on.")
            % {"version": questionnaire.version},
        )
    return redirect("assessment_versions")


@require_POST
def copy_draft(request, pk: int):
    _require_staff(request)
    source = get_object_or_404(Questionnaire, pk=pk)
    draft = copy_to_new_draft(source)
    messages.success(
        request,
        _("Draft version %(version)s was created from version %(source)s.")
        % {"version": draft.version, "source": source.version},
    )
    return redirect("assessment_versions")
