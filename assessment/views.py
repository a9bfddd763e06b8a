"""The public self-assessment flow: start → profile → one step per dimension → check → results.

Every page works without JavaScript. Answers are saved at every step; the resume link
(an unguessable token in the URL) is the key to an anonymous assessment.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from recommendations.services import request_plan
from recommendations.views import latest_plan

from . import scoring
from .charts import radar_chart
from .forms import DimensionForm, ProfileForm, TamperedPost, check_not_tampered, to_initial
from .models import Assessment, Dimension, Question, Questionnaire, in_language
from .organisations import can_see_assessment
from .results import build_results
from .services import (
    AlreadySubmitted,
    Structure,
    answers_of,
    choice_options,
    load_structure,
    question_spec,
    save_answers,
    submit_assessment,
)

SESSION_KEY = "assessment_tokens"


def bad_request(request: HttpRequest, message: str, assessment: Assessment | None = None):
    """A 400 page that says what went wrong and where to go; nothing has been changed."""
    return render(
        request,
        "assessment/bad_request.html",
        {"message": message, "assessment": assessment},
        status=400,
    )


def _remember(request: HttpRequest, assessment: Assessment) -> None:
    tokens = [t for t in request.session.get(SESSION_KEY, []) if t != assessment.token]
    request.session[SESSION_KEY] = [assessment.token, *tokens][:5]


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


@dataclass
class Flow:
    """The steps of one assessment: profile, the dimensions that apply, check."""

    assessment: Assessment
    structure: Structure
    answers: dict[str, scoring.AnswerValue]

    @property
    def org_kind(self) -> str | None:
        org = self.assessment.organisation
        return org.kind if org else None

    def questions_of(self, dimension: Dimension) -> list[Question]:
        """Questions of ``dimension`` this organisation may be asked."""
        kind = self.org_kind
        return [q for q in dimension.questions.all() if not q.org_kinds or kind in q.org_kinds]

    @property
    def dimensions(self) -> list[Dimension]:
        return [d for d in self.structure.dimensions if self.questions_of(d)]

    @property
    def total_steps(self) -> int:
        return len(self.dimensions) + 2  # profile + dimensions + check

    def step_url(self, number: int) -> str:
        token = self.assessment.token
        if number <= 1:
            return reverse("assessment:profile", args=[token])
        if number >= self.total_steps:
            return reverse("assessment:check", args=[token])
        return reverse("assessment:step", args=[token, number])

    def next_step(self) -> int:
        if self.assessment.organisation_id is None:
            return 1
        return min(self.assessment.steps_done + 2, self.total_steps)

    def missing_required(self) -> list[tuple[int, Dimension, Question]]:
        """Required questions that are asked but not answered, with their step number."""
        missing = []
        for index, dimension in enumerate(self.dimensions, start=2):
            for question in self.questions_of(dimension):
                if (
                    question.required
                    and question.key not in self.answers
                    and scoring.is_asked(question_spec(question), self.answers, self.org_kind)
                ):
                    missing.append((index, dimension, question))
        return missing


def _flow(assessment: Assessment) -> Flow:
    return Flow(assessment, load_structure(assessment.questionnaire), answers_of(assessment))


def _progress(flow: Flow, number: int) -> dict[str, int]:
    return {
        "number": number,
        "total": flow.total_steps,
        "percent": round(100 * number / flow.total_steps),
    }


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    questionnaire = Questionnaire.current()
    if request.method == "POST":
        if questionnaire is None:
            return bad_request(request, _("The questionnaire is not available right now."))
        assessment = Assessment.objects.create(
            questionnaire=questionnaire,
            language=translation.get_language() or "vi",
            created_by=request.user if request.user.is_authenticated else None,
        )
        _remember(request, assessment)
        return redirect("assessment:profile", assessment.token)
    recent = Assessment.objects.filter(
        token__in=request.session.get(SESSION_KEY, [])
    ).select_related("organisation")[:5]
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
    flow = _flow(assessment)
    return redirect(flow.step_url(flow.next_step()))


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if assessment.is_submitted:
        if request.method == "POST":
            return bad_request(
                request, _("This assessment has already been submitted."), assessment
            )
        return redirect("assessment:results", token)
    flow = _flow(assessment)
    organisation = assessment.organisation
    form = ProfileForm(
        request.POST or None,
        instance=organisation,
        initial={"consent_statistics": assessment.consent_statistics},
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
            "progress": _progress(flow, 1),
            "resume_url": request.build_absolute_uri(
                reverse("assessment:resume", args=[assessment.token])
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, token: str, number: int) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if assessment.is_submitted:
        if request.method == "POST":
            return bad_request(
                request, _("This assessment has already been submitted."), assessment
            )
        return redirect("assessment:results", token)
    flow = _flow(assessment)
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
            save_answers(assessment, questions, form.values())
            if valid:
                steps_done = max(assessment.steps_done, number - 1)
                Assessment.objects.filter(pk=assessment.pk).update(steps_done=steps_done)
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
            "progress": _progress(flow, number),
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
                hidden = not scoring.is_asked(question_spec(question), earlier, flow.org_kind)
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
            "resume_url": request.build_absolute_uri(
                reverse("assessment:resume", args=[assessment.token])
            ),
        },
    )


def check(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if assessment.is_submitted:
        return redirect("assessment:results", token)
    flow = _flow(assessment)
    if assessment.organisation_id is None:
        return redirect("assessment:profile", token)
    sections = []
    for number, dimension in enumerate(flow.dimensions, start=2):
        rows = []
        for question in flow.questions_of(dimension):
            if not scoring.is_asked(question_spec(question), flow.answers, flow.org_kind):
                continue
            value = flow.answers.get(question.key)
            if value is None:
                shown = ""
            elif value is scoring.NA:
                shown = _("Not applicable")
            else:
                labels = dict(choice_options(question))
                keys = [str(value)] if isinstance(value, int) else value
                shown = ", ".join(labels.get(k, k) for k in keys)
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
            "progress": _progress(flow, flow.total_steps),
            "back_url": flow.step_url(flow.total_steps - 1),
        },
    )


@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if assessment.is_submitted:
        return bad_request(request, _("This assessment has already been submitted."), assessment)
    flow = _flow(assessment)
    if assessment.organisation_id is None or flow.missing_required():
        return bad_request(
            request,
            _("Some required questions are still unanswered; go back to the check page."),
            assessment,
        )
    try:
        with transaction.atomic():
            submit_assessment(assessment, flow.structure)
            request_plan(assessment, (translation.get_language() or "vi")[:2])
    except AlreadySubmitted:
        return bad_request(request, _("This assessment has already been submitted."), assessment)
    return HttpResponseRedirect(reverse("assessment:results", args=[token]))


def results(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token)
    if not assessment.is_submitted:
        return redirect("assessment:resume", token)
    language = (translation.get_language() or "vi")[:2]
    context = build_results(assessment, language)
    context["radar_svg"] = radar_chart(
        [(d["name"], d["score"]) for d in context["dimensions"]],
        title=_("Scores by dimension"),
    )
    context["plan"] = latest_plan(assessment)
    context["claimed"] = assessment.is_claimed
    context["plan_actions"] = _plan_actions(context["plan"], language)
    context["resume_url"] = request.build_absolute_uri(
        reverse("assessment:resume", args=[assessment.token])
    )
    return render(request, "assessment/results.html", context)


def _plan_actions(plan, language: str) -> list[dict[str, object]]:
    """The plan's actions as the results page lists them, in the page's language."""
    if plan is None:
        return []

    def pick(texts: dict[str, str]) -> str:
        return in_language(texts, language)

    return [
        {
            "title": pick(action["title"]),
            "explanation": pick(action["explanation"]),
            "horizon": action["horizon"],
            "quick_win": action["quick_win"],
            "links": [
                {"title": pick(link["title"]), "url": link["url"]} for link in action["links"]
            ],
        }
        for action in plan.actions
    ]


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
