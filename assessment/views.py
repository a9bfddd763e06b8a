"""The public self-assessment flow: start → profile → one step per dimension → check → results.

Every page works without JavaScript. Answers are saved at every step; the resume link
(an unguessable token in the URL) is the key to an anonymous assessment.
"""

from __future__ import annotations

import functools
import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cms.i18n import active_language
from cms.ratelimits import over_limit, rate_limited, too_many_requests
from cms.siteurl import absolute_url
from cms.vocabulary import COOPERATIVE_KINDS

from .access import can_see_assessment
from .answers import save_answers
from .charts import radar_chart
from .flow import Flow
from .forms import (
    NA_KEY,
    DimensionForm,
    ProfileForm,
    SendLinkForm,
    TamperedPost,
    check_not_tampered,
    choice_options_html,
    to_initial,
)
from .models import Assessment, Question, Questionnaire
from .panels import results_panels
from .prepared import PreparedGet
from .results import build_results
from .scoring import InvalidAnswer
from .structure import answer_labels, choice_options, load_structure
from .submission import AlreadySubmitted, submit_assessment

logger = logging.getLogger(__name__)

SESSION_KEY = "assessment_tokens"
# The assessments this browser started: claiming one needs its resume link *and* this
# browser, so a resume link that got out (forwarded, shoulder-surfed) cannot be claimed.
CREATED_SESSION_KEY = "assessment_created_tokens"


def created_here(request: HttpRequest, assessment: Assessment) -> bool:
    """True when this browser started ``assessment`` (see CREATED_SESSION_KEY)."""
    return assessment.token in request.session.get(CREATED_SESSION_KEY, [])


def remember_created_here(request: HttpRequest, assessment: Assessment) -> None:
    """Count this browser as one that started ``assessment`` (see CREATED_SESSION_KEY)."""
    created = request.session.get(CREATED_SESSION_KEY, [])
    if assessment.token not in created:
        request.session[CREATED_SESSION_KEY] = [assessment.token, *created][:20]


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


# For the pages that name the organisation's sector and ward (check, and submit's snapshot).
SECTOR_AND_WARD = ("organisation__sector", "organisation__administrative_unit")


@functools.cache
def _lookup(related: tuple[str, ...], lock: bool) -> PreparedGet[Assessment]:
    """The flow's query, compiled once per process for each shape (see ``prepared``)."""
    assessments = Assessment.objects.with_claimed().select_related(
        "questionnaire", "organisation", *related
    )
    if lock:
        assessments = assessments.select_for_update(of=("self",))
    return PreparedGet(assessments, "token")


def _get_assessment(
    request: HttpRequest, token: str, *related: str, lock: bool = False
) -> Assessment:
    """The assessment behind a resume link with its questionnaire and organisation (and
    ``related``); 404 when there is none or it belongs to someone else's account. Every
    page of the flow reads it, so it reads no more than they all need. ``lock``: its row
    is locked until the caller's transaction ends."""
    assessment = _lookup(related, lock).get(token)
    if assessment is None or not can_see_assessment(request.user, assessment):
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
    if assessment.mode != Assessment.Mode.SELF and assessment.assisted_by_id:
        _limit_to_advisor_units(form, assessment)
    kind = form.data.get("kind") if form.is_bound else (organisation.kind if organisation else "")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            assessment.organisation = organisation
            assessment.consent_statistics = form.cleaned_data["consent_statistics"]
            assessment.save(update_fields=["organisation", "consent_statistics", "updated_at"])
        _remember(request, assessment)
        # The flow's steps follow the organisation's kind, which it reads afresh.
        return redirect(flow.step_url(2))
    return render(
        request,
        "assessment/profile.html",
        {
            "assessment": assessment,
            "form": form,
            "progress": flow.progress(1),
            "resume_url": absolute_url(reverse("assessment:resume", args=[assessment.token])),
            # The member count is asked of co-ops only: JavaScript shows it when a co-op
            # kind is ticked; without it the field is hidden only once the kind is known
            # not to be a co-op (and the server ignores it for other kinds).
            "coop_kinds": " ".join(sorted(COOPERATIVE_KINDS)),
            "show_member_count": not kind or kind in COOPERATIVE_KINDS,
        },
        status=400 if request.method == "POST" else 200,
    )


def _limit_to_advisor_units(form: ProfileForm, assessment: Assessment) -> None:
    """An advisor assesses only in the wards and communes they cover."""
    field = form.fields["administrative_unit"]
    field.queryset = field.queryset.filter(
        advisors__user_id=assessment.assisted_by_id, advisors__active=True
    ).distinct()
    field.help_text = _("Only the wards and communes the advisor covers.")
    field.error_messages["invalid_choice"] = _(
        "Choose one of the wards or communes the advisor covers."
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
            request.POST,
            questions=questions,
            earlier_answers=earlier,
            org_kind=flow.org_kind,
            shown=request.POST.getlist("shown"),
        )
        complete = form.complete
        with transaction.atomic():
            # Keep every valid answer, even when another one on the page needs fixing; an
            # answer that contradicts itself leaves the stored one as it was.
            save_answers(
                assessment,
                [q for q in questions if q.key not in form.conflicts],
                form.values(),
                current=flow.answers,
            )
            if complete and assessment.steps_done < number - 1:
                # Never lowers it, even when another tab got further in the meantime.
                Assessment.objects.filter(pk=assessment.pk, steps_done__lt=number - 1).update(
                    steps_done=number - 1
                )
        if request.POST.get("action") == "save-and-exit":
            # Finishing later never validates completeness: what is valid is saved.
            if form.conflicts:
                messages.warning(
                    request,
                    _("Not saved, because the answer contradicts itself: %(questions)s")
                    % {
                        "questions": "; ".join(q.text for q in questions if q.key in form.conflicts)
                    },
                )
            return redirect("assessment:saved", token)
        if complete:
            if request.GET.get("return") == "check":
                return redirect("assessment:check", token)
            return redirect(flow.step_url(number + 1))
        if form.is_valid():
            # Only follow-ups the page hid are missing: show the step again with them.
            messages.info(
                request,
                _("Your answer opened a follow-up question on this page: answer it to continue."),
            )
            return redirect(request.get_full_path())
        status = 400
        answers_on_page = {**earlier, **{k: v for k, v in form.values().items() if v is not None}}
    else:
        initial = {f"q-{q.key}": to_initial(q, flow.answers.get(q.key)) for q in questions}
        form = DimensionForm(
            initial=initial, questions=questions, earlier_answers=earlier, org_kind=flow.org_kind
        )
        status = 200
        answers_on_page = flow.answers

    return render(
        request,
        "assessment/step.html",
        {
            "assessment": assessment,
            "dimension": dimension,
            "form": form,
            "fields": _question_fields(form, questions, flow, earlier, answers_on_page),
            "progress": flow.progress(number),
            "back_url": flow.step_url(number - 1),
            "returning_to_check": request.GET.get("return") == "check",
        },
        status=status,
    )


def _question_fields(
    form: DimensionForm, questions: list[Question], flow: Flow, earlier, answers_on_page
):
    """Bound fields with what the template needs: follow-ups to a question on the same
    page are in the page, hidden unless the answers shown meet their condition (JavaScript
    reveals them in place); follow-ups to an earlier step are left out when not asked."""
    by_key = {q.key: q for q in questions}
    select_all = _("Select all that apply.")
    rows = []
    for question in questions:
        bound = form[f"q-{question.key}"]
        parent_key = question.condition_question_key
        same_page = parent_key in by_key
        if parent_key and not same_page and not flow.is_asked(question, earlier):
            continue
        multi = question.type == "multi"
        exclusive_keys = [c.key for c in question.choices.all() if c.exclusive] if multi else []
        if multi and question.allow_na:
            exclusive_keys.append(NA_KEY)
        options_html, exclusive_html = choice_options_html(bound, exclusive_keys)
        rows.append(
            {
                "field": bound,
                "options_html": options_html,
                "exclusive_html": exclusive_html,
                "question": question,
                "multi": multi,
                "select_all_hint": multi and str(select_all) not in question.help,
                "exclusive_keys": exclusive_keys,
                "follow_up": same_page,
                "revealed": not same_page or flow.is_asked(question, answers_on_page),
                "parent_field": f"q-{parent_key}" if same_page else "",
                "parent_values": " ".join(question.condition_choice_keys),
            }
        )
    return rows


@require_http_methods(["GET", "POST"])
@rate_limited("resume-email")
def saved(request: HttpRequest, token: str) -> HttpResponse:
    """The answers are saved: the resume link to copy, or to send to an e-mail address."""
    assessment = _get_assessment(request, token)
    resume_url = absolute_url(reverse("assessment:resume", args=[assessment.token]))
    if request.method == "POST":
        form = SendLinkForm(request.POST)
        if form.is_valid():
            address = form.cleaned_data["email"]
            try:
                send_mail(
                    subject=_("Your link to the digital readiness self-assessment"),
                    message=render_to_string(
                        "assessment/resume_link_email.txt",
                        {"resume_url": resume_url},
                        request=request,
                    ),
                    from_email=None,
                    recipient_list=[address],
                )
            except (OSError, smtplib.SMTPException):
                logger.exception("The resume link could not be e-mailed")
                messages.error(
                    request,
                    _("The e-mail could not be sent just now. Copy the link, or try again later."),
                )
            else:
                messages.success(request, _("We sent the link to %(email)s.") % {"email": address})
            return redirect("assessment:saved", token)
    else:
        initial = {"email": request.user.email} if request.user.is_authenticated else {}
        form = SendLinkForm(initial=initial)
    flow = Flow.of(assessment)
    missing = flow.missing_required() if assessment.organisation_id else []
    return render(
        request,
        "assessment/saved.html",
        {
            "assessment": assessment,
            "resume_url": resume_url,
            "email_form": form,
            "missing_count": len(missing),
        },
        status=400 if request.method == "POST" else 200,
    )


def check(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token, *SECTOR_AND_WARD)
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
            # Answers saved before a fix that cannot be submitted as they are.
            "invalid": [
                {"url": flow.step_url(n) + "?return=check", "question": q, "problem": problem}
                for n, q, problem in flow.invalid_answers()
            ],
            "progress": flow.progress(flow.total_steps),
            "back_url": flow.step_url(flow.total_steps - 1),
        },
    )


@require_POST
@rate_limited("assessment-submit")
def submit(request: HttpRequest, token: str) -> HttpResponse:
    # One transaction from the first read to the last write: the row is locked before the
    # answers are checked, and the submit scores the very answers that were checked.
    with transaction.atomic():
        return _submit(request, token)


def _submit(request: HttpRequest, token: str) -> HttpResponse:
    assessment = _get_assessment(request, token, *SECTOR_AND_WARD, lock=True)
    if assessment.is_submitted:
        return _already_submitted(request, token)
    flow = Flow.of(assessment)
    if assessment.organisation_id is None or flow.missing_required():
        return bad_request(
            request,
            _("Some required questions are still unanswered; go back to the check page."),
            assessment,
        )
    invalid = flow.invalid_answers()
    if invalid:
        # Saved before a fix or by an older page: the respondent answers it again.
        number, question, problem = invalid[0]
        messages.error(
            request,
            _("Check your answer to “%(question)s”: %(problem)s")
            % {"question": question.text, "problem": problem},
        )
        return redirect(flow.step_url(number) + "?return=check")
    try:
        submit_assessment(
            assessment, flow.structure, language=active_language(), locked_answers=flow.answers
        )
    except AlreadySubmitted:
        return _already_submitted(request, token)
    except InvalidAnswer:
        # Caught above; kept so that a stored answer never ends in a server error.
        messages.error(request, _("One of your answers needs checking before you submit."))
        return redirect("assessment:check", token)
    return HttpResponseRedirect(reverse("assessment:results", args=[token]))


def _already_submitted(request: HttpRequest, token: str) -> HttpResponse:
    """A second submit (a double click, two tabs at once) changes nothing and lands on the
    results, as the first one did."""
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
            # Whole minutes, rounded up: the page never promises less than the rule needs.
            "plausible_minutes": -(-settings.PLAUSIBLE_MIN_SECONDS // 60),
        },
    )
