"""Sign-up and the e-mail verification link; every other account page is Django's own.

Sign-up answers every address the same way and lets the e-mail say what happened, so
the form never reveals who has an account. An unconfirmed sign-up never holds an
address against its owner: signing up again (or resetting the password) replaces
its password, and every earlier link dies with it. A link opened in another browser
than the one that signed up asks for the password chosen at sign-up, so a link
mailed for someone else's sign-up cannot activate an account with their password.
"""

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
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cms.ratelimits import rate_limited
from cms.siteurl import absolute_url

from .forms import SignupForm, VerifyPasswordForm
from .tokens import is_unverified, verification_token

VERIFY_SALT = "portal.accounts.verify-email"
# The verification tokens this browser was given at sign-up.
SESSION_KEY = "portal.accounts.signup-tokens"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("dashboard:home")


def _mail(request: HttpRequest, user, subject: str, template: str, context: dict) -> None:
    send_mail(
        subject=subject,
        message=render_to_string(template, {"user": user, **context}, request=request),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def send_verification(request: HttpRequest, user, next_url: str) -> str:
    """Mail a fresh confirmation link to ``user`` and return its token."""
    token = signing.dumps(
        {"user": user.pk, "next": next_url, "check": verification_token.make_token(user)},
        salt=VERIFY_SALT,
    )
    link = absolute_url(reverse("account_verify", args=[token]))
    _mail(
        request,
        user,
        _("Confirm your e-mail address"),
        "account/email/verify.txt",
        {"link": link, "days": settings.ACCOUNT_VERIFY_MAX_AGE // 86400},
    )
    return token


def send_already_registered(request: HttpRequest, user) -> None:
    """Tell the owner of an existing account that someone tried to sign up with it."""
    _mail(
        request,
        user,
        _("You already have an account"),
        "account/email/already_registered.txt",
        {
            "login_link": absolute_url(reverse("account_login")),
            "reset_link": absolute_url(reverse("account_password_reset")),
        },
    )


@require_http_methods(["GET", "POST"])
@rate_limited("signup")
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated:
        return redirect(next_url)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        existing = get_user_model().objects.filter(username__iexact=email).first()
        if existing is None or is_unverified(existing):
            user = form.save(replacing=existing)
            token = send_verification(request, user, next_url)
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-4:], token]
        else:
            send_already_registered(request, existing)
        return render(request, "account/verification_sent.html", {"email": email})
    return render(
        request,
        "account/signup.html",
        {"form": form, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.ACCOUNT_VERIFY_MAX_AGE)
        user = get_user_model().objects.get(pk=data["user"])
    except (signing.BadSignature, get_user_model().DoesNotExist, KeyError, TypeError):
        return render(request, "account/verify_failed.html", status=400)
    next_url = _safe_next(request, data.get("next"))
    if not verification_token.check_token(user, str(data.get("check", ""))):
        if user.is_active and user.last_login is not None:
            messages.info(request, _("Your e-mail address was already confirmed. Please log in."))
            return redirect(reverse("account_login") + "?next=" + next_url)
        return render(request, "account/verify_failed.html", status=400)
    if token not in request.session.get(SESSION_KEY, []):
        # Another browser: only the person who chose the password may finish.
        form = VerifyPasswordForm(user, request.POST or None)
        if not (request.method == "POST" and form.is_valid()):
            status = 400 if request.method == "POST" else 200
            return render(request, "account/verify_password.html", {"form": form}, status=status)
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
    return redirect(next_url)
