"""Sign-up and the e-mail verification link; every other account page is Django's own."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core import signing
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.siteurl import absolute_url

from .forms import SignupForm

VERIFY_SALT = "portal.accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("dashboard:home")


def send_verification(request: HttpRequest, user, next_url: str) -> None:
    token = signing.dumps({"user": user.pk, "next": next_url}, salt=VERIFY_SALT)
    link = absolute_url(reverse("account_verify", args=[token]))
    context = {"user": user, "link": link, "days": VERIFY_MAX_AGE // 86400}
    send_mail(
        subject=_("Confirm your e-mail address"),
        message=render_to_string("account/email/verify.txt", context, request=request),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        send_verification(request, user, next_url)
        return render(request, "account/verification_sent.html", {"email": user.email})
    return render(
        request,
        "account/signup.html",
        {"form": form, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )


def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
        user = get_user_model().objects.get(pk=data["user"])
    except (signing.BadSignature, get_user_model().DoesNotExist, KeyError, TypeError):
        return render(request, "account/verify_failed.html", status=400)
    if user.is_active and user.last_login is not None:
        messages.info(request, _("Your e-mail address was already confirmed. Please log in."))
        return redirect(reverse("account_login") + "?next=" + _safe_next(request, data.get("next")))
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
    return redirect(_safe_next(request, data.get("next")))
