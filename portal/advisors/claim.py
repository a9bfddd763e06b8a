"""Claiming an assisted assessment with the code the advisor handed over.

A signed-in user types the code (or follows /claim/<code>/, which fills it in) and becomes a
manager of the organisation (its owner when it has none). Guesses are rate-limited
("claim-code" in settings.RATE_LIMITS); a wrong, expired, used or withdrawn code gets a
clear message and changes nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from assessment.claimcodes import ClaimCodeError, redeem
from cms.ratelimits import over_limit, too_many_requests


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Claim code"),
        max_length=40,
        help_text=gettext_lazy("12 letters and digits, as on the plan, e.g. K7QM-3XPA-ZR9D."),
        widget=forms.TextInput(
            attrs={
                "class": "claim-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


def refusal(reason: str) -> str:
    return {
        "malformed": _(
            "A claim code has 12 letters and digits (there is no 0, O, 1 or I in it). "
            "Check what you typed."
        ),
        "unknown": _("This claim code does not exist. Check it with the advisor."),
        "used": _("This claim code has already been used. Ask the advisor for a new one."),
        "expired": _("This claim code has expired. Ask the advisor for a new one."),
        "withdrawn": _("This claim code was withdrawn. Ask the advisor for a new one."),
        "no_profile": _("This assessment has no organisation yet, so it cannot be claimed."),
    }.get(reason, _("This claim code does not work."))


@login_required
@require_http_methods(["GET", "POST"])
def claim_form(request: HttpRequest, code: str = "") -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = ClaimForm(request.POST)
        if over_limit(request, "claim-code"):
            return too_many_requests(request)
        if form.is_valid():
            try:
                assessment = redeem(form.cleaned_data["code"], request.user)
            except ClaimCodeError as exc:
                form.add_error("code", refusal(exc.reason))
            else:
                messages.success(
                    request,
                    _("The assessment of %(name)s is now in your account.")
                    % {"name": assessment.organisation.name},
                )
                return redirect("dashboard:organisation", assessment.organisation_id)
        status = 400
    else:
        form = ClaimForm(initial={"code": code} if code else None)
    return TemplateResponse(request, "advisors/claim.html", {"form": form}, status=status)
