"""The public self-assessment flow: start → profile → one step per dimension → check → results.

Every page works without JavaScript. Answers are saved at every step; the resume link
(an unguessable token in the URL) is the key to an anonymous assessment.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.i18n import active_language
from cms.ratelimits import over_limit, rate_limited, too_many_requests
from cms.siteurl import absolute_url

from .access import can_see_assessment
from .answers import save_answers
from .charts import radar_chart
from .flow import Flow
from .forms import DimensionForm, ProfileForm, TamperedPost, check_not_tampered, to_initial
from .models import Assessment, Question, Questionnaire
from .panels import results_panels
from .results import build_results
from .structure import answer_labels, choice_options, load_structure
from .submission import AlreadySubmitted, submit_assessment

SESSION_KEY = "assessment_tokens"
# The assessments this browser started: claiming one needs its resume link *and* this
# browser, so a resume link that got out (forwarded, shoulder-surfed) cannot be claimed.
CREATED_SESSION_KEY = "assessment_created_tokens"


def created_here(request: HttpRequest, assessment: Assessment) -> bool:
    """True when this browser started ``assessment`` (see CREATED_SESSION_KEY)."""
    return assessment.token in request.session.get(CREATED_SESSION_KEY, [])


def bad_request(request: HttpRequest, message: str, assessment: Assessment | None = None):
    """A 400 page that says what went wrong and where to go; nothing has been changed."""
    return render(
        request,
        "assessment/bad_request.html",
        {"message": message, "assessment": assessment},
        status=400,
    )


def _remember(request: HttpRequest, assessment: Assessment) -> None:
    """Put the assessment first in this browser's recent list; the session is written
    only when the list changes, so a page that remembers the same one again writes nothing."""
    current = request.session.get(SESSION_KEY, [])
    tokens = [assessment.token, *(t for t in current if t != assessment.token)][:5]
    if tokens != current:
        request.session[SESSION_KEY] = tokens


def _get_assessment(request: HttpRequest, token: str) -> Assessment:
    """The assessment behind a resume link; 404 when it belongs to someone else's account."""
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "questionnaire",
            "organisation",
            "organisation__sector",
            "organisation__administrative_unit",
        ),
        token=token,
    )
    if not can_see_assessment(request.user, assessment):
        raise Http404
    return assessment


def _submitted_guard(request: HttpRequest, assessment: Assessment) -> HttpResponse | None:
    """A submitted assessment is frozen: a POST to it is refused, a GET shows the results."""
    if not assessment.is_submitted:
        return None
    if request.method == "POST":
        return bad_request(request, _("This assessment has already been submitted."), assessment)
    return redirect("assessment:results", assessment.token)


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    questionnaire = Questionnaire.current()
    if request.method == "POST":
        if questionnaire is None:
            return bad_request(request, _("The questionnaire is not available right now."))
        if over_limit(request, "assessment-create"):
            return too_many_requests(request)
        assessment = Assessment.objects.create(
            questionnaire=questionnaire,
            language=active_language(),
            created_by=request.user if request.user.is_authenticated else None,
        )
        _remember(request, assessment)
        created = request.session.get(CREATED_SESSION_KEY, [])
        request.session[CREATED_SESSION_KEY] = [assessment.token, *created][:20]
        return redirect("assessment:profile", assessment.token)
    # A browser keeps the tokens it used, but an assessment claimed since then is no
    # longer this browser's to list.
    recent = [
        a
        for a in Assessment.objects.filter(
            token__in=request.session.get(SESSION_KEY, [])
        ).select_related("organisation")[:5]
        if can_see_assessment(request.user, a)
    ]
    structure = load_structure(questionnaire) if questionnaire else None
    return render(
        request,
        "assessment/start.html",
        {
            "questionnaire": questionnaire,
            "dimensions": structure.dimensions if structure else [],
            "question_count": sum(1 for _ in structure.questions) if structure else 0,
            "recent": recent,
        },
    )


def resume(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    _remember(request, assessment)
    if assessment.is_submitted:
        return redirect("assessment:results", token)
    flow = Flow.of(assessment)
    return redirect(flow.step_url(flow.next_step()))


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if refused := _submitted_guard(request, assessment):
        return refused
    flow = Flow.of(assessment)
    organisation = assessment.organisation
    form = ProfileForm(
        request.POST or None,
        instance=organisation,
        # Unticked until the respondent has ticked it once (the model's default is not consent).
        initial={"consent_statistics": bool(organisation) and assessment.consent_statistics},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            assessment.organisation = organisation
            assessment.consent_statistics = form.cleaned_data["consent_statistics"]
            assessment.save(update_fields=["organisation", "consent_statistics", "updated_at"])
        _remember(request, assessment)
        # Same structure; the steps now depend on the organisation's kind.
        return redirect(Flow(assessment, flow.structure, flow.answers).step_url(2))
    return render(
        request,
        "assessment/profile.html",
        {
            "assessment": assessment,
            "form": form,
            "progress": flow.progress(1),
            "resume_url": absolute_url(reverse("assessment:resume", args=[assessment.token])),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, token: str, number: int) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if refused := _submitted_guard(request, assessment):
        return refused
    flow = Flow.of(assessment)
    dimensions = flow.dimensions
    if assessment.organisation_id is None:
        if request.method == "POST":
            return bad_request(request, _("Fill in the organisation profile first."), assessment)
        return redirect("assessment:profile", token)
    if not 2 <= number < flow.total_steps:
        if request.method == "POST":
            return bad_request(request, _("That step does not exist."), assessment)
        return redirect(flow.step_url(flow.next_step()))
    if number > flow.next_step():
        if request.method == "POST":
            return bad_request(
                request,
                _("Steps have to be answered in order; this one is not open yet."),
                assessment,
            )
        return redirect(flow.step_url(flow.next_step()))

    dimension = dimensions[number - 2]
    questions = flow.questions_of(dimension)
    earlier = {k: v for k, v in flow.answers.items() if k not in {q.key for q in questions}}

    if request.method == "POST":
        try:
            check_not_tampered(questions, request.POST)
        except TamperedPost as exc:
            return bad_request(request, exc.message, assessment)
        form = DimensionForm(
            request.POST, questions=questions, earlier_answers=earlier, org_kind=flow.org_kind
        )
        valid = form.is_valid()
        with transaction.atomic():
            # Keep every valid answer, even when another one on the page needs fixing.
            save_answers(assessment, questions, form.values(), current=flow.answers)
            if valid and assessment.steps_done < number - 1:
                # Never lowers it, even when another tab got further in the meantime.
                Assessment.objects.filter(pk=assessment.pk, steps_done__lt=number - 1).update(
                    steps_done=number - 1
                )
        if valid:
            if request.POST.get("action") == "save-and-exit":
                messages.success(request, _("Your answers are saved."))
                return redirect("assessment:saved", token)
            if request.GET.get("return") == "check":
                return redirect("assessment:check", token)
            return redirect(flow.step_url(number + 1))
        status = 400
    else:
        initial = {f"q-{q.key}": to_initial(q, flow.answers.get(q.key)) for q in questions}
        form = DimensionForm(
            initial=initial, questions=questions, earlier_answers=earlier, org_kind=flow.org_kind
        )
        status = 200

    return render(
        request,
        "assessment/step.html",
        {
            "assessment": assessment,
            "dimension": dimension,
            "form": form,
            "fields": _question_fields(form, questions, flow, earlier),
            "progress": flow.progress(number),
            "back_url": flow.step_url(number - 1),
            "returning_to_check": request.GET.get("return") == "check",
        },
        status=status,
    )


def _question_fields(form: DimensionForm, questions: list[Question], flow: Flow, earlier):
    """Bound fields with what the template needs to show or hide conditional questions."""
    by_key = {q.key: q for q in questions}
    rows = []
    for question in questions:
        bound = form[f"q-{question.key}"]
        parent_key = question.condition_question_key
        condition_label = ""
        hidden = False
        if parent_key:
            parent = by_key.get(parent_key)
            if parent is not None:
                labels = dict(choice_options(parent))
                chosen = [labels.get(k, k) for k in question.condition_choice_keys]
                condition_label = _("Answer only if you chose “%(choices)s” above.") % {
                    "choices": "”, “".join(chosen)
                }
            else:
                # The condition is on an earlier step: we already know whether it is asked.
                hidden = not flow.is_asked(question, earlier)
        if not hidden:
            rows.append(
                {
                    "field": bound,
                    "question": question,
                    "multi": question.type == "multi",
                    "condition_label": condition_label,
                    "parent_field": f"q-{parent_key}" if parent_key in by_key else "",
                    "parent_values": " ".join(question.condition_choice_keys),
                }
            )
    return rows


def saved(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    return render(
        request,
        "assessment/saved.html",
        {
            "assessment": assessment,
            "resume_url": absolute_url(reverse("assessment:resume", args=[assessment.token])),
        },
    )


def check(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if refused := _submitted_guard(request, assessment):
        return refused
    flow = Flow.of(assessment)
    if assessment.organisation_id is None:
        return redirect("assessment:profile", token)
    sections = []
    for number, dimension in enumerate(flow.dimensions, start=2):
        rows = []
        for question in flow.questions_of(dimension):
            if not flow.is_asked(question):
                continue
            value = flow.answers.get(question.key)
            shown = "" if value is None else ", ".join(answer_labels(question, value))
            rows.append({"question": question, "answer": shown})
        sections.append(
            {
                "dimension": dimension,
                "rows": rows,
                "change_url": flow.step_url(number) + "?return=check",
            }
        )
    missing = flow.missing_required()
    return render(
        request,
        "assessment/check.html",
        {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "sections": sections,
            "missing": [
                {"url": flow.step_url(n) + "?return=check", "question": q} for n, _d, q in missing
            ],
            "progress": flow.progress(flow.total_steps),
            "back_url": flow.step_url(flow.total_steps - 1),
        },
    )


@require_POST
@rate_limited("assessment-submit")
def submit(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if refused := _submitted_guard(request, assessment):
        return refused
    flow = Flow.of(assessment)
    if assessment.organisation_id is None or flow.missing_required():
        return bad_request(
            request,
            _("Some required questions are still unanswered; go back to the check page."),
            assessment,
        )
    try:
        submit_assessment(assessment, flow.structure, language=active_language())
    except AlreadySubmitted:
        return bad_request(request, _("This assessment has already been submitted."), assessment)
    return HttpResponseRedirect(reverse("assessment:results", args=[token]))


def _results_context(assessment: Assessment) -> dict:
    context = build_results(assessment, active_language())
    context["radar_svg"] = radar_chart(
        [(d["name"], d["score"]) for d in context["dimensions"]],
        title=_("Scores by dimension"),
    )
    return context


def shared_results(request: HttpRequest, share_token: str) -> HttpResponse:
    """The results behind the read-only link printed in the PDF.

    Scores only: no plan buttons, no help request, no claim and no resume link (the
    results panels and the resume box are left out), so forwarding a plan hands over
    nothing but what the PDF already shows.
    """
    assessment = get_object_or_404(
        Assessment.objects.submitted().select_related("organisation", "questionnaire"),
        share_token=share_token,
    )
    context = _results_context(assessment)
    context.update(claimed=True, panels=[], shared=True)
    response = render(request, "assessment/results.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def results(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if not assessment.is_submitted:
        return redirect("assessment:resume", token)
    context = _results_context(assessment)
    context["claimed"] = assessment.is_claimed
    context["panels"] = results_panels(request, assessment)
    context["resume_url"] = absolute_url(reverse("assessment:resume", args=[assessment.token]))
    return render(request, "assessment/results.html", context)


def how_we_score(request: HttpRequest) -> HttpResponse:
    questionnaire = Questionnaire.current()
    structure = load_structure(questionnaire) if questionnaire else None
    return render(
        request,
        "assessment/how_we_score.html",
        {
            "questionnaire": questionnaire,
            "structure": structure,
            "scale_options": choice_options(Question(type="scale")),
        },
    )
