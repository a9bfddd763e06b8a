"""Sign-up with e-mail verification, and e-mail log-in, on top of Django's own auth views.

Django's login, logout, password change and password reset views are well kept and
already translated into Vietnamese; only sign-up and the verification link are ours.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core import signing
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from assessment.services import nfc

VERIFY_SALT = "portal.accounts.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 3600


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("dashboard:home")


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, asking for the e-mail address people signed up with."""

    username = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "The e-mail address or the password is not right. Check both and try again."
        ),
        "inactive": gettext_lazy(
            "This account is not active yet: open the link in the e-mail we sent when you "
            "signed up."
        ),
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("We send a link to this address to confirm it is yours."),
    )
    first_name = forms.CharField(label=gettext_lazy("Your name"), max_length=150, required=False)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("email", "first_name")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("username", None)
        self.fields.pop("usable_password", None)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this e-mail address already exists. Log in instead, "
                    "or reset the password."
                )
            )
        return email

    def clean_first_name(self) -> str:
        return nfc(self.cleaned_data.get("first_name", "")).strip()

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        user.username = user.email = self.cleaned_data["email"]
        user.is_active = False  # until the e-mail address is confirmed
        if commit:
            user.save()
        return user


def send_verification(request: HttpRequest, user, next_url: str) -> None:
    token = signing.dumps({"user": user.pk, "next": next_url}, salt=VERIFY_SALT)
    link = request.build_absolute_uri(reverse("account_verify", args=[token]))
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


class VietnameseFirstPasswordResetForm(PasswordResetForm):
    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="account/login.html", authentication_form=EmailAuthenticationForm
        ),
        name="account_login",
    ),
    path(
        "logout/",
        auth_views.LogoutView.as_view(template_name="account/logged_out.html"),
        name="account_logout",
    ),
    path("signup/", signup, name="account_signup"),
    path("verify/<str:token>/", verify, name="account_verify"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="account/password_change.html",
            success_url=reverse_lazy("account_password_change_done"),
        ),
        name="account_password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="account/password_change_done.html"
        ),
        name="account_password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="account/password_reset.html",
            email_template_name="account/email/password_reset.txt",
            subject_template_name="account/email/password_reset_subject.txt",
            form_class=VietnameseFirstPasswordResetForm,
            success_url=reverse_lazy("account_password_reset_done"),
        ),
        name="account_password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="account/password_reset_done.html"),
        name="account_password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="account/password_reset_confirm.html",
            success_url=reverse_lazy("account_password_reset_complete"),
        ),
        name="account_password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="account/password_reset_complete.html"
        ),
        name="account_password_reset_complete",
    ),
]
