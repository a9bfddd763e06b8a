"""The manager's workspace: history, progress, checklist, targets, help, managers and data.

It sits above assessment and recommendations (it shows both), so it lives in the project
package; neither app knows it exists.
"""

from __future__ import annotations

import json
import logging
import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessment.access import can_see_assessment, managed_organisations, organisation_for
from assessment.charts import line_chart
from assessment.models import ActionStatus, Assessment, Membership, Organisation
from assessment.snapshot import Snapshot
from assessment.views import bad_request, created_here, remember_created_here
from cms.i18n import active_language
from cms.ratelimits import over_limit, rate_limited, too_many_requests
from cms.siteurl import absolute_url
from cms.text import nfc, single_line

from .forms import ChecklistForm, InviteForm, SupportRequestForm, TargetsForm
from .services import (
    InvitationError,
    NothingPublished,
    NotOwner,
    OwnerMustHandOver,
    accept_invitation,
    claim,
    create_invitation,
    delete_organisation,
    export_organisation,
    is_owner,
    owner_of,
    remove_manager,
    save_targets,
    start_reassessment,
    transfer_ownership,
    workspace_summary,
)
from .services import (
    update_checklist as save_checklist,
)

logger = logging.getLogger(__name__)


def _back_to(org: Organisation, anchor: str) -> HttpResponse:
    return redirect(reverse("dashboard:organisation", args=[org.pk]) + f"#{anchor}")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(managed_organisations(request.user))
    if len(organisations) == 1:
        return redirect("dashboard:organisation", organisations[0].pk)
    drafts = Assessment.objects.drafts().filter(organisation__in=organisations)
    return render(
        request,
        "workspace/home.html",
        {"organisations": organisations, "drafts": drafts.select_related("organisation")},
    )


@login_required
def organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    summary = workspace_summary(org)
    chart = line_chart(
        [
            (
                date_format(localtime(a.submitted_at), "SHORT_DATE_FORMAT"),
                float(a.overall_score or 0),
            )
            for a in summary.history
        ],
        title=_("Overall score over time"),
    )
    return render(
        request,
        "workspace/organisation.html",
        {
            "organisation": org,
            "history": summary.history,
            "history_table": summary.history_table,
            "latest": summary.latest,
            "previous": summary.previous,
            "changes": summary.changes,
            "drafts": org.assessments.drafts().order_by("-created_at"),
            "plan": summary.plan,
            "checklist": summary.checklist,
            "assessed_on": summary.assessed_on,
            "progress_percent": summary.progress_percent,
            "done_count": summary.done_count,
            "statuses": ActionStatus.choices,
            "targets_form": TargetsForm(
                dimensions=summary.snapshot.dimensions,
                levels=summary.snapshot.levels,
                targets=summary.targets,
            ),
            "gaps": summary.gaps,
            "support_requests": org.support_requests.all()[:10],
            "memberships": org.memberships.select_related("user").order_by(
                "-is_owner", "created_at"
            ),
            "is_owner": is_owner(request.user, org),
            "chart": chart,
        },
    )


@login_required
@require_POST
def update_checklist(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    summary = workspace_summary(org)
    sent = {name for name in request.POST if name.startswith("action-")}
    allowed = {f"action-{item['rule']}" for item in summary.checklist}
    form = ChecklistForm(
        request.POST,
        rule_keys=[item["rule"] for item in summary.checklist],
        assessed_on=summary.assessed_on,
    )
    if not sent <= allowed:
        return bad_request(request, _("That is not a status an action of your plan can have."))
    if not form.is_valid():
        # Nothing is saved: the first problem, in the user's language, names the action.
        titles = {item["rule"]: item["title"] for item in summary.checklist}
        name, errors = next(iter(form.errors.items()))
        title = titles.get(name.split("-", 1)[-1], "")
        return bad_request(request, f"{title}: {errors[0]}" if title else errors[0])
    save_checklist(org, form.statuses(), form.assignments())
    messages.success(request, _("Your progress is saved."))
    return _back_to(org, "checklist")


@login_required
@require_POST
def update_targets(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    latest = org.assessments.latest_submitted()
    if latest is None:
        raise Http404
    snapshot = Snapshot.of(latest)  # the latest assessment's dimensions and levels, nothing more
    form = TargetsForm(
        request.POST, dimensions=snapshot.dimensions, levels=snapshot.levels, targets={}
    )
    if not form.is_valid():
        return bad_request(request, _("A target must be one of the levels 0 to 5."))
    save_targets(org, form.cleaned_data)
    messages.success(request, _("Your targets are saved."))
    return _back_to(org, "targets")


@login_required
@require_POST
def reassess(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    try:
        assessment = start_reassessment(org, request.user)
    except NothingPublished:
        return bad_request(
            request, _("The questionnaire is not available right now. Please try again later.")
        )
    return redirect("assessment:resume", assessment.token)


# --- Claiming an anonymous assessment ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def claim_assessment(request: HttpRequest, token: str) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("organisation"), token=token)
    if assessment.organisation_id is None or not can_see_assessment(request.user, assessment):
        raise Http404
    if assessment.mode != Assessment.Mode.SELF and assessment.assisted_by_id == request.user.pk:
        # The advisor made it with the organisation: the organisation claims it, with the code.
        return bad_request(
            request,
            _("You assisted this assessment: hand the claim code to the organisation instead."),
            assessment,
        )
    if not assessment.is_claimed and not created_here(request, assessment):
        return _claim_elsewhere(request, assessment)
    mine = list(managed_organisations(request.user).exclude(pk=assessment.organisation_id))
    if request.method == "POST":
        choice = request.POST.get("organisation", "own")
        into = None
        if choice != "own":
            into = next((o for o in mine if str(o.pk) == choice), None)
            if into is None:
                return bad_request(request, _("Choose one of your organisations."), assessment)
        try:
            org = claim(assessment, request.user, into)
        except PermissionError as exc:
            raise Http404 from exc
        messages.success(request, _("The assessment is now saved in your account."))
        return redirect("dashboard:organisation", org.pk)
    return render(
        request,
        "workspace/claim.html",
        {"assessment": assessment, "organisations": mine},
    )


#: A confirmation link sent to the claimer works this long.
CLAIM_CONFIRMATION_SECONDS = 24 * 3600
CLAIM_SALT = "workspace.claim-confirmation"


def _address_of(user) -> str:
    """The account's e-mail address (accounts sign up with it as their user name)."""
    return user.email or user.get_username()


def _claim_elsewhere(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    """Claiming from a browser that did not fill the assessment in: the claimer confirms
    through a link sent to their own e-mail address (400 until then; nothing changes)."""
    sent = False
    if request.method == "POST" and "send_confirmation" in request.POST:
        if over_limit(request, "claim-confirm"):
            return too_many_requests(request)
        signed = signing.dumps({"a": assessment.pk, "u": request.user.pk}, salt=CLAIM_SALT)
        link = absolute_url(reverse("dashboard:claim_confirm", args=[signed]))
        try:
            send_mail(
                subject=_("Confirm saving an assessment to your account"),
                message=render_to_string(
                    "workspace/claim_confirmation_email.txt",
                    {"assessment": assessment, "link": link, "hours": 24},
                ),
                from_email=None,
                recipient_list=[_address_of(request.user)],
            )
        except (OSError, smtplib.SMTPException):
            logger.warning("claim confirmation for assessment %s not sent", assessment.pk)
            messages.error(request, _("The e-mail could not be sent. Please try again later."))
        else:
            sent = True
    return render(
        request,
        "workspace/claim_elsewhere.html",
        {"assessment": assessment, "email": _address_of(request.user), "sent": sent},
        status=200 if sent else 400,
    )


@login_required
@require_http_methods(["GET"])
def claim_confirm(request: HttpRequest, signed: str) -> HttpResponse:
    """The claimer's confirmation link: this browser may now claim the assessment."""
    try:
        data = signing.loads(signed, salt=CLAIM_SALT, max_age=CLAIM_CONFIRMATION_SECONDS)
    except signing.BadSignature:
        return bad_request(
            request,
            _("This confirmation link is not valid or has expired. Ask for a new one."),
        )
    if data.get("u") != request.user.pk:
        raise Http404
    assessment = get_object_or_404(Assessment, pk=data.get("a"))
    if assessment.is_claimed:
        raise Http404
    remember_created_here(request, assessment)
    messages.success(request, _("Confirmed: you can now save the assessment to your account."))
    return redirect("dashboard:claim", assessment.token)


# --- Managers ----------------------------------------------------------------------------------


@login_required
@require_POST
@rate_limited("invitation")
def invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address to invite."))
        return _back_to(org, "managers")
    # One unit: an invitation whose e-mail could not be sent is not kept.
    with transaction.atomic():
        invitation, token = create_invitation(org, form.cleaned_data["email"], request.user)
        link = absolute_url(reverse("dashboard:accept_invitation", args=[token]))
        send_mail(
            # A name saved before names were validated may hold CR/LF: never in a header.
            subject=_("You are invited to manage %(name)s") % {"name": single_line(org.name)},
            message=render_to_string(
                "workspace/invitation_email.txt",
                {
                    "organisation": org,
                    "link": link,
                    "inviter": request.user,
                    "invitation": invitation,
                },
                request=request,
            ),
            from_email=None,
            recipient_list=[invitation.email],
        )
    messages.success(
        request,
        _("We sent an invitation to %(email)s. The link works once, for 7 days.")
        % {"email": invitation.email},
    )
    return _back_to(org, "managers")


@login_required
def accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            org = accept_invitation(token, request.user)
        except InvitationError as error:
            return render(
                request,
                "workspace/invitation_failed.html",
                {"code": error.code},
                status=400,
            )
        messages.success(request, _("You now manage %(name)s.") % {"name": org.name})
        return redirect("dashboard:organisation", org.pk)
    return render(request, "workspace/invitation_accept.html", {"token": token})


def _owner_only(request: HttpRequest, org: Organisation) -> HttpResponse:
    """The 403 page a manager (or staff) who is not the owner gets."""
    owner = owner_of(org)
    return render(
        request,
        "workspace/owner_only.html",
        {"organisation": org, "owner": owner.user if owner else None},
        status=403,
    )


@login_required
@require_POST
def remove(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    get_object_or_404(Membership, pk=membership_id, organisation=org)
    try:
        remove_manager(org, membership_id, by=request.user)
    except NotOwner:
        return _owner_only(request, org)
    except OwnerMustHandOver:
        messages.error(
            request,
            _("You are the owner: make another manager the owner first, then you can be removed."),
        )
        return _back_to(org, "managers")
    messages.success(request, _("The manager was removed."))
    return _back_to(org, "managers")


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    """The owner hands the role to another manager, after confirming; they stay a manager."""
    org = organisation_for(request.user, organisation_id)
    target = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, organisation=org
    )
    if not is_owner(request.user, org):
        return _owner_only(request, org)
    if target.is_owner:
        messages.error(request, _("That manager is already the owner."))
        return _back_to(org, "managers")
    context = {"organisation": org, "target": target}
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            context["error"] = _("Tick the box to confirm that you hand over the owner role.")
            return render(request, "workspace/transfer.html", context, status=400)
        try:
            transfer_ownership(org, membership_id, by=request.user)
        except NotOwner:  # someone else transferred it in the meantime
            return _owner_only(request, org)
        messages.success(
            request,
            _("%(person)s is now the owner. You are still a manager.")
            % {"person": target.user.email or target.user.username},
        )
        return _back_to(org, "managers")
    return render(request, "workspace/transfer.html", context)


# --- Support requests ----------------------------------------------------------------------------


def _support_form_page(request, org: Organisation, assessment: Assessment | None, back_url: str):
    form = SupportRequestForm(
        request.POST or None,
        initial={
            "email": getattr(request.user, "email", ""),
            "contact_name": request.user.get_full_name() if request.user.is_authenticated else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        support = form.save(commit=False)
        support.organisation = org
        support.assessment = assessment
        # The center's e-mails about the request speak the language it was made in.
        support.language = active_language()
        support.save()
        return render(request, "workspace/support_sent.html", {"back_url": back_url})
    return render(
        request,
        "workspace/support_form.html",
        {"form": form, "organisation": org, "back_url": back_url},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("support-request")
def support_request(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    latest = org.assessments.latest_submitted()
    return _support_form_page(
        request, org, latest, reverse("dashboard:organisation", args=[org.pk])
    )


@require_http_methods(["GET", "POST"])
@rate_limited("support-request")
def support_request_from_results(request: HttpRequest, token: str) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("organisation"), token=token)
    if assessment.organisation_id is None or not can_see_assessment(request.user, assessment):
        raise Http404
    return _support_form_page(
        request, assessment.organisation, assessment, reverse("assessment:results", args=[token])
    )


# --- Data: export and deletion -------------------------------------------------------------------


@login_required
def export(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    response = HttpResponse(
        json.dumps(export_organisation(org), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="organisation-{org.pk}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    if not is_owner(request.user, org):
        return _owner_only(request, org)
    if request.method == "POST":
        if nfc(request.POST.get("confirm_name", "")).strip() != org.name:
            return render(
                request,
                "workspace/delete.html",
                {
                    "organisation": org,
                    "error": _("Type the organisation's name exactly as shown to confirm."),
                },
                status=400,
            )
        try:
            delete_organisation(org, by=request.user)
        except NotOwner:  # the role was handed on in the meantime
            return _owner_only(request, org)
        messages.success(request, _("The organisation and all its data were deleted."))
        return redirect("dashboard:home")
    return render(request, "workspace/delete.html", {"organisation": org})
