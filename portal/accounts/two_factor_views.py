"""The code page and the enrolment page of staff two-factor sign-in (see two_factor.py)."""

from __future__ import annotations

import base64

from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cms.ratelimits import rate_limited

from .two_factor import (
    can_reach_admin,
    confirmed_totp,
    grouped,
    has_confirmed_device,
    is_required,
    qr_svg,
)

BACKUP_CODES = 10


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Sign-in code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "class": "otp-code",
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class NewAppCodeForm(CodeForm):
    """At enrolment only the app's 6 digits are possible: the phone shows a number pad."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


def _next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _check(device, code: str) -> str | None:
    """None when ``device`` accepts ``code``; otherwise why not, for the person."""
    allowed, _data = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a minute, then enter the newest code.")
    if device.verify_token(code):
        return None
    return _(
        "That code is not right or has expired. Enter the 6-digit code your "
        "authenticator app shows now."
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("otp-verify")
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the authenticator app (or a backup code)."""
    user = request.user
    if not can_reach_admin(user):
        raise Http404
    if not has_confirmed_device(user):
        return redirect(reverse("account_otp_setup") + "?" + request.GET.urlencode())
    if user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        device = confirmed_totp(user)
        if len(code) != 6 or not code.isdigit():  # a backup code: 8 letters and digits
            device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
        problem = _check(device, code) if device else _("That code is not right.")
        if problem is None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", problem)
    return render(
        request,
        "account/otp_verify.html",
        {"form": form, "next": _next(request)},
        status=400 if form.errors else 200,
    )


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=_("Authenticator app"), confirmed=False
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("otp-verify")
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the code (or type the key), then confirm a code.

    Only for staff without a confirmed device: replacing a device takes a verified
    session (or a superuser's ``reset_two_factor`` command), never a password alone.
    """
    user = request.user
    if not can_reach_admin(user):
        raise Http404
    if has_confirmed_device(user):
        return redirect(reverse("account_otp_verify") + "?" + request.GET.urlencode())
    device = _pending_device(user)
    form = NewAppCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        problem = _check(device, form.cleaned_data["code"])
        if problem is None:
            codes = _confirm(device)
            otp_login(request, device)
            return render(
                request, "account/otp_backup_codes.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error("code", problem)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "account/otp_setup.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": grouped(secret),
            "next": _next(request),
            "required": is_required(user),
        },
        status=400 if form.errors else 200,
    )


@transaction.atomic
def _confirm(device: TOTPDevice) -> list[str]:
    """Confirm the app and make a fresh set of single-use backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    backup = StaticDevice.objects.create(user=device.user, name=_("Backup codes"))
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=backup, token=c) for c in codes])
    return codes
