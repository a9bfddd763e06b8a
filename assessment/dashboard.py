"""The manager's dashboard: history, progress, checklist, targets, help, managers and data."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .charts import line_chart
from .models import (
    ActionProgress,
    ActionStatus,
    Assessment,
    DimensionTarget,
    Membership,
    Organisation,
    SupportRequest,
    in_language,
)
from .organisations import (
    InvitationError,
    accept_invitation,
    can_see_assessment,
    claim,
    create_invitation,
    delete_organisation,
    export_organisation,
    managed_organisations,
    organisation_for,
    remove_manager,
    start_reassessment,
)
from .services import nfc


def _language() -> str:
    language = (translation.get_language() or "vi")[:2]
    return language if language in ("vi", "en") else "vi"


def _pick(texts: dict[str, str] | None) -> str:
    return in_language(texts, _language())


@login_required
def home(request: HttpRequest) -> HttpResponse:
    organisations = list(managed_organisations(request.user))
    if len(organisations) == 1:
        return redirect("dashboard:organisation", organisations[0].pk)
    drafts = Assessment.objects.filter(
        organisation__in=organisations, status=Assessment.Status.DRAFT
    ).select_related("organisation")
    return render(
        request,
        "assessment/dashboard/home.html",
        {"organisations": organisations, "drafts": drafts},
    )


def _history(organisation: Organisation) -> list[Assessment]:
    return list(
        organisation.assessments.filter(status=Assessment.Status.SUBMITTED).order_by("submitted_at")
    )


def _changes(latest: Assessment, previous: Assessment | None) -> list[dict[str, object]]:
    """Per dimension, the change from the previous assessment in plain words."""
    rows = []
    before = previous.dimension_scores if previous else {}
    for dimension in latest.snapshot.get("dimensions", []):
        key = dimension["key"]
        now = latest.dimension_scores.get(key)
        then = before.get(key) if previous else None
        if now is None:
            words = _("not scored this time")
        elif then is None:
            words = _("first score")
        elif round(now - then) > 0:
            words = _("up %(points)s points") % {"points": round(now - then)}
        elif round(now - then) < 0:
            words = _("down %(points)s points") % {"points": round(then - now)}
        else:
            words = _("unchanged")
        rows.append(
            {"key": key, "name": _pick(dimension["name"]), "now": now, "then": then, "words": words}
        )
    return rows


class TargetsForm(forms.Form):
    def __init__(self, *args, dimensions, levels, targets, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("No target"))] + [
            (str(lv["level"]), f"{lv['level']} · {_pick(lv['name'])}") for lv in levels
        ]
        for dimension in dimensions:
            self.fields[dimension["key"]] = forms.ChoiceField(
                label=_pick(dimension["name"]),
                choices=choices,
                required=False,
                initial=str(targets[dimension["key"]]) if dimension["key"] in targets else "",
            )


@login_required
def organisation(request: HttpRequest, organisation_id: int) -> HttpResponse:
    from recommendations.models import ActionPlan

    org = organisation_for(request.user, organisation_id)
    history = _history(org)
    latest = history[-1] if history else None
    previous = history[-2] if len(history) > 1 else None
    drafts = org.assessments.filter(status=Assessment.Status.DRAFT).order_by("-created_at")
    plan = (
        ActionPlan.objects.filter(assessment=latest).order_by("-created_at").first()
        if latest
        else None
    )
    progress = {p.rule_key: p for p in ActionProgress.objects.filter(organisation=org)}
    checklist = []
    for action in plan.actions if plan else []:
        item = progress.get(action["rule"])
        checklist.append(
            {
                "rule": action["rule"],
                "title": _pick(action["title"]),
                "horizon": action["horizon"],
                "status": item.status if item else ActionStatus.NOT_STARTED,
                "done_on": item.done_on if item else None,
            }
        )
    done = sum(1 for item in checklist if item["status"] == ActionStatus.DONE)
    targets = {
        t.dimension_key: t.target_level for t in DimensionTarget.objects.filter(organisation=org)
    }
    dimensions = latest.snapshot.get("dimensions", []) if latest else []
    levels = latest.snapshot.get("levels", []) if latest else []
    min_score = {lv["level"]: lv["min_score"] for lv in levels}
    gaps = []
    for dimension in dimensions:
        target = targets.get(dimension["key"])
        score = latest.dimension_scores.get(dimension["key"])
        if target is not None and score is not None:
            gaps.append(
                {
                    "name": _pick(dimension["name"]),
                    "target": target,
                    "gap": max(0, round(min_score.get(target, 0) - score)),
                }
            )
    chart = line_chart(
        [(a.submitted_at.date().isoformat(), float(a.overall_score or 0)) for a in history],
        title=_("Overall score over time"),
    )
    return render(
        request,
        "assessment/dashboard/organisation.html",
        {
            "organisation": org,
            "history": history,
            "history_table": [
                {
                    "name": _pick(d["name"]),
                    "scores": [a.dimension_scores.get(d["key"]) for a in history],
                }
                for d in dimensions
            ],
            "latest": latest,
            "previous": previous,
            "changes": _changes(latest, previous) if latest else [],
            "drafts": drafts,
            "plan": plan,
            "checklist": checklist,
            "progress_percent": round(100 * done / len(checklist)) if checklist else 0,
            "done_count": done,
            "statuses": ActionStatus.choices,
            "targets_form": TargetsForm(dimensions=dimensions, levels=levels, targets=targets),
            "gaps": gaps,
            "support_requests": org.support_requests.all()[:10],
            "memberships": org.memberships.select_related("user").order_by("created_at"),
            "chart": chart,
        },
    )


@login_required
@require_POST
def update_checklist(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    valid = set(ActionStatus.values)
    today = timezone.localdate()
    with transaction.atomic():
        for name, value in request.POST.items():
            if not name.startswith("action-"):
                continue
            if value not in valid:
                return render(
                    request,
                    "assessment/bad_request.html",
                    {"message": _("That is not a status an action can have.")},
                    status=400,
                )
            rule_key = name.removeprefix("action-")[:80]
            item, _created = ActionProgress.objects.get_or_create(
                organisation=org, rule_key=rule_key
            )
            if item.status != value:
                item.status = value
                item.done_on = today if value == ActionStatus.DONE else None
                item.save()
    messages.success(request, _("Your progress is saved."))
    return redirect(reverse("dashboard:organisation", args=[org.pk]) + "#checklist")


@login_required
@require_POST
def update_targets(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    latest = (
        org.assessments.filter(status=Assessment.Status.SUBMITTED).order_by("-submitted_at").first()
    )
    if latest is None:
        raise Http404
    form = TargetsForm(
        request.POST,
        dimensions=latest.snapshot.get("dimensions", []),
        levels=latest.snapshot.get("levels", []),
        targets={},
    )
    if not form.is_valid():
        return render(
            request,
            "assessment/bad_request.html",
            {"message": _("A target must be one of the levels 0 to 5.")},
            status=400,
        )
    with transaction.atomic():
        for key, value in form.cleaned_data.items():
            if value == "":
                DimensionTarget.objects.filter(organisation=org, dimension_key=key).delete()
            else:
                DimensionTarget.objects.update_or_create(
                    organisation=org, dimension_key=key, defaults={"target_level": int(value)}
                )
    messages.success(request, _("Your targets are saved."))
    return redirect(reverse("dashboard:organisation", args=[org.pk]) + "#targets")


@login_required
@require_POST
def reassess(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    assessment = start_reassessment(org, request.user)
    return redirect("assessment:resume", assessment.token)


# --- Claiming an anonymous assessment ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def claim_assessment(request: HttpRequest, token: str) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("organisation"), token=token)
    if assessment.organisation_id is None or not can_see_assessment(request.user, assessment):
        raise Http404
    mine = list(managed_organisations(request.user).exclude(pk=assessment.organisation_id))
    if request.method == "POST":
        choice = request.POST.get("organisation", "own")
        into = None
        if choice != "own":
            into = next((o for o in mine if str(o.pk) == choice), None)
            if into is None:
                return render(
                    request,
                    "assessment/bad_request.html",
                    {"message": _("Choose one of your organisations."), "assessment": assessment},
                    status=400,
                )
        try:
            org = claim(assessment, request.user, into)
        except PermissionError as exc:
            raise Http404 from exc
        messages.success(request, _("The assessment is now saved in your account."))
        return redirect("dashboard:organisation", org.pk)
    return render(
        request,
        "assessment/dashboard/claim.html",
        {"assessment": assessment, "organisations": mine},
    )


# --- Managers ----------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the person to invite"))


@login_required
@require_POST
def invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address to invite."))
        return redirect(reverse("dashboard:organisation", args=[org.pk]) + "#managers")
    invitation, token = create_invitation(org, form.cleaned_data["email"], request.user)
    link = request.build_absolute_uri(reverse("dashboard:accept_invitation", args=[token]))
    send_mail(
        subject=_("You are invited to manage %(name)s") % {"name": org.name},
        message=render_to_string(
            "assessment/dashboard/invitation_email.txt",
            {"organisation": org, "link": link, "inviter": request.user, "invitation": invitation},
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
    return redirect(reverse("dashboard:organisation", args=[org.pk]) + "#managers")


@login_required
def accept(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            org = accept_invitation(token, request.user)
        except InvitationError as error:
            return render(
                request,
                "assessment/dashboard/invitation_failed.html",
                {"code": error.code},
                status=400,
            )
        messages.success(request, _("You now manage %(name)s.") % {"name": org.name})
        return redirect("dashboard:organisation", org.pk)
    return render(request, "assessment/dashboard/invitation_accept.html", {"token": token})


@login_required
@require_POST
def remove(request: HttpRequest, organisation_id: int, membership_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    get_object_or_404(Membership, pk=membership_id, organisation=org)
    try:
        remove_manager(org, membership_id)
    except PermissionError:
        messages.error(
            request, _("An organisation needs at least one manager; invite someone first.")
        )
        return redirect(reverse("dashboard:organisation", args=[org.pk]) + "#managers")
    messages.success(request, _("The manager was removed."))
    if not Membership.objects.filter(organisation=org, user=request.user).exists():
        return redirect("dashboard:home")
    return redirect(reverse("dashboard:organisation", args=[org.pk]) + "#managers")


# --- Support requests ----------------------------------------------------------------------------


class SupportRequestForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=gettext_lazy("What do you need help with?"),
        choices=SupportRequest.Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one need.")},
    )

    class Meta:
        model = SupportRequest
        fields = ["needs", "other_need", "channel", "contact_name", "phone", "email"]
        widgets = {"channel": forms.RadioSelect, "other_need": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "other_need": gettext_lazy("Tell us more (needed if you chose “Other”)"),
            "channel": gettext_lazy("How should the support center contact you?"),
            "contact_name": gettext_lazy("Contact person"),
            "phone": gettext_lazy("Phone or Zalo number"),
            "email": gettext_lazy("E-mail"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in self.fields["channel"].choices if c[0]]
        self.fields["channel"].error_messages["required"] = _("Choose how we should contact you.")
        self.fields["contact_name"].error_messages["required"] = _(
            "Enter the name of the person to contact."
        )

    def clean(self):
        data = super().clean()
        for field in ("other_need", "contact_name", "phone"):
            if data.get(field):
                data[field] = nfc(data[field]).strip()
        if "other" in (data.get("needs") or []) and not data.get("other_need"):
            self.add_error("other_need", _("Describe what you need help with."))
        channel = data.get("channel")
        if channel in ("phone", "zalo", "visit") and not data.get("phone"):
            self.add_error("phone", _("Enter a phone number so we can reach you."))
        if channel == "email" and not data.get("email"):
            self.add_error("email", _("Enter an e-mail address so we can reach you."))
        return data


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
        support.save()
        return render(request, "assessment/dashboard/support_sent.html", {"back_url": back_url})
    return render(
        request,
        "assessment/dashboard/support_form.html",
        {"form": form, "organisation": org, "back_url": back_url},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_request(request: HttpRequest, organisation_id: int) -> HttpResponse:
    org = organisation_for(request.user, organisation_id)
    latest = (
        org.assessments.filter(status=Assessment.Status.SUBMITTED).order_by("-submitted_at").first()
    )
    return _support_form_page(
        request, org, latest, reverse("dashboard:organisation", args=[org.pk])
    )


@require_http_methods(["GET", "POST"])
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
    if request.method == "POST":
        if nfc(request.POST.get("confirm_name", "")).strip() != org.name:
            return render(
                request,
                "assessment/dashboard/delete.html",
                {
                    "organisation": org,
                    "error": _("Type the organisation's name exactly as shown to confirm."),
                },
                status=400,
            )
        delete_organisation(org)
        messages.success(request, _("The organisation and all its data were deleted."))
        return redirect("dashboard:home")
    return render(request, "assessment/dashboard/delete.html", {"organisation": org})
