"""Paper mode for advisors: the printable blank questionnaire, and the screens that take a
filled-in paper form in fast, one page per dimension, by keyboard alone.

The entry screens reuse the questionnaire's own rules (``ProfileForm``, ``DimensionForm``,
``check_not_tampered``, ``Flow``, ``submit_assessment``), so a paper assessment is stored and
scored exactly as the same answers given in the self-assessment flow. Questions carry the
numbers printed on the form (:mod:`.paper`).
"""

from __future__ import annotations

import contextlib
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from assessment.answers import save_answers
from assessment.flow import Flow
from assessment.forms import (
    NA_KEY,
    DimensionForm,
    ProfileForm,
    TamperedPost,
    check_not_tampered,
    field_name,
    to_initial,
)
from assessment.models import AdministrativeUnit, Assessment, Questionnaire
from assessment.structure import answer_labels
from assessment.submission import AlreadySubmitted, submit_assessment
from cms.i18n import active_language
from cms.ratelimits import over_limit, too_many_requests

from .access import active_advisor, advisor_required
from .paper import how_to_answer, paper_form_file, profile_numbers, question_notes, question_numbers


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "advisors/paper_bad_request.html", {"message": message}, status=400)


# --- The printable form ---------------------------------------------------------------------


@advisor_required
def paper_form_pdf(request: HttpRequest) -> HttpResponse:
    """The blank form of the current published version, in the page's language: drawn
    once per version and language, then served from the private storage."""
    questionnaire = Questionnaire.current()
    if questionnaire is None:
        raise Http404
    language = active_language()
    name, _drawn = paper_form_file(questionnaire, language)
    response = FileResponse(
        storages["private"].open(name, "rb"),
        content_type="application/pdf",
        filename=f"paper-questionnaire-v{questionnaire.version}-id{questionnaire.pk}-{language}.pdf",
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- Page 1: the organisation's profile, as on the paper ------------------------------------


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Questionnaire) -> str:
        label = _("Version %(version)s · id %(id)s") % {"version": obj.version, "id": obj.pk}
        if obj.status == Questionnaire.Status.PUBLISHED:
            label += " " + _("(current)")
        return label


class PaperProfileForm(ProfileForm):
    """The profile step's form, plus the version printed on the paper; the ward must be one
    the advisor covers."""

    questionnaire = VersionChoiceField(
        label=gettext_lazy("Questionnaire version printed on the form"),
        queryset=Questionnaire.objects.none(),
        empty_label=None,
        help_text=gettext_lazy(
            "At the top of every page of the paper form. The answers are typed into exactly "
            "that version."
        ),
        error_messages={
            "invalid_choice": gettext_lazy("Choose the version printed on the form from the list."),
        },
    )

    field_order = ["questionnaire"]

    def __init__(self, *args: Any, advisor, with_version: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if with_version:
            current = Questionnaire.current()
            versions = Questionnaire.objects.filter(
                key=current.key if current else "default",
                status__in=[Questionnaire.Status.PUBLISHED, Questionnaire.Status.RETIRED],
            ).order_by("-version")
            self.fields["questionnaire"].queryset = versions
            self.fields["questionnaire"].initial = current
        else:
            # Answers are typed into the version chosen at the start; it never changes.
            del self.fields["questionnaire"]
        units = self.fields["administrative_unit"]
        # Staff who reopen a paper form without being advisors may choose any active unit.
        covered = advisor.units.all() if advisor is not None else AdministrativeUnit.objects
        choices = covered.filter(active=True)
        if self.instance.pk and self.instance.administrative_unit_id:
            choices = choices | AdministrativeUnit.objects.filter(
                pk=self.instance.administrative_unit_id
            )
        units.queryset = choices.distinct().order_by("sort_order", "name")
        if not self.instance.pk:
            only = list(units.queryset[:2])
            if len(only) == 1:  # an advisor of one ward never has to pick it
                units.initial = only[0].pk
        units.error_messages["invalid_choice"] = _(
            "You do not cover this ward or commune: choose one of the wards and communes "
            "you cover. Nothing has been saved."
        )
        # The form's order is the paper's order; the profile field numbers come with it.
        numbers = profile_numbers()
        for name, number in numbers.items():
            self.fields[name].paper_number = number
        self.order_fields(["questionnaire", *numbers])
        self.fields["name"].widget.attrs["autofocus"] = True


def _my_paper_drafts(request: HttpRequest):
    drafts = Assessment.objects.drafts().filter(mode=Assessment.Mode.PAPER)
    if not request.user.is_staff:
        drafts = drafts.filter(assisted_by=request.user)
    return drafts.select_related("organisation", "questionnaire").order_by("-updated_at")[:20]


@advisor_required
@require_http_methods(["GET", "POST"])
def paper_start(request: HttpRequest) -> HttpResponse:
    """Page 1: the profile from the paper form; creates the organisation and the paper
    assessment (nothing is created while anything on the page is wrong)."""
    advisor = request.advisor
    form = PaperProfileForm(request.POST or None, advisor=advisor)
    if request.method == "POST":
        if over_limit(request, "assessment-create"):
            return too_many_requests(request)
        if form.is_valid():
            with transaction.atomic():
                organisation = form.save()
                assessment = Assessment.objects.create(
                    questionnaire=form.cleaned_data["questionnaire"],
                    organisation=organisation,
                    consent_statistics=form.cleaned_data["consent_statistics"],
                    language=active_language(),
                    created_by=request.user,
                    mode=Assessment.Mode.PAPER,
                    assisted_by=request.user,
                )
            return redirect(_next_url(assessment, Flow.of(assessment), 0))
    return render(
        request,
        "advisors/paper_start.html",
        {
            "form": form,
            "advisor": advisor,
            "units": list(advisor.units.filter(active=True)),
            "drafts": _my_paper_drafts(request),
            "current": Questionnaire.current(),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Reopening: only the advisor who typed it, and staff ------------------------------------


def paper_access(view):
    """Anonymous visitors log in; only active advisors and staff get further; the
    assessment must be a paper one typed by this advisor (staff: any) or it is a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        advisor = active_advisor(request.user)
        if advisor is None and not request.user.is_staff:
            return TemplateResponse(request, "advisors/not_advisor.html", status=403)
        request.advisor = advisor
        queryset = Assessment.objects.select_related(
            "questionnaire",
            "organisation",
            "organisation__sector",
            "organisation__administrative_unit",
        ).filter(mode=Assessment.Mode.PAPER)
        if not request.user.is_staff:
            queryset = queryset.filter(assisted_by=request.user)
        assessment = get_object_or_404(queryset, pk=pk)
        if assessment.is_submitted:
            if request.method == "POST":
                return _bad_request(request, _("This assessment has already been submitted."))
            return redirect("assessment:results", assessment.token)
        return view(request, assessment, *args, **kwargs)

    return wrapper


def _step_url(assessment: Assessment, number: int) -> str:
    return reverse("advisors:paper_step", args=[assessment.pk, number])


def _next_url(assessment: Assessment, flow: Flow, after: int) -> str:
    """The first dimension after number ``after`` (as printed) with questions for this
    kind of organisation, else the check page."""
    for number, dimension in enumerate(flow.structure.dimensions, start=1):
        if number > after and flow.questions_of(dimension):
            return _step_url(assessment, number)
    return reverse("advisors:paper_check", args=[assessment.pk])


@paper_access
@require_http_methods(["GET", "POST"])
def paper_profile(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """Page 1 again, to correct the profile typed in (the version stays)."""
    organisation = assessment.organisation
    form = PaperProfileForm(
        request.POST or None,
        instance=organisation,
        advisor=request.advisor,
        with_version=False,
        initial={"consent_statistics": assessment.consent_statistics},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            assessment.consent_statistics = form.cleaned_data["consent_statistics"]
            assessment.save(update_fields=["consent_statistics", "updated_at"])
        if request.GET.get("return") == "check":
            return redirect("advisors:paper_check", assessment.pk)
        return redirect(_next_url(assessment, Flow.of(assessment), 0))
    return render(
        request,
        "advisors/paper_profile.html",
        {"form": form, "assessment": assessment, "returning": request.GET.get("return") == "check"},
        status=400 if request.method == "POST" else 200,
    )


@paper_access
def paper_resume(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    flow = Flow.of(assessment)
    missing = flow.missing_required()
    if missing:
        number = flow.structure.dimensions.index(missing[0][1]) + 1
        return redirect(_step_url(assessment, number))
    return redirect("advisors:paper_check", assessment.pk)


# --- One page per dimension -----------------------------------------------------------------


@paper_access
@require_http_methods(["GET", "POST"])
def paper_step(request: HttpRequest, assessment: Assessment, number: int) -> HttpResponse:
    flow = Flow.of(assessment)
    dimensions = flow.structure.dimensions
    if not 1 <= number <= len(dimensions):
        raise Http404
    dimension = dimensions[number - 1]
    questions = flow.questions_of(dimension)
    if not questions:
        return redirect(_next_url(assessment, flow, number))
    keys = {q.key for q in questions}
    earlier = {k: v for k, v in flow.answers.items() if k not in keys}
    returning = request.GET.get("return") == "check"

    if request.method == "POST":
        try:
            check_not_tampered(questions, request.POST)
        except TamperedPost as exc:
            return _bad_request(request, exc.message)
        form = DimensionForm(
            request.POST,
            questions=questions,
            earlier_answers=earlier,
            org_kind=flow.org_kind,
            # Every follow-up is on the screen, as on the paper.
            shown=keys,
        )
        complete = form.complete
        values = form.values()
        with transaction.atomic():
            # As in the self flow: every valid answer is kept even when another needs fixing.
            save_answers(
                assessment,
                [q for q in questions if q.key not in form.conflicts],
                values,
                current=flow.answers,
            )
            done = flow.dimensions.index(dimension) + 1 if dimension in flow.dimensions else 0
            if complete and assessment.steps_done < done:
                Assessment.objects.filter(pk=assessment.pk, steps_done__lt=done).update(
                    steps_done=done
                )
        if complete:
            ignored = _ignored_follow_ups(form, questions, values)
            if ignored:
                numbers = question_numbers(flow.structure)
                messages.warning(
                    request,
                    _(
                        "Answers to questions %(numbers)s were not kept: the answer that "
                        "opens them was not given."
                    )
                    % {"numbers": ", ".join(numbers[q.key] for q in ignored)},
                )
            if returning:
                return redirect("advisors:paper_check", assessment.pk)
            return redirect(_next_url(assessment, flow, number))
        status = 400
    else:
        initial = {field_name(q): to_initial(q, flow.answers.get(q.key)) for q in questions}
        form = DimensionForm(
            initial=initial, questions=questions, earlier_answers=earlier, org_kind=flow.org_kind
        )
        status = 200

    return render(
        request,
        "advisors/paper_step.html",
        {
            "assessment": assessment,
            "dimension": dimension,
            "number": number,
            "form": form,
            "rows": _rows(form, dimension, questions, flow),
            "previous_url": _previous_url(assessment, flow, number),
            "returning": returning,
            "total": len(dimensions),
        },
        status=status,
    )


def _ignored_follow_ups(form: DimensionForm, questions, values) -> list:
    """Follow-ups answered on paper although their condition is not met (not stored)."""
    ignored = []
    for question in questions:
        raw = form.cleaned_data.get(field_name(question))
        if raw not in (None, "", []) and values.get(question.key) is None:
            ignored.append(question)
    return ignored


def _previous_url(assessment: Assessment, flow: Flow, number: int) -> str:
    for earlier in range(number - 1, 0, -1):
        if flow.questions_of(flow.structure.dimensions[earlier - 1]):
            return _step_url(assessment, earlier)
    return reverse("advisors:paper_profile", args=[assessment.pk])


def _rows(form: DimensionForm, dimension, questions, flow: Flow) -> list[dict]:
    """Every question of the dimension in the printed order: those asked of this kind of
    organisation with their inputs, the others as a line that says they are skipped."""
    numbers = question_numbers(flow.structure)
    asked = {q.key for q in questions}
    rows = []
    first = True
    first_error = next((q.key for q in questions if form[field_name(q)].errors), None)
    for question in dimension.questions.all():
        row: dict[str, Any] = {
            "question": question,
            "number": numbers[question.key],
            "notes": question_notes(question, flow.structure, numbers),
        }
        if question.key not in asked:
            row["skipped"] = True
            rows.append(row)
            continue
        bound = form[field_name(question)]
        multi = question.type == "multi"
        exclusive = [c.key for c in question.choices.all() if c.exclusive] if multi else []
        if multi and question.allow_na:
            exclusive.append(NA_KEY)
        focus = question.key == first_error if first_error else first
        first = False
        row.update(
            {
                "field": bound,
                "how": how_to_answer(question),
                "exclusive_keys": exclusive,
                "autofocus": focus,
            }
        )
        rows.append(row)
    return rows


# --- Check and submit -----------------------------------------------------------------------


@paper_access
def paper_check(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    flow = Flow.of(assessment)
    numbers = question_numbers(flow.structure)
    sections = []
    for number, dimension in enumerate(flow.structure.dimensions, start=1):
        if not flow.questions_of(dimension):
            continue
        rows = []
        for question in flow.questions_of(dimension):
            if not flow.is_asked(question):
                continue
            value = flow.answers.get(question.key)
            shown = "" if value is None else ", ".join(answer_labels(question, value))
            rows.append({"question": question, "number": numbers[question.key], "answer": shown})
        sections.append(
            {
                "dimension": dimension,
                "number": number,
                "rows": rows,
                "change_url": _step_url(assessment, number) + "?return=check",
            }
        )
    missing = [
        {
            "url": _step_url(assessment, flow.structure.dimensions.index(d) + 1) + "?return=check",
            "number": numbers[q.key],
            "question": q,
        }
        for _n, d, q in flow.missing_required()
    ]
    invalid = [
        {"number": numbers[q.key], "question": q, "problem": problem}
        for _n, q, problem in flow.invalid_answers()
    ]
    return render(
        request,
        "advisors/paper_check.html",
        {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "sections": sections,
            "missing": missing,
            "invalid": invalid,
        },
    )


@require_POST
@paper_access
def paper_submit(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    flow = Flow.of(assessment)
    if flow.missing_required() or flow.invalid_answers():
        messages.error(request, _("Some answers are missing or need checking before you submit."))
        return redirect("advisors:paper_check", assessment.pk)
    with contextlib.suppress(AlreadySubmitted):  # a double click lands on the results too
        submit_assessment(assessment, flow.structure, language=active_language())
    return redirect("assessment:results", assessment.token)
